variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name: the function, the REST API, the <prefix>-keys and <prefix>-usage tables, the roles. Also the Powertools service name."
  type        = string
  default     = "bedrock-gateway"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 characters of lower-case letters, digits and '-', starting with a letter and not ending with '-'."
  }
}

variable "tags" {
  description = "Tags for every resource (applied as provider default_tags and passed to each module)."
  type        = map(string)
  default     = {}
}

variable "models" {
  description = "Extra or overriding models, by alias, over the gateway's built-in catalogue (DEFAULT_MODELS, unless include_default_models = false). An alias of the catalogue replaces that model; a new alias adds one. Attribute names are snake_case here and rendered as the gateway's camelCase config (max_output_tokens -> maxOutputTokens, price.input_per_mtok -> price.inputPerMTok). id is a Bedrock model id, a system inference-profile id (us., eu., apac., jp., au., us-gov., global., ...) or ARN, or an application-inference-profile ARN; an application profile must list the base model ids it routes to in foundation_model_ids, which only IAM uses. Prices are USD per million tokens."
  type = map(object({
    id                = string
    family            = string
    api               = optional(string, "converse")
    max_output_tokens = number
    context_window    = number
    price = object({
      input_per_mtok  = number
      output_per_mtok = number
    })
    fallbacks            = optional(list(string), [])
    foundation_model_ids = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for alias in keys(var.models) : can(regex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$", alias))])
    error_message = "Each alias in models must be 1-64 characters of letters, digits and . _ : - starting with a letter or digit."
  }

  validation {
    condition = alltrue([for model in values(var.models) : anytrue([
      can(regex("^[a-z][a-z0-9-]*\\.[A-Za-z0-9._:-]+$", model.id)),
      can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:inference-profile/[a-z][a-z0-9-]*\\.[A-Za-z0-9._:-]+$", model.id)),
      can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:application-inference-profile/[A-Za-z0-9.:-]{1,64}$", model.id)),
    ])])
    error_message = "Each model id must be a Bedrock model id such as amazon.nova-lite-v1:0, an inference-profile id such as global.anthropic.claude-sonnet-4-5-20250929-v1:0 or its ARN, or an application-inference-profile ARN such as arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6; wildcards are not allowed."
  }

  validation {
    condition = alltrue([for model in values(var.models) :
      can(regex(":application-inference-profile/", model.id)) ? length(model.foundation_model_ids) > 0 && length(model.foundation_model_ids) <= 2 : length(model.foundation_model_ids) == 0
    ])
    error_message = "A model whose id is an application-inference-profile ARN needs foundation_model_ids: the base model id it routes to (an application profile is made from one model; at most 2 ids), which IAM allows only through that profile. Other ids must not set foundation_model_ids."
  }

  validation {
    condition = alltrue(flatten([for model in values(var.models) : [
      for id in model.foundation_model_ids : can(regex("^[a-z][a-z0-9-]*\\.[A-Za-z0-9._:-]+$", id)) && !can(regex("^(us|us-gov|eu|apac|jp|au|ca|global)\\.", id))
    ]]))
    error_message = "Each of foundation_model_ids must be a base model id such as anthropic.claude-sonnet-4-5-20250929-v1:0, without a profile prefix or wildcards."
  }

  validation {
    condition     = alltrue([for model in values(var.models) : contains(["anthropic", "titan-text", "llama3", "mistral", "nova", "cohere-command-r", "openai", "deepseek", "mistral-chat", "titan-embed", "cohere-embed"], model.family)])
    error_message = "Each model family must be one of anthropic, titan-text, llama3, mistral, nova, cohere-command-r, openai, deepseek, mistral-chat, titan-embed, cohere-embed."
  }

  validation {
    condition     = alltrue([for model in values(var.models) : contains(["converse", "invoke"], model.api)])
    error_message = "Each model api must be converse or invoke."
  }

  validation {
    condition     = alltrue([for model in values(var.models) : contains(["titan-embed", "cohere-embed"], model.family) ? model.api == "invoke" : model.max_output_tokens > 0])
    error_message = "Embedding models (titan-embed, cohere-embed) must use api = \"invoke\"; text models need max_output_tokens > 0."
  }

  validation {
    condition     = alltrue([for model in values(var.models) : contains(["openai", "deepseek", "mistral-chat"], model.family) ? model.api == "converse" : true])
    error_message = "The openai, deepseek and mistral-chat families have no native-body codec in the gateway: their api must be \"converse\"."
  }

  validation {
    condition     = alltrue([for model in values(var.models) : model.max_output_tokens >= 0 && model.context_window > 0 && model.price.input_per_mtok >= 0 && model.price.output_per_mtok >= 0])
    error_message = "max_output_tokens and prices must be >= 0 and context_window must be > 0."
  }

  # The rules below also read the built-in catalogue (local.built_in_models). They must not refer to a local
  # derived from var.models, and include_default_models must not refer back to models: a validation runs before
  # anything that refers to its variable, so either would be a dependency cycle.
  validation {
    condition     = var.include_default_models || length(var.models) > 0
    error_message = "With include_default_models = false, models must hold at least one model."
  }

  validation {
    condition = alltrue(flatten([for alias, model in var.models : [
      for fallback in model.fallbacks : fallback != alias && contains(concat(keys(var.models), keys(local.built_in_models)), fallback) && (
        contains(["titan-embed", "cohere-embed"], lookup(merge({ for name, built_in in local.built_in_models : name => built_in.family }, { for name, other in var.models : name => other.family }), fallback, "")) == contains(["titan-embed", "cohere-embed"], model.family)
      )
    ]]))
    error_message = "Each fallback must be the alias of another served model (in models, or a built-in model that is not end-of-life while include_default_models is true) of the same kind: text models fall back to text models, embedding models to embedding models."
  }
}

variable "include_default_models" {
  description = "Serve the gateway's built-in catalogue (its models that are not end-of-life, listed in default-models.json), with models over it. False serves exactly models, which must then hold at least one model (checked on models)."
  type        = bool
  default     = true
}

variable "default_model" {
  description = "Alias of the model used when a request names none: a key of models or of the built-in catalogue. Null keeps the gateway's own default (a built-in model), so it needs include_default_models = true."
  type        = string
  default     = null

  validation {
    condition     = var.default_model == null ? var.include_default_models : contains(concat(keys(var.models), keys(local.built_in_models)), var.default_model)
    error_message = "default_model must be an alias in models or (with include_default_models) in the built-in catalogue; it can only be null while include_default_models is true."
  }
}

variable "bedrock_region" {
  description = "Region the gateway calls Bedrock in. Null means the deployment region. IAM scopes base-model and inference-profile ARNs to it."
  type        = string
  default     = null

  validation {
    condition     = var.bedrock_region == null ? true : can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.bedrock_region))
    error_message = "bedrock_region must be null or an AWS region name such as us-east-1."
  }
}

variable "lambda_source_dir" {
  description = "Directory of the built bundle (index.mjs; source maps are not packaged). Null means dist/lambda at the repository root, found relative to this module (path.module), so it also works when the module is called from examples/. A relative value is resolved from the directory Terraform runs in."
  type        = string
  default     = null
}

variable "lambda_memory_size" {
  description = "Memory of the function in MB (128-10240)."
  type        = number
  default     = 512

  validation {
    condition     = var.lambda_memory_size >= 128 && var.lambda_memory_size <= 10240 && floor(var.lambda_memory_size) == var.lambda_memory_size
    error_message = "lambda_memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "lambda_timeout" {
  description = "Timeout of the function in seconds (1-900). Keep it at least integration_timeout_ms / 1000 so streams are not cut by the function first."
  type        = number
  default     = 300

  validation {
    condition     = var.lambda_timeout >= 1 && var.lambda_timeout <= 900 && floor(var.lambda_timeout) == var.lambda_timeout
    error_message = "lambda_timeout must be a whole number of seconds between 1 and 900."
  }
}

variable "lambda_reserved_concurrency" {
  description = "Reserved concurrency of the function, a cost guard. Null (or -1) leaves it unreserved."
  type        = number
  default     = null

  validation {
    condition     = var.lambda_reserved_concurrency == null ? true : var.lambda_reserved_concurrency >= -1 && floor(var.lambda_reserved_concurrency) == var.lambda_reserved_concurrency
    error_message = "lambda_reserved_concurrency must be null, -1 or a whole number >= 0."
  }
}

variable "lambda_environment_variables" {
  description = "Extra environment variables for the function, e.g. { NODE_OPTIONS = \"--max-old-space-size=384\" }. The gateway's own variables win on conflict."
  type        = map(string)
  default     = {}
}

variable "log_level" {
  description = "Gateway log level (DEBUG, INFO, WARN, ERROR): the config file's logging.level, POWERTOOLS_LOG_LEVEL and the Lambda application log level."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "log_prompts" {
  description = "Log prompt and completion text (config logging.prompts). Off by default: prompts may hold personal data."
  type        = bool
  default     = false
}

variable "guardrail" {
  description = "A Bedrock guardrail applied to every call of every key (config governance.guardrail): its id (or ARN) and version (a number or DRAFT). A key's own guardrail wins. Null: none gateway-wide."
  type = object({
    identifier = string
    version    = string
  })
  default = null

  validation {
    condition     = var.guardrail == null ? true : can(regex("^([a-z0-9]+|arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+)$", var.guardrail.identifier)) && can(regex("^([1-9][0-9]{0,7}|DRAFT)$", var.guardrail.version))
    error_message = "guardrail.identifier must be a guardrail id or ARN, and guardrail.version a version number or DRAFT."
  }
}

variable "key_guardrail_ids" {
  description = "Further Bedrock guardrails (ids or ARNs) that API keys may name (bedrock-gateway keys create --guardrail). The gateway may apply exactly these and var.guardrail."
  type        = list(string)
  default     = []
}

variable "log_retention_in_days" {
  description = "Retention of every log group (function, access, execution), in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "logs_kms_key_arn" {
  description = "ARN of a customer managed KMS key for the log groups. Null uses CloudWatch Logs' default encryption. The key policy must allow logs.<region>.amazonaws.com."
  type        = string
  default     = null

  validation {
    condition     = var.logs_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be null or a KMS key ARN."
  }
}

variable "stage_name" {
  description = "Name of the API Gateway stage; the execute-api URL ends with /<stage_name>."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.stage_name))
    error_message = "stage_name must be 1-128 characters of letters, digits, '-' or '_'."
  }
}

