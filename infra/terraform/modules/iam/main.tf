data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  # A cross-region inference profile id is "<geo>.<base model id>", for example
  # "us.anthropic.claude-3-5-sonnet-20240620-v1:0" or "global.anthropic.claude-sonnet-4-5-20250929-v1:0".
  # Capture 1 is the geo prefix, capture 2 the base model id. Any other id is a base model id.
  inference_profile_pattern = "^(us|us-gov|eu|apac|jp|au|ca|global)\\.(.+)$"

  bedrock_models = {
    for id in distinct(var.bedrock_model_ids) : id => {
      geo     = try(regex(local.inference_profile_pattern, id)[0], null)
      base_id = try(regex(local.inference_profile_pattern, id)[1], id)
    }
  }

  # Base model id: the foundation model in the Bedrock region, and nothing else.
  foundation_model_arns = [
    for id, model in local.bedrock_models : "arn:${local.partition}:bedrock:${var.bedrock_region}::foundation-model/${id}"
    if model.geo == null
  ]

  # Inference profile id (geo or global): the profile itself, in the region the gateway calls...
  inference_profile_arns = [
    for id, model in local.bedrock_models : "arn:${local.partition}:bedrock:${var.bedrock_region}:${local.account_id}:inference-profile/${id}"
    if model.geo != null
  ]

  # ...plus the base foundation model in every destination region the profile may route to.
  profile_destination_arns = [
    for id, model in local.bedrock_models : "arn:${local.partition}:bedrock:*::foundation-model/${model.base_id}"
    if model.geo != null
  ]

  # A global profile may also route to the foundation model ARN that has no region.
  global_profile_arns = [
    for id, model in local.bedrock_models : "arn:${local.partition}:bedrock:::foundation-model/${model.base_id}"
    if model.geo == "global"
  ]

  bedrock_resource_arns = sort(distinct(concat(
    local.foundation_model_arns,
    local.inference_profile_arns,
    local.profile_destination_arns,
    local.global_profile_arns,
  )))
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "LambdaAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "permissions" {
  # Converse and InvokeModel need bedrock:InvokeModel; ConverseStream and
  # InvokeModelWithResponseStream need bedrock:InvokeModelWithResponseStream.
  statement {
    sid = "InvokeConfiguredModels"
    actions = [
      "bedrock:InvokeModel",
      "bedrock:InvokeModelWithResponseStream",
    ]
    resources = local.bedrock_resource_arns
  }

  # Key lookups, the conditional reserve/settle updates and usage queries, on the gateway's tables only.
  statement {
    sid = "UseGatewayTables"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:TransactWriteItems",
      "dynamodb:UpdateItem",
    ]
    resources = var.dynamodb_resource_arns
  }

  # The log group exists already (Terraform creates it), so no logs:CreateLogGroup.
  statement {
    sid = "WriteOwnLogs"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${var.log_group_arn}:*"]
  }

  # X-Ray's write actions support no resource-level permissions, so "*" is the only possible resource.
  statement {
    sid = "WriteTraces"
    actions = [
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]

    content {
      sid = "UseTableKey"
      actions = [
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:GenerateDataKey",
      ]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["dynamodb.${data.aws_region.current.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.role_name
  description        = "Execution role of the bedrock-gateway Lambda function."
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.role_name}-permissions"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.permissions.json
}
