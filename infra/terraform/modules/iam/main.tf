data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  # A system (cross-region) inference profile id is "<geo>.<base model id>", for example
  # "us.anthropic.claude-sonnet-4-5-20250929-v1:0" or "global.amazon.nova-2-lite-v1:0"; it may also be given as
  # its ARN. Capture 1 is the geo prefix, capture 2 the base model id.
  profile_id_pattern = "^(us|us-gov|eu|apac|jp|au|ca|global)\\.(.+)$"
  # Capture 1 is the profile id. (API_CreateInferenceProfile.html, inferenceProfileArn pattern.)
  profile_arn_pattern     = "^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:inference-profile/(.+)$"
  application_arn_pattern = "^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:application-inference-profile/.+$"

  invoke_actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]

  # What each model id needs, as AWS documents it (README.md, "How model ids become IAM statements"):
  #   base model id        the foundation model in the Bedrock region, called directly (no condition);
  #   geo profile (us. ...) the profile in the Bedrock region, and the foundation model in any destination
  #                         region only through that profile (bedrock:InferenceProfileArn);
  #   global. profile       the profile, and through it the foundation model in the Bedrock region and the
  #                         region-less foundation model (aws:RequestedRegion = "unspecified");
  #   application profile   the profile ARN, and through it its foundation_model_ids, in any region and
  #                         region-less (it may copy a geo or a global profile; Terraform cannot tell which).
  # CountTokens takes a foundation model only (Service Authorization Reference), and the gateway counts with
  # the base id of a model or system-profile id in the Bedrock region: those ARNs get it without a condition.
  bedrock_targets = [
    for model in var.bedrock_models : {
      application = can(regex(local.application_arn_pattern, model.id))
      # For a profile: its ARN (as given, or built in the Bedrock region and the caller's account).
      profile_arn = can(regex(local.application_arn_pattern, model.id)) || can(regex(local.profile_arn_pattern, model.id)) ? model.id : (
        can(regex(local.profile_id_pattern, model.id)) ? "arn:${local.partition}:bedrock:${var.bedrock_region}:${local.account_id}:inference-profile/${model.id}" : null
      )
      geo                  = try(regex(local.profile_id_pattern, try(regex(local.profile_arn_pattern, model.id)[0], model.id))[0], null)
      base_id              = try(regex(local.profile_id_pattern, try(regex(local.profile_arn_pattern, model.id)[0], model.id))[1], model.id)
      countable            = !startswith(model.id, "arn:")
      foundation_model_ids = model.foundation_model_ids
    }
  ]

  bedrock_grants = [
    for target in local.bedrock_targets : {
      foundation_models = target.profile_arn == null ? ["arn:${local.partition}:bedrock:${var.bedrock_region}::foundation-model/${target.base_id}"] : []
      profiles          = target.profile_arn == null ? [] : [target.profile_arn]
      counted_models    = target.profile_arn != null && target.countable ? ["arn:${local.partition}:bedrock:${var.bedrock_region}::foundation-model/${target.base_id}"] : []
      destination_models = target.application ? [for id in target.foundation_model_ids : "arn:${local.partition}:bedrock:*::foundation-model/${id}"] : (
        target.geo != null && target.geo != "global" ? ["arn:${local.partition}:bedrock:*::foundation-model/${target.base_id}"] : []
      )
      source_region_models = target.geo == "global" ? ["arn:${local.partition}:bedrock:${var.bedrock_region}::foundation-model/${target.base_id}"] : []
      regionless_models = target.application ? [for id in target.foundation_model_ids : "arn:${local.partition}:bedrock:::foundation-model/${id}"] : (
        target.geo == "global" ? ["arn:${local.partition}:bedrock:::foundation-model/${target.base_id}"] : []
      )
    }
  ]

  # IAM allows 10,240 characters of inline policy per role and 6,144 per managed policy, whitespace not counted
  # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). A profile costs several long
  # ARNs, so a catalogue of today's size does not fit one document: the Bedrock grants go into managed
  # policies of at most models_per_policy models each. Six global. profiles, or six application profiles with
  # two foundation_model_ids, with 64-character ids in the longest partition and region stay under 6,144
  # (test/infra/iam-policy.test.ts measures both). Chunking by count, not by length, keeps the policies' keys
  # known at plan time even when an id is not (an ARN computed in the same configuration).
  models_per_policy = 6
  # Policies are chunked by position in bedrock_grants (a list of numbers chunks without type conversions).
  bedrock_policies = {
    for index, members in chunklist(range(length(local.bedrock_grants)), local.models_per_policy) : tostring(index + 1) => {
      foundation_models    = sort(distinct(flatten([for member in members : local.bedrock_grants[member].foundation_models])))
      profiles             = sort(distinct(flatten([for member in members : local.bedrock_grants[member].profiles])))
      counted_models       = sort(distinct(flatten([for member in members : local.bedrock_grants[member].counted_models])))
      destination_models   = sort(distinct(flatten([for member in members : local.bedrock_grants[member].destination_models])))
      destination_profiles = sort(distinct(flatten([for member in members : local.bedrock_grants[member].profiles if length(local.bedrock_grants[member].destination_models) > 0])))
      source_region_models = sort(distinct(flatten([for member in members : local.bedrock_grants[member].source_region_models])))
      global_profiles      = sort(distinct(flatten([for member in members : local.bedrock_grants[member].profiles if length(local.bedrock_grants[member].source_region_models) > 0])))
      regionless_models    = sort(distinct(flatten([for member in members : local.bedrock_grants[member].regionless_models])))
      regionless_profiles  = sort(distinct(flatten([for member in members : local.bedrock_grants[member].profiles if length(local.bedrock_grants[member].regionless_models) > 0])))
    }
  }

  bedrock_resource_arns = sort(distinct(flatten([
    for grant in local.bedrock_grants : concat(
      grant.foundation_models,
      grant.profiles,
      grant.counted_models,
      grant.destination_models,
      grant.source_region_models,
      grant.regionless_models,
    )
  ])))
}