variable "throttling_burst_limit" {
  description = "Stage-wide burst limit (requests). A cost guard in front of the per-key limits the gateway enforces."
  type        = number
  default     = 50

  validation {
    condition     = var.throttling_burst_limit > 0 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number greater than 0."
  }
}

variable "throttling_rate_limit" {
  description = "Stage-wide steady-state rate limit (requests per second)."
  type        = number
  default     = 25

  validation {
    condition     = var.throttling_rate_limit > 0
    error_message = "throttling_rate_limit must be greater than 0."
  }
}

variable "integration_timeout_ms" {
  description = "API Gateway integration timeout in milliseconds. STREAM mode allows up to 900000 (15 minutes); the idle timeout of a regional endpoint is 5 minutes regardless."
  type        = number
  default     = 300000

  validation {
    condition     = var.integration_timeout_ms >= 50 && var.integration_timeout_ms <= 900000 && floor(var.integration_timeout_ms) == var.integration_timeout_ms
    error_message = "integration_timeout_ms must be a whole number between 50 and 900000."
  }
}

variable "execution_logging_level" {
  description = "API Gateway execution logging (OFF, ERROR, INFO). Data tracing (full bodies and headers) is always off."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["OFF", "ERROR", "INFO"], var.execution_logging_level)
    error_message = "execution_logging_level must be one of OFF, ERROR, INFO."
  }
}

