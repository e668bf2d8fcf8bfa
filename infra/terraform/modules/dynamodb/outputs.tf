output "keys_table_name" {
  description = "Name of the API keys table."
  value       = try(aws_dynamodb_table.keys.name, null)
}

output "keys_table_arn" {
  description = "ARN of the API keys table."
  value       = try(aws_dynamodb_table.keys.arn, null)
}

output "keys_table_key_id_index_name" {
  description = "Name of the keys table's global secondary index on keyId."
  value       = try(local.key_id_index_name, null)
}

output "keys_table_key_id_index_arn" {
  description = "ARN of the keys table's global secondary index on keyId, for IAM policies."
  value       = try("${aws_dynamodb_table.keys.arn}/index/${local.key_id_index_name}", null)
}

output "usage_table_name" {
  description = "Name of the usage table."
  value       = try(aws_dynamodb_table.usage.name, null)
}

output "usage_table_arn" {
  description = "ARN of the usage table."
  value       = try(aws_dynamodb_table.usage.arn, null)
}
