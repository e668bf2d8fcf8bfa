output "api_endpoint" {
  description = "Base URL of the API: the load balancer's DNS name, over HTTPS when certificate_arn is set (point a DNS name covered by the certificate at alb_dns_name), else HTTP. Call $api_endpoint/v1/generate."
  value       = try("${local.https ? "https" : "http"}://${module.alb.dns_name}", null)
}

output "alb_dns_name" {
  description = "DNS name of the load balancer, for a CNAME or a Route 53 alias (with alb_zone_id)."
  value       = try(module.alb.dns_name, null)
}

output "alb_zone_id" {
  description = "Hosted zone ID of the load balancer, for a Route 53 alias record."
  value       = try(module.alb.zone_id, null)
}

output "alb_logs_bucket" {
  description = "S3 bucket of the load balancer's access logs (prefix alb/)."
  value       = try(module.alb_logs.s3_bucket_id, null)
}

output "ecr_repository_url" {
  description = "URL of the ECR repository app-ci.yml pushes to (ECR_REPOSITORY is its name)."
  value       = try(module.ecr.repository_url, null)
}

output "ecr_repository_name" {
  description = "Name of the ECR repository: the ECR_REPOSITORY variable of the app workflows."
  value       = try(module.ecr.repository_name, null)
}

output "cluster_name" {
  description = "Name of the ECS cluster: the ECS_CLUSTER variable of app-cd.yml."
  value       = try(module.ecs_cluster.name, null)
}

output "service_name" {
  description = "Name of the ECS service: the ECS_SERVICE variable of app-cd.yml."
  value       = try(module.ecs_service.name, null)
}

output "task_definition_family" {
  description = "Family of the service's task definition; app-cd.yml registers new revisions of it."
  value       = try(module.ecs_service.task_definition_family, null)
}

output "container_name" {
  description = "Name of the gateway's container in the task definition: the ECS_CONTAINER variable of app-cd.yml."
  value       = try(local.container_name, null)
}

output "task_role_arn" {
  description = "ARN of the task role (modules/iam): Bedrock on the served models, the tables, the guardrails."
  value       = try(module.iam.role_arn, null)
}

output "task_execution_role_arn" {
  description = "ARN of the task execution role: ECR pull, the container's logs, the config parameter."
  value       = try(module.ecs_service.task_exec_iam_role_arn, null)
}

output "bedrock_resource_arns" {
  description = "Every Bedrock resource the task role names (foundation models behind a profile only through it)."
  value       = try(module.iam.bedrock_resource_arns, [])
}

output "config_parameter_name" {
  description = "SSM parameter holding the gateway's config document (GATEWAY_CONFIG_JSON of the container)."
  value       = try(aws_ssm_parameter.this.name, null)
}

output "keys_table_name" {
  description = "Name of the API keys table; the CLI needs it as GATEWAY_KEYS_TABLE."
  value       = try(module.dynamodb.keys_table_name, null)
}

output "usage_table_name" {
  description = "Name of the usage table (GATEWAY_USAGE_TABLE)."
  value       = try(module.dynamodb.usage_table_name, null)
}

output "vpc_id" {
  description = "ID of the VPC the service runs in."
  value       = try(module.vpc.vpc_id, null)
}
