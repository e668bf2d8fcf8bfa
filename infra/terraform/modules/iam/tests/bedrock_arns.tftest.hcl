# Run with: terraform -chdir=infra/terraform/modules/iam init -backend=false && terraform -chdir=infra/terraform/modules/iam test
# The same cases run offline in test/infra/iam-policy.test.ts, which evaluates this module's locals.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111122223333"
    }
  }

  mock_data "aws_region" {
    defaults = {
      region = "us-east-1"
    }
  }
}

variables {
  role_name      = "bedrock-gateway-lambda"
  bedrock_region = "us-east-1"
  bedrock_model_ids = [
    "anthropic.claude-3-haiku-20240307-v1:0",
    "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
    "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
  ]
  dynamodb_resource_arns = [
    "arn:aws:dynamodb:us-east-1:111122223333:table/bedrock-gateway-keys",
    "arn:aws:dynamodb:us-east-1:111122223333:table/bedrock-gateway-keys/index/keyId-index",
    "arn:aws:dynamodb:us-east-1:111122223333:table/bedrock-gateway-usage",
  ]
  log_group_arn = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/bedrock-gateway"
}

run "derives_bedrock_arns_for_base_geo_and_global_ids" {
  command = plan

  assert {
    condition = output.bedrock_resource_arns == sort([
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
      "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0",
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
      "arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
    ])
    error_message = "The Bedrock resources differ from the expected set for a base id, a us. profile and a global. profile."
  }
}

run "rejects_a_wildcard_model_id" {
  command = plan

  variables {
    bedrock_model_ids = ["*"]
  }

  expect_failures = [var.bedrock_model_ids]
}
