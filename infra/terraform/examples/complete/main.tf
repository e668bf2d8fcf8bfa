# Everything switched on: inference profiles (us. and global.), a cost guard on concurrency,
# longer streams, INFO execution logs, one-year retention, and the dashboard with alarms. The WAF ACL
# and custom domain are left out because they need resources (a web ACL, an ACM certificate) this
# example does not own.
module "gateway" {
  source = "../.."

  region      = var.region
  name_prefix = "bgw-complete"

  tags = {
    Project     = "bedrock-gateway"
    Environment = "example"
  }

  models = {
    # Cross-region inference profile within the US geography.
    "claude-3-5-sonnet" = {
      id                = "us.anthropic.claude-3-5-sonnet-20240620-v1:0"
      family            = "anthropic"
      api               = "converse"
      max_output_tokens = 4096
      context_window    = 200000
      price             = { input_per_mtok = 3, output_per_mtok = 15 }
      fallbacks         = ["claude-3-haiku"]
    }
    # Global cross-region inference profile: IAM also allows the region-less foundation-model ARN.
    "claude-sonnet-4-5" = {
      id                = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
      family            = "anthropic"
      api               = "converse"
      max_output_tokens = 8192
      context_window    = 200000
      price             = { input_per_mtok = 3, output_per_mtok = 15 }
      fallbacks         = ["claude-3-5-sonnet"]
    }
    # Base model id: only the foundation model in the deployment region.
    "claude-3-haiku" = {
      id                = "anthropic.claude-3-haiku-20240307-v1:0"
      family            = "anthropic"
      api               = "converse"
      max_output_tokens = 4096
      context_window    = 200000
      price             = { input_per_mtok = 0.25, output_per_mtok = 1.25 }
      fallbacks         = []
    }
    "titan-embed-text-v2" = {
      id                = "amazon.titan-embed-text-v2:0"
      family            = "titan-embed"
      api               = "invoke"
      max_output_tokens = 0
      context_window    = 8192
      price             = { input_per_mtok = 0.02, output_per_mtok = 0 }
      fallbacks         = []
    }
  }
  default_model = "claude-sonnet-4-5"

  lambda_memory_size          = 1024
  lambda_timeout              = 900
  lambda_reserved_concurrency = 50
  integration_timeout_ms      = 900000
  throttling_burst_limit      = 100
  throttling_rate_limit       = 50
  execution_logging_level     = "INFO"
  log_level                   = "INFO"
  log_retention_in_days       = 365

  lambda_environment_variables = {
    NODE_OPTIONS = "--enable-source-maps"
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
