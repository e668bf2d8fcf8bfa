output "role_arn" {
  description = "ARN of the Lambda execution role."
  value       = try(aws_iam_role.this.arn, null)
}

output "role_name" {
  description = "Name of the Lambda execution role."
  value       = try(aws_iam_role.this.name, null)
}

output "bedrock_resource_arns" {
  description = "The Bedrock resources the role may invoke, derived from bedrock_model_ids. Review this list when adding models."
  value       = try(local.bedrock_resource_arns, [])
}
