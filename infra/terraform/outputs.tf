output "api_endpoint" {
  description = "Base URL of the API: the custom domain if configured, else the stage's execute-api URL. Call $api_endpoint/v1/generate."
  value       = try(module.api_gateway.api_endpoint, null)
}

output "invoke_url" {
  description = "The stage's execute-api URL (also valid when a custom domain is configured)."
  value       = try(module.api_gateway.invoke_url, null)
}

output "rest_api_id" {
  description = "ID of the REST API."
  value       = try(module.api_gateway.rest_api_id, null)
}

output "stage_name" {
  description = "Name of the API Gateway stage."
  value       = try(module.api_gateway.stage_name, null)
}

output "function_name" {
  description = "Name of the Lambda function."
  value       = try(module.lambda.function_name, null)
}

output "function_arn" {
  description = "ARN of the Lambda function."
  value       = try(module.lambda.function_arn, null)
}

output "lambda_role_arn" {
  description = "ARN of the function's execution role."
  value       = try(module.iam.role_arn, null)
}

output "bedrock_resource_arns" {
  description = "Every Bedrock resource the function's role names (foundation models behind a profile only through it)."
  value       = try(module.iam.bedrock_resource_arns, [])
}

output "keys_table_name" {
  description = "Name of the API keys table; the CLI needs it as GATEWAY_KEYS_TABLE."
  value       = try(module.dynamodb.keys_table_name, null)
}

output "usage_table_name" {
  description = "Name of the usage table (GATEWAY_USAGE_TABLE)."
  value       = try(module.dynamodb.usage_table_name, null)
}

output "lambda_log_group_name" {
  description = "Log group of the function (one JSON line per request)."
  value       = try(module.lambda.log_group_name, null)
}

output "access_log_group_name" {
  description = "Log group of the API Gateway access logs."
  value       = try(module.api_gateway.access_log_group_name, null)
}

output "execution_log_group_name" {
  description = "Log group of the API Gateway execution logs; null when execution_logging_level is OFF."
  value       = try(module.api_gateway.execution_log_group_name, null)
}

output "custom_domain_regional_domain_name" {
  description = "DNS target for the custom domain (alias or CNAME); null without a custom domain."
  value       = try(module.api_gateway.custom_domain_regional_domain_name, null)
}

output "custom_domain_regional_zone_id" {
  description = "Hosted zone ID for a Route 53 alias record to the custom domain; null without a custom domain."
  value       = try(module.api_gateway.custom_domain_regional_zone_id, null)
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard; null when create_dashboard is false."
  value       = try(module.observability.dashboard_name, null)
}

output "dashboard_url" {
  description = "Console URL of the CloudWatch dashboard; null when create_dashboard is false."
  value       = try(module.observability.dashboard_url, null)
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify (created, or alarm_sns_topic_arn). Subscribe to it for ALARM and OK notifications."
  value       = try(module.observability.sns_topic_arn, null)
}

output "alarm_arns" {
  description = "ARNs of the alarms: five_xx_rate, throttles, p99_latency, lambda_errors."
  value       = try(module.observability.alarm_arns, {})
}
