output "dashboard_name" {
  description = "Name of the CloudWatch dashboard; null when create_dashboard is false."
  value       = try(aws_cloudwatch_dashboard.this[0].dashboard_name, null)
}

output "dashboard_arn" {
  description = "ARN of the CloudWatch dashboard; null when create_dashboard is false."
  value       = try(aws_cloudwatch_dashboard.this[0].dashboard_arn, null)
}

output "dashboard_url" {
  description = "Console URL of the dashboard; null when create_dashboard is false."
  value       = try("https://${var.region}.console.aws.amazon.com/cloudwatch/home?region=${var.region}#dashboards:name=${aws_cloudwatch_dashboard.this[0].dashboard_name}", null)
}

output "alarm_arns" {
  description = "ARNs of the alarms by purpose (five_xx_rate, throttles, p99_latency, lambda_errors); empty when create_alarms is false."
  value = try({
    five_xx_rate  = aws_cloudwatch_metric_alarm.five_xx_rate[0].arn
    throttles     = aws_cloudwatch_metric_alarm.throttles[0].arn
    p99_latency   = aws_cloudwatch_metric_alarm.p99_latency[0].arn
    lambda_errors = aws_cloudwatch_metric_alarm.lambda_errors[0].arn
  }, {})
}

output "sns_topic_arn" {
  description = "ARN of the topic the alarms notify: the created one, else alarm_sns_topic_arn, else null."
  value       = try(local.alarm_topic_arn, null)
}
