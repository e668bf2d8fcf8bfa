variable "function_name" {
  description = "Name of the Lambda function. Its log group is /aws/lambda/<function_name>."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 characters of letters, digits, '-' or '_'."
  }
}

variable "description" {
  description = "Description of the Lambda function."
  type        = string
  default     = "bedrock-gateway: serverless inference API for Amazon Bedrock"
}

variable "role_arn" {
  description = "ARN of the execution role (modules/iam)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.role_arn))
    error_message = "role_arn must be an IAM role ARN."
  }
}

variable "source_dir" {
  description = "Directory holding the esbuild output (index.mjs; source maps are never packaged), i.e. dist/lambda after `npm run build`."
  type        = string
}

variable "gateway_config_json" {
  description = "Rendered gateway configuration (JSON). Packaged as gateway.config.json beside the bundle; GATEWAY_CONFIG_FILE points at it."
  type        = string

  validation {
    condition     = can(jsondecode(var.gateway_config_json))
    error_message = "gateway_config_json must be valid JSON."
  }
}

variable "keys_table_name" {
  description = "Name of the API keys table, exported as GATEWAY_KEYS_TABLE."
  type        = string
}

variable "usage_table_name" {
  description = "Name of the usage table, exported as GATEWAY_USAGE_TABLE."
  type        = string
}

variable "service_name" {
  description = "Powertools service name (POWERTOOLS_SERVICE_NAME), the service dimension of logs and metrics."
  type        = string
  default     = "bedrock-gateway"
}

variable "metrics_namespace" {
  description = "CloudWatch metrics namespace for the gateway's EMF metrics (POWERTOOLS_METRICS_NAMESPACE)."
  type        = string
  default     = "BedrockGateway"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/#:-]{1,255}$", var.metrics_namespace)) && !startswith(var.metrics_namespace, "AWS/")
    error_message = "metrics_namespace must be 1-255 characters of letters, digits and . _ / # : - and must not start with AWS/."
  }
}

variable "memory_size" {
  description = "Memory in MB. CPU scales with it; the gateway mostly waits on Bedrock, so more memory mainly costs more GB-seconds."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Function timeout in seconds. Streams end when it runs out, so keep it at least the API Gateway integration timeout."
  type        = number
  default     = 300

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 1 and 900."
  }
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions, a cost guard. Null or -1 leaves the function unreserved; 0 stops all invocations."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrency == null ? true : var.reserved_concurrency >= -1 && floor(var.reserved_concurrency) == var.reserved_concurrency
    error_message = "reserved_concurrency must be null, -1 or a whole number >= 0."
  }
}

variable "log_level" {
  description = "Application log level: POWERTOOLS_LOG_LEVEL and the Lambda application log level filter."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the function's log group, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "logs_kms_key_arn" {
  description = "ARN of a customer managed KMS key for the log group. Null uses CloudWatch Logs' default encryption. The key policy must allow the logs service principal."
  type        = string
  default     = null

  validation {
    condition     = var.logs_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be null or a KMS key ARN."
  }
}

variable "environment_variables" {
  description = "Extra environment variables, e.g. { NODE_OPTIONS = \"--max-old-space-size=384\" }. The gateway's own variables take precedence."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags added to the function and its log group."
  type        = map(string)
  default     = {}
}
