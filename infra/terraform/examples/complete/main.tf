# Everything switched on: the built-in catalogue plus inference profiles of every kind (us., global. and an
# application profile), a cost guard on concurrency, longer streams, INFO execution logs, one-year retention,
# and the dashboard with alarms. The WAF ACL and custom domain are left out because they need resources (a web
# ACL, an ACM certificate) this example does not own.

data "aws_caller_identity" "current" {}

# An application inference profile: a copy of the us. Claude Haiku 4.5 profile that carries this example's tags,
# so Cost Explorer can split its usage out. Its ARN names no model, so the models entry below lists the
# foundation model it routes to (foundation_model_ids).
resource "aws_bedrock_inference_profile" "this" {
  name        = "bgw-complete-haiku-4-5"
  description = "Claude Haiku 4.5 for the bedrock-gateway complete example, tagged for cost allocation."

  model_source {
    copy_from = "arn:aws:bedrock:${var.region}:${data.aws_caller_identity.current.account_id}:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0"
  }

  tags = {
    Project     = "bedrock-gateway"
    Environment = "example"
  }
}

module "gateway" {
  source = "../.."

  region      = var.region
  name_prefix = "bgw-complete"

  tags = {
    Project     = "bedrock-gateway"
    Environment = "example"
  }

  # Served over the built-in catalogue (include_default_models = true, the default); an alias that is also in
  # the catalogue would replace that model. Prices are USD per million tokens: Claude Sonnet 4.6 and Haiku 4.5
  # cost 10% more through a regional (us.) profile than through global. (Amazon Bedrock pricing page).
  models = {
    # Global cross-region inference profile: IAM allows the profile, and through it the foundation model in the
    # deployment region and the region-less foundation-model ARN.
    "sonnet-4-6-global" = {
      id                = "global.anthropic.claude-sonnet-4-6"
      family            = "anthropic"
      max_output_tokens = 64000
      context_window    = 1000000
      price             = { input_per_mtok = 3, output_per_mtok = 15 }
      fallbacks         = ["sonnet-4-6-us"]
    }
    # Cross-region inference profile within the US geography: the foundation model in any region, through it.
    "sonnet-4-6-us" = {
      id                = "us.anthropic.claude-sonnet-4-6"
      family            = "anthropic"
      max_output_tokens = 64000
      context_window    = 1000000
      price             = { input_per_mtok = 3.3, output_per_mtok = 16.5 }
      fallbacks         = ["haiku-4-5-tracked"]
    }
    # The application profile above. IAM allows its ARN, and its foundation model only through it.
    "haiku-4-5-tracked" = {
      id                   = aws_bedrock_inference_profile.this.arn
      family               = "anthropic"
      max_output_tokens    = 64000
      context_window       = 200000
      price                = { input_per_mtok = 1.1, output_per_mtok = 5.5 }
      foundation_model_ids = ["anthropic.claude-haiku-4-5-20251001-v1:0"]
    }
    # Base model id: only the foundation model in the deployment region, called directly.
    "nova-pro" = {
      id                = "amazon.nova-pro-v1:0"
      family            = "nova"
      max_output_tokens = 5000
      context_window    = 300000
      price             = { input_per_mtok = 0.8, output_per_mtok = 3.2 }
    }
  }
  default_model = "sonnet-4-6-global"

  lambda_memory_size          = 1024
  lambda_timeout              = 900
  lambda_reserved_concurrency = 50
  integration_timeout_ms      = 900000
  throttling_burst_limit      = 100
  throttling_rate_limit       = 50
  execution_logging_level     = "INFO"
  log_level                   = "INFO"
  log_retention_in_days       = 365

  # The package holds no source map (it would land in the state); decode stack traces with
  # dist/sourcemaps/lambda/index.mjs.map from the build instead.
  lambda_environment_variables = {
    NODE_OPTIONS = "--max-old-space-size=384"
  }

  dynamodb_deletion_protection = false

  # Dashboard and alarms. Streams may run 15 minutes here, so the p99 latency alarm allows two minutes.
  # alarm_email subscribes an address to the created topic <name_prefix>-alarms (null: no subscription).
  create_dashboard = true
  create_alarms    = true
  alarm_email      = var.alarm_email
  alarm_thresholds = {
    five_xx_rate_percent = 2
    five_xx_min_requests = 20
    throttles            = 5
    p99_latency_ms       = 120000
    lambda_errors        = 0
  }
  alarm_period              = 60
  alarm_evaluation_periods  = 5
  alarm_datapoints_to_alarm = 3
}
