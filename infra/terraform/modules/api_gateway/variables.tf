variable "name" {
  description = "Name of the REST API; also the prefix of its log groups and of the API Gateway CloudWatch role."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,37}[a-z0-9]$", var.name))
    error_message = "name must be 3-39 characters of lower-case letters, digits and '-', starting with a letter."
  }
}

variable "stage_name" {
  description = "Name of the stage; the invoke URL ends with /<stage_name>."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.stage_name))
    error_message = "stage_name must be 1-128 characters of letters, digits, '-' or '_'."
  }
}

variable "lambda_function_name" {
  description = "Name of the Lambda function the API invokes; it receives the invoke permission."
  type        = string
}

variable "lambda_response_streaming_invoke_arn" {
  description = "The function's response_streaming_invoke_arn. A STREAM integration must call InvokeWithResponseStream, not the plain invoke_arn."
  type        = string

  validation {
    condition     = endswith(var.lambda_response_streaming_invoke_arn, "/response-streaming-invocations")
    error_message = "lambda_response_streaming_invoke_arn must end with /response-streaming-invocations (use aws_lambda_function.response_streaming_invoke_arn)."
  }
}

variable "integration_timeout_ms" {
  description = "Integration timeout in milliseconds. STREAM mode allows up to 15 minutes (900000); keep it at most the function timeout."
  type        = number
  default     = 300000

  validation {
    condition     = var.integration_timeout_ms >= 50 && var.integration_timeout_ms <= 900000 && floor(var.integration_timeout_ms) == var.integration_timeout_ms
    error_message = "integration_timeout_ms must be a whole number between 50 and 900000 (15 minutes, the STREAM maximum)."
  }
}

variable "throttling_burst_limit" {
  description = "Stage-wide burst limit (requests) for every method. Per-key limits are enforced by the gateway itself."
  type        = number
  default     = 50

  validation {
    condition     = var.throttling_burst_limit > 0 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number greater than 0."
  }
}

variable "throttling_rate_limit" {
  description = "Stage-wide steady-state rate limit (requests per second) for every method."
  type        = number
  default     = 25

  validation {
    condition     = var.throttling_rate_limit > 0
    error_message = "throttling_rate_limit must be greater than 0."
  }
}

variable "execution_logging_level" {
  description = "API Gateway execution logging: OFF, ERROR or INFO. Full request/response data tracing is always off, because bodies carry prompts and headers carry keys."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["OFF", "ERROR", "INFO"], var.execution_logging_level)
    error_message = "execution_logging_level must be one of OFF, ERROR, INFO."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the access and execution log groups, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "logs_kms_key_arn" {
  description = "ARN of a customer managed KMS key for the log groups. Null uses CloudWatch Logs' default encryption."
  type        = string
  default     = null

  validation {
    condition     = var.logs_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be null or a KMS key ARN."
  }
}

variable "manage_account_cloudwatch_role" {
  description = "Create the API Gateway CloudWatch role and set it on the account (one setting per account and region). Set to false if it is already managed elsewhere."
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
  description = "Optional custom domain: domain name, ARN of a regional ACM certificate for it, and an optional base path. Create the DNS alias record to the regional domain name output yourself."
  type = object({
    domain_name     = string
    certificate_arn = string
    base_path       = optional(string, "")
  })
  default = null

  validation {
    condition     = var.custom_domain == null ? true : can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.custom_domain.certificate_arn))
    error_message = "custom_domain.certificate_arn must be an ACM certificate ARN in the API's region."
  }
}

variable "tags" {
  description = "Tags added to the API, stage, log groups, role and domain."
  type        = map(string)
  default     = {}
}
