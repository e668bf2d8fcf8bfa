output "role_arn" {
  description = "ARN of the role."
  value       = try(aws_iam_role.this.arn, null)
}

output "role_name" {
  description = "Name of the role."
  value       = try(aws_iam_role.this.name, null)
}

output "bedrock_resource_arns" {
  description = "Every Bedrock resource the role's policies name, derived from bedrock_models (some only through an inference profile: see the policies' conditions). Review this list when adding models."
  value       = try(local.bedrock_resource_arns, [])
}

output "bedrock_policy_arns" {
  description = "ARNs of the managed policies that hold the Bedrock grants, by part number (\"1\", \"2\", ...)."
  value       = try({ for part, policy in aws_iam_policy.this : part => policy.arn }, {})
}
