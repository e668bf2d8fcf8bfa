locals {
  bedrock_region = coalesce(var.bedrock_region, var.region)

  # path.module, not path.root: the default must find the bundle at <repo>/dist/lambda both when
  # Terraform runs here and when this module is called from examples/complete.
  lambda_source_dir = coalesce(var.lambda_source_dir, "${path.module}/../../dist/lambda")

  # The gateway's built-in catalogue, as far as Terraform needs it: alias -> { id, family } of every model in
  # DEFAULT_MODELS that is not end-of-life. scripts/write-terraform-models.ts writes the file
  # (npm run terraform:models); test/infra/default-models.test.ts fails when it is out of date.
  built_in_models = { for alias, model in jsondecode(file("${path.module}/default-models.json")).models : alias => model if var.include_default_models }

  # Every model the gateway serves, by alias: the built-in catalogue with var.models over it.
  served_models = merge(
    { for alias, model in local.built_in_models : alias => { id = model.id, family = model.family, foundation_model_ids = [] } },
    { for alias, model in var.models : alias => { id = model.id, family = model.family, foundation_model_ids = model.foundation_model_ids } },
  )

  # The part of the gateway's config file that Terraform owns, with the gateway's camelCase keys
  # (src/config/config-schema.ts). Packaged as gateway.config.json beside the bundle (modules/lambda).
  # models holds only var.models: the gateway merges them over its own catalogue (includeDefaultModels), so
  # the catalogue is not copied here. foundation_model_ids is for IAM only and is not rendered.
  # dynamodb.region: the tables live in the deployment region, which may differ from the Bedrock region.
  # defaultModel is left out when null, so the gateway keeps its own default.
  gateway_config = merge({
    bedrock = {
      region = local.bedrock_region
    }
    dynamodb = {
      region = var.region
    }
    includeDefaultModels = var.include_default_models
    models = {
      for alias, model in var.models : alias => {
        id              = model.id
        family          = model.family
        api             = model.api
        maxOutputTokens = model.max_output_tokens
        contextWindow   = model.context_window
        price = {
          inputPerMTok  = model.price.input_per_mtok
          outputPerMTok = model.price.output_per_mtok
        }
        fallbacks = model.fallbacks
      }
    }
    tables = {
      keys  = module.dynamodb.keys_table_name
      usage = module.dynamodb.usage_table_name
    }
    logging = {
      level   = var.log_level
      prompts = var.log_prompts
    }
  }, { for key, value in { defaultModel = var.default_model, governance = var.guardrail == null ? null : { guardrail = var.guardrail } } : key => value if value != null })
}

module "dynamodb" {
  source = "./modules/dynamodb"

  keys_table_name             = "${var.name_prefix}-keys"
  usage_table_name            = "${var.name_prefix}-usage"
  kms_key_arn                 = var.kms_key_arn
  deletion_protection_enabled = var.dynamodb_deletion_protection
  tags                        = var.tags
}

module "iam" {
  source = "./modules/iam"

  role_name      = "${var.name_prefix}-lambda"
  bedrock_region = local.bedrock_region
  # One grant per id: a stable alias and its pinned version share one.
  bedrock_models = distinct([for alias, model in local.served_models : { id = model.id, foundation_model_ids = model.foundation_model_ids }])
  dynamodb_resource_arns = [
    module.dynamodb.keys_table_arn,
    module.dynamodb.keys_table_key_id_index_arn,
    module.dynamodb.usage_table_arn,
  ]
  log_group_arn = module.lambda.log_group_arn
  kms_key_arn   = var.kms_key_arn
  guardrail_ids = concat(var.guardrail == null ? [] : [var.guardrail.identifier], var.key_guardrail_ids)
  tags          = var.tags
}

module "lambda" {
  source = "./modules/lambda"

  function_name         = var.name_prefix
  role_arn              = module.iam.role_arn
  source_dir            = local.lambda_source_dir
  gateway_config_json   = jsonencode(local.gateway_config)
  keys_table_name       = module.dynamodb.keys_table_name
  usage_table_name      = module.dynamodb.usage_table_name
  service_name          = var.name_prefix
  metrics_namespace     = "BedrockGateway"
  memory_size           = var.lambda_memory_size
  timeout               = var.lambda_timeout
  reserved_concurrency  = var.lambda_reserved_concurrency
  log_level             = var.log_level
  log_retention_in_days = var.log_retention_in_days
  logs_kms_key_arn      = var.logs_kms_key_arn
  environment_variables = var.lambda_environment_variables
  tags                  = var.tags
}

module "api_gateway" {
  source = "./modules/api_gateway"

  name                                 = var.name_prefix
  stage_name                           = var.stage_name
  lambda_function_name                 = module.lambda.function_name
  lambda_response_streaming_invoke_arn = module.lambda.response_streaming_invoke_arn
  integration_timeout_ms               = var.integration_timeout_ms
  throttling_burst_limit               = var.throttling_burst_limit
  throttling_rate_limit                = var.throttling_rate_limit
  execution_logging_level              = var.execution_logging_level
  log_retention_in_days                = var.log_retention_in_days
  logs_kms_key_arn                     = var.logs_kms_key_arn
  manage_account_cloudwatch_role       = var.manage_api_gateway_account
  waf_web_acl_arn                      = var.waf_web_acl_arn
  custom_domain                        = var.custom_domain
  tags                                 = var.tags
}

# CloudWatch dashboard and alarms (5xx rate, Bedrock throttles, p99 latency, Lambda errors). service_name and
# metrics_namespace must equal what module "lambda" sets as POWERTOOLS_SERVICE_NAME and
# POWERTOOLS_METRICS_NAMESPACE: every query filters on them. api_name is the REST API's name (module
# "api_gateway" name), the ApiName dimension of its metrics.
module "observability" {
  source = "./modules/observability"

  name                           = var.name_prefix
  region                         = var.region
  service_name                   = var.name_prefix
  metrics_namespace              = "BedrockGateway"
  function_name                  = module.lambda.function_name
  api_name                       = var.name_prefix
  stage_name                     = module.api_gateway.stage_name
  create_dashboard               = var.create_dashboard
  create_alarms                  = var.create_alarms
  five_xx_rate_threshold_percent = var.alarm_thresholds.five_xx_rate_percent
  five_xx_min_requests           = var.alarm_thresholds.five_xx_min_requests
  throttles_threshold            = var.alarm_thresholds.throttles
  p99_latency_threshold_ms       = var.alarm_thresholds.p99_latency_ms
  lambda_errors_threshold        = var.alarm_thresholds.lambda_errors
  alarm_period                   = var.alarm_period
  alarm_evaluation_periods       = var.alarm_evaluation_periods
  alarm_datapoints_to_alarm      = var.alarm_datapoints_to_alarm
  create_sns_topic               = var.alarm_sns_topic_arn == null
  alarm_sns_topic_arn            = var.alarm_sns_topic_arn
  alarm_email                    = var.alarm_email
  sns_kms_master_key_id          = var.alarm_topic_kms_key_id
  tags                           = var.tags
}
