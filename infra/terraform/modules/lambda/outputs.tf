output "function_name" {
  description = "Name of the Lambda function."
  value       = try(aws_lambda_function.this.function_name, null)
}

output "function_arn" {
  description = "ARN of the Lambda function."
  value       = try(aws_lambda_function.this.arn, null)
}

output "response_streaming_invoke_arn" {
  description = "Invoke ARN for InvokeWithResponseStream (.../2021-11-15/functions/<arn>/response-streaming-invocations), the URI of a STREAM integration."
  value       = try(aws_lambda_function.this.response_streaming_invoke_arn, null)
}

output "log_group_name" {
  description = "Name of the function's log group."
  value       = try(aws_cloudwatch_log_group.this.name, null)
}

output "log_group_arn" {
  description = "ARN of the function's log group."
  value       = try(aws_cloudwatch_log_group.this.arn, null)
}

output "package_path" {
  description = "Path of the zip Terraform built from the bundle and the rendered config."
  value       = try(data.archive_file.this.output_path, null)
}

output "package_base64sha256" {
  description = "Base64 SHA-256 of the deployment package; changes whenever the bundle or the config changes."
  value       = try(data.archive_file.this.output_base64sha256, null)
}
