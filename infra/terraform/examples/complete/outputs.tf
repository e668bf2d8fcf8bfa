output "api_endpoint" {
  description = "Base URL of the example's API."
  value       = try(module.gateway.api_endpoint, null)
}

output "keys_table_name" {
  description = "API keys table, for `bedrock-gateway keys create`."
  value       = try(module.gateway.keys_table_name, null)
}

output "bedrock_resource_arns" {
  description = "What the example's role may invoke: the built-in models, a us. profile, a global. profile and an application profile (with their foundation models, only through them)."
  value       = try(module.gateway.bedrock_resource_arns, [])
}

output "dashboard_url" {
  description = "Console URL of the example's CloudWatch dashboard."
  value       = try(module.gateway.dashboard_url, null)
}

output "alarm_topic_arn" {
  description = "SNS topic of the example's alarms; subscribe to it for ALARM and OK notifications."
  value       = try(module.gateway.alarm_topic_arn, null)
}

output "inference_profile_arn" {
  description = "ARN of the example's application inference profile (haiku-4-5-tracked)."
  value       = try(aws_bedrock_inference_profile.this.arn, null)
}
