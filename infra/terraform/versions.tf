terraform {
  required_version = ">= 1.10"

  required_providers {
    # 6.28 or later: aws_api_gateway_integration.response_transfer_mode (hashicorp/terraform-provider-aws#45329)
    # and aws_lambda_function.response_streaming_invoke_arn (#45652).
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.28"
    }
    # Builds the deployment package: the esbuild bundle plus the rendered gateway.config.json.
    archive = {
      source  = "hashicorp/archive"
      version = ">= 2.7"
    }
  }
}
