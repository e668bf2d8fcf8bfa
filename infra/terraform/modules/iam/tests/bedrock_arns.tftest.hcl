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
  bedrock_models = [
    { id = "amazon.nova-micro-v1:0" },
    { id = "us.meta.llama3-3-70b-instruct-v1:0" },
    { id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0" },
    {
      id                   = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6"
      foundation_model_ids = ["anthropic.claude-haiku-4-5-20251001-v1:0"]
    },
  ]
  dynamodb_resource_arns = [
    "arn:aws:dynamodb:us-east-1:111122223333:table/bedrock-gateway-keys",
    "arn:aws:dynamodb:us-east-1:111122223333:table/bedrock-gateway-keys/index/keyId-index",
    "arn:aws:dynamodb:us-east-1:111122223333:table/bedrock-gateway-usage",
  ]
  log_group_arn = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/bedrock-gateway"
}

run "derives_bedrock_arns_for_base_geo_global_and_application_profile_ids" {
  command = plan

  assert {
    condition = output.bedrock_resource_arns == sort([
      "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
      "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.meta.llama3-3-70b-instruct-v1:0",
      "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-3-70b-instruct-v1:0",
      "arn:aws:bedrock:*::foundation-model/meta.llama3-3-70b-instruct-v1:0",
      "arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6",
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
      "arn:aws:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
    ])
    error_message = "The Bedrock resources differ from the expected set for a base id, a us. profile, a global. profile and an application profile."
  }

  assert {
    condition     = length(aws_iam_policy.this) == 1
    error_message = "Four models fit one Bedrock policy."
  }
}

run "rejects_a_wildcard_model_id" {
  command = plan

  variables {
    bedrock_models = [{ id = "*" }]
  }

  expect_failures = [var.bedrock_models]
}

run "rejects_an_application_profile_without_its_foundation_models" {
  command = plan

  variables {
    bedrock_models = [{ id = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6" }]
  }

  expect_failures = [var.bedrock_models]
}
