output "api_endpoint" {
  description = "Base URL of the example's API."
  value       = try(module.gateway.api_endpoint, null)
}

output "keys_table_name" {
  description = "API keys table, for `bedrock-gateway keys create`."
  value       = try(module.gateway.keys_table_name, null)
}

output "bedrock_resource_arns" {
  description = "What the example's role may invoke: one base model, one us. profile and one global. profile (with their foundation models)."
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