# Who runs the gateway with this role: Lambda for the function, ECS tasks (ecs-tasks.amazonaws.com) for the
# container target. Both get the same Bedrock, DynamoDB and guardrail statements below.
data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "ServicesAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = var.trusted_services
    }
  }
}

data "aws_iam_policy_document" "permissions" {
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

  # The log group exists already (Terraform creates it), so no logs:CreateLogGroup. A Lambda function writes
  # its own logs; an ECS task's logs go through the task execution role (awslogs driver), so no log group.
  dynamic "statement" {
    for_each = var.log_group_arn == null ? [] : [var.log_group_arn]

    content {
      sid = "WriteOwnLogs"
      actions = [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ]
      resources = ["${statement.value}:*"]
    }
  }

  # X-Ray's write actions support no resource-level permissions, so "*" is the only possible resource.
  dynamic "statement" {
    for_each = var.enable_tracing ? ["traces"] : []

    content {
      sid = "WriteTraces"
      actions = [
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
      ]
      resources = ["*"]
    }
  }

  # A call with a guardrail needs bedrock:ApplyGuardrail on that guardrail (Bedrock Guardrails' IAM prerequisites).
  dynamic "statement" {
    for_each = length(var.guardrail_ids) == 0 ? [] : [sort(distinct([
      for id in var.guardrail_ids : startswith(id, "arn:") ? id : "arn:${local.partition}:bedrock:${var.bedrock_region}:${local.account_id}:guardrail/${id}"
    ]))]

    content {
      sid       = "ApplyGatewayGuardrails"
      actions   = ["bedrock:ApplyGuardrail"]
      resources = statement.value
    }
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

# The Bedrock grants, in managed policies of at most local.models_per_policy models (see locals). Converse and
# InvokeModel need bedrock:InvokeModel; ConverseStream and InvokeModelWithResponseStream need
# bedrock:InvokeModelWithResponseStream. No statement has a wildcard action or model.
data "aws_iam_policy_document" "bedrock" {
  for_each = local.bedrock_policies

  # Base model ids: called directly in the Bedrock region, and counted there (CountTokens).
  dynamic "statement" {
    for_each = length(each.value.foundation_models) > 0 ? [each.value] : []

    content {
      sid       = "InvokeFoundationModels"
      actions   = concat(local.invoke_actions, ["bedrock:CountTokens"])
      resources = statement.value.foundation_models
    }
  }

  # The inference profiles themselves. No bedrock:InferenceProfileArn condition here: Bedrock sets that key only
  # when it authorizes the foundation models behind a profile, not the profile (global-cross-region-inference.html).
  dynamic "statement" {
    for_each = length(each.value.profiles) > 0 ? [each.value] : []

    content {
      sid       = "InvokeInferenceProfiles"
      actions   = local.invoke_actions
      resources = statement.value.profiles
    }
  }

  # The gateway counts a profile's prompt with the base model id, directly: CountTokens only.
  dynamic "statement" {
    for_each = length(each.value.counted_models) > 0 ? [each.value] : []

    content {
      sid       = "CountProfileModelTokens"
      actions   = ["bedrock:CountTokens"]
      resources = statement.value.counted_models
    }
  }

  # Geo and application profiles: the foundation model in every destination region, only through the profiles
  # of this policy (geographic-cross-region-inference.html, inference-profiles-prereq.html). A system profile
  # routes to its own model only, so listing the profiles together grants no other pairing.
  dynamic "statement" {
    for_each = length(each.value.destination_models) > 0 ? [each.value] : []

    content {
      sid       = "InvokeModelsThroughProfiles"
      actions   = local.invoke_actions
      resources = statement.value.destination_models

      condition {
        test     = "StringEquals"
        variable = "bedrock:InferenceProfileArn"
        values   = statement.value.destination_profiles
      }
    }
  }

  # global. profiles: the foundation model in the source (Bedrock) region, through the profile.
  dynamic "statement" {
    for_each = length(each.value.source_region_models) > 0 ? [each.value] : []

    content {
      sid       = "InvokeSourceRegionModelsThroughGlobalProfiles"
      actions   = local.invoke_actions
      resources = statement.value.source_region_models

      condition {
        test     = "StringEquals"
        variable = "aws:RequestedRegion"
        values   = [var.bedrock_region]
      }

      condition {
        test     = "StringEquals"
        variable = "bedrock:InferenceProfileArn"
        values   = statement.value.global_profiles
      }
    }
  }

  # global. (and application) profiles: the region-less foundation model ARN, which Bedrock authorizes with
  # aws:RequestedRegion = "unspecified" when it routes a request to another commercial region.
  dynamic "statement" {
    for_each = length(each.value.regionless_models) > 0 ? [each.value] : []

    content {
      sid       = "InvokeRegionlessModelsThroughProfiles"
      actions   = local.invoke_actions
      resources = statement.value.regionless_models

      condition {
        test     = "StringEquals"
        variable = "aws:RequestedRegion"
        values   = ["unspecified"]
      }

      condition {
        test     = "StringEquals"
        variable = "bedrock:InferenceProfileArn"
        values   = statement.value.regionless_profiles
      }
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.role_name
  description        = var.role_description
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.role_name}-permissions"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.permissions.json

  # Attach the Bedrock policies first: a role whose inline policy still held the Bedrock grants keeps Bedrock
  # access while the apply moves them into the managed policies.
  depends_on = [aws_iam_role_policy_attachment.this]
}

# The managed policies holding the Bedrock grants, one per part of data.aws_iam_policy_document.bedrock. The
# description stays fixed per part: IAM cannot change a policy's description, so a changing one would replace it.
resource "aws_iam_policy" "this" {
  for_each = data.aws_iam_policy_document.bedrock

  name        = "${var.role_name}-bedrock-${each.key}"
  description = "Bedrock models the ${var.workload} may invoke (part ${each.key})."
  policy      = data.aws_iam_policy_document.bedrock[each.key].json
  tags        = var.tags

  lifecycle {
    # IAM counts a managed policy without whitespace, up to 6,144 characters.
    precondition {
      condition     = length(replace(data.aws_iam_policy_document.bedrock[each.key].json, "/\\s/", "")) <= 6144
      error_message = "Bedrock policy ${each.key} exceeds IAM's 6,144 characters; an application profile with many foundation_model_ids or very long model ids can do this."
    }
  }
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = aws_iam_policy.this

  role       = aws_iam_role.this.name
  policy_arn = aws_iam_policy.this[each.key].arn
}