variable "manage_api_gateway_account" {
  description = "Create the API Gateway CloudWatch Logs role and set it on the account (one setting per account and region; destroying it resets the setting). Set to false if the account already has one."
  type        = bool
  default     = true
}

variable "waf_web_acl_arn" {
  description = "ARN of a regional WAFv2 web ACL to associate with the stage. Null for none."
  type        = string
  default     = null

  validation {
    condition     = var.waf_web_acl_arn == null ? true : can(regex("^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/.+$", var.waf_web_acl_arn))
    error_message = "waf_web_acl_arn must be null or a regional WAFv2 web ACL ARN."
  }
}

variable "custom_domain" {
  description = "Optional custom domain: the domain name, the ARN of an ACM certificate for it in the same region, and an optional base path. Point a DNS alias at the custom_domain_regional_domain_name output."
  type = object({
    domain_name     = string
    certificate_arn = string
    base_path       = optional(string, "")
  })
  default = null

  validation {
    condition     = var.custom_domain == null ? true : can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.custom_domain.domain_name))
    error_message = "custom_domain.domain_name must be a lower-case DNS name such as llm.example.com."
  }

  validation {
    condition     = var.custom_domain == null ? true : can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.custom_domain.certificate_arn))
    error_message = "custom_domain.certificate_arn must be an ACM certificate ARN."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for the DynamoDB tables. Null uses the AWS managed key. The function's role gets kms:Decrypt on it via DynamoDB."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "dynamodb_deletion_protection" {
  description = "Protect both tables (API keys, usage) from deletion. Turn off and apply before terraform destroy."
  type        = bool
  default     = true
}

variable "create_dashboard" {
  description = "Create the CloudWatch dashboard <name_prefix>: requests, errors, latency, time to first byte, tokens, cost, throttles, fallbacks, retries per model, plus the function's and the API's own metrics."
  type        = bool
  default     = true
}

variable "create_alarms" {
  description = "Create the alarms <name_prefix>-5xx-rate, -bedrock-throttles, -p99-latency and -lambda-errors."
  type        = bool
  default     = true
}

