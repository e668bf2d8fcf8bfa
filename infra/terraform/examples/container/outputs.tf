output "api_endpoint" {
  description = "Base URL of the example's API (plain HTTP)."
  value       = try(module.gateway.api_endpoint, null)
}

output "ecr_repository_url" {
  description = "Repository to push the image to."
  value       = try(module.gateway.ecr_repository_url, null)
}

output "cluster_name" {
  description = "ECS cluster of the example."
  value       = try(module.gateway.cluster_name, null)
}

output "service_name" {
  description = "ECS service of the example."
  value       = try(module.gateway.service_name, null)
}

output "keys_table_name" {
  description = "API keys table, for `bedrock-gateway keys create`."
  value       = try(module.gateway.keys_table_name, null)
}
