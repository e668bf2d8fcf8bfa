output "rest_api_id" {
  description = "ID of the REST API."
  value       = try(aws_api_gateway_rest_api.this.id, null)
}

output "rest_api_execution_arn" {
  description = "Execution ARN of the REST API (arn:aws:execute-api:<region>:<account>:<id>)."
  value       = try(aws_api_gateway_rest_api.this.execution_arn, null)
}

output "stage_name" {
  description = "Name of the stage."
  value       = try(aws_api_gateway_stage.this.stage_name, null)
}

output "stage_arn" {
  description = "ARN of the stage."
  value       = try(aws_api_gateway_stage.this.arn, null)
}

output "invoke_url" {
  description = "The stage's execute-api URL."
  value       = try(aws_api_gateway_stage.this.invoke_url, null)
}

output "api_endpoint" {
  description = "Base URL clients call: the custom domain when one is configured, otherwise the stage's invoke URL."
  value       = try(coalesce(local.custom_domain_url, aws_api_gateway_stage.this.invoke_url), null)
}

output "access_log_group_name" {
  description = "Name of the access log group."
  value       = try(aws_cloudwatch_log_group.access.name, null)
}

output "execution_log_group_name" {
  description = "Name of the execution log group, or null when execution logging is OFF."
  value       = try(aws_cloudwatch_log_group.execution[0].name, null)
}

output "custom_domain_regional_domain_name" {
  description = "Target of the DNS alias (or CNAME) record for the custom domain; null without one."
  value       = try(aws_api_gateway_domain_name.this[0].regional_domain_name, null)
}

output "custom_domain_regional_zone_id" {
  description = "Hosted zone ID for a Route 53 alias record to the custom domain; null without one."
  value       = try(aws_api_gateway_domain_name.this[0].regional_zone_id, null)
}