variable "alarm_thresholds" {
  description = "Alarm thresholds: five_xx_rate_percent (share of requests ending in a 5xx), five_xx_min_requests (quieter periods count as 0%), throttles (Bedrock-throttled attempts per period, all models), p99_latency_ms (p99 of the function's Duration, which spans whole streams) and lambda_errors (failed invocations per period; 0 alarms on any)."
  type = object({
    five_xx_rate_percent = optional(number, 5)
    five_xx_min_requests = optional(number, 10)
    throttles            = optional(number, 10)
    p99_latency_ms       = optional(number, 60000)
    lambda_errors        = optional(number, 0)
  })
  default = {
    five_xx_rate_percent = 5
    five_xx_min_requests = 10
    throttles            = 10
    p99_latency_ms       = 60000
    lambda_errors        = 0
  }

  validation {
    condition     = var.alarm_thresholds.five_xx_rate_percent > 0 && var.alarm_thresholds.five_xx_rate_percent <= 100
    error_message = "alarm_thresholds.five_xx_rate_percent must be greater than 0 and at most 100."
  }

  validation {
    condition     = alltrue([for value in [var.alarm_thresholds.five_xx_min_requests, var.alarm_thresholds.throttles, var.alarm_thresholds.lambda_errors] : value >= 0 && floor(value) == value]) && var.alarm_thresholds.five_xx_min_requests >= 1
    error_message = "alarm_thresholds.throttles and lambda_errors must be whole numbers >= 0, and five_xx_min_requests a whole number >= 1."
  }

  validation {
    condition     = var.alarm_thresholds.p99_latency_ms > 0 && var.alarm_thresholds.p99_latency_ms <= 900000
    error_message = "alarm_thresholds.p99_latency_ms must be greater than 0 and at most 900000 (the longest a function can run)."
  }
}

variable "alarm_period" {
  description = "Period of every alarm in seconds, a multiple of 60 (Metrics Insights has no finer resolution)."
  type        = number
  default     = 60

  validation {
    condition     = var.alarm_period >= 60 && var.alarm_period <= 3600 && floor(var.alarm_period / 60) * 60 == var.alarm_period
    error_message = "alarm_period must be a multiple of 60 between 60 and 3600."
  }
}

variable "alarm_evaluation_periods" {
  description = "Periods the 5xx rate, throttles and p99 latency alarms evaluate (the Lambda errors alarm fires on one). Metrics Insights alarms see only the last 3 hours: alarm_period * alarm_evaluation_periods <= 10800."
  type        = number
  default     = 5

  validation {
    condition     = var.alarm_evaluation_periods >= 1 && floor(var.alarm_evaluation_periods) == var.alarm_evaluation_periods && var.alarm_evaluation_periods * var.alarm_period <= 10800
    error_message = "alarm_evaluation_periods must be a whole number >= 1, and alarm_period * alarm_evaluation_periods at most 10800 seconds (3 hours)."
  }
}

variable "alarm_datapoints_to_alarm" {
  description = "How many of the evaluated periods must breach for the 5xx rate, throttles and p99 latency alarms to fire (M of N)."
  type        = number
  default     = 3

  validation {
    condition     = var.alarm_datapoints_to_alarm >= 1 && floor(var.alarm_datapoints_to_alarm) == var.alarm_datapoints_to_alarm && var.alarm_datapoints_to_alarm <= var.alarm_evaluation_periods
    error_message = "alarm_datapoints_to_alarm must be a whole number between 1 and alarm_evaluation_periods."
  }
}

variable "alarm_email" {
  description = "Email address subscribed to the alarm topic <name_prefix>-alarms. AWS sends a confirmation mail first. Null for no subscription (subscribe to the alarm_topic_arn output yourself)."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null ? true : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email)) && var.alarm_sns_topic_arn == null
    error_message = "alarm_email must be null or an email address, and cannot be combined with alarm_sns_topic_arn (subscribe to your own topic yourself)."
  }
}

variable "alarm_sns_topic_arn" {
  description = "ARN of an existing standard SNS topic for the alarms' ALARM and OK notifications. Null creates the topic <name_prefix>-alarms."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_sns_topic_arn == null ? true : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.alarm_sns_topic_arn))
    error_message = "alarm_sns_topic_arn must be null or the ARN of a standard (not FIFO) SNS topic."
  }
}

variable "alarm_topic_kms_key_id" {
  description = "Customer managed KMS key (ID, ARN or alias) for the created alarm topic. Null leaves it unencrypted. The key policy must let cloudwatch.amazonaws.com use it (kms:Decrypt, kms:GenerateDataKey*), which the AWS managed alias/aws/sns does not."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_kms_key_id == null ? true : length(var.alarm_topic_kms_key_id) > 0 && var.alarm_topic_kms_key_id != "alias/aws/sns"
    error_message = "alarm_topic_kms_key_id must be null or a customer managed key; CloudWatch cannot publish to a topic under alias/aws/sns."
  }
}
