variable "name" {
  description = "Name of the dashboard and prefix of the alarm names (<name>-5xx-rate, ...) and of the SNS topic (<name>-alarms)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 characters of letters, digits, '-' or '_' (what dashboard names allow)."
  }
}

variable "region" {
  description = "Region of the metrics; every dashboard graph names it."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "service_name" {
  description = "The service dimension of the gateway's metrics: the function's POWERTOOLS_SERVICE_NAME (modules/lambda service_name). Every query filters on it."
  type        = string
  default     = "bedrock-gateway"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,128}$", var.service_name))
    error_message = "service_name must be 1-128 characters of letters, digits, '.', '_' or '-' (it is quoted inside Metrics Insights and SEARCH expressions)."
  }
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the gateway's EMF metrics: the function's POWERTOOLS_METRICS_NAMESPACE (modules/lambda metrics_namespace)."
  type        = string
  default     = "BedrockGateway"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/#:-]{1,255}$", var.metrics_namespace)) && !startswith(var.metrics_namespace, "AWS/")
    error_message = "metrics_namespace must be 1-255 characters of letters, digits and . _ / # : - and must not start with AWS/."
  }
}

variable "function_name" {
  description = "Name of the gateway's Lambda function (the FunctionName dimension of AWS/Lambda metrics)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 characters of letters, digits, '-' or '_'."
  }
}

variable "api_name" {
  description = "Name of the REST API (the ApiName dimension of AWS/ApiGateway metrics). Null leaves the API Gateway graphs out."
  type        = string
  default     = null

  validation {
    condition     = var.api_name == null ? true : length(var.api_name) > 0 && length(var.api_name) <= 1024
    error_message = "api_name must be null or a non-empty REST API name."
  }
}

variable "stage_name" {
  description = "Name of the API Gateway stage (the Stage dimension). Required with api_name, null without it."
  type        = string
  default     = null

  validation {
    condition     = (var.stage_name == null) == (var.api_name == null) && (var.stage_name == null ? true : can(regex("^[A-Za-z0-9_-]{1,128}$", var.stage_name)))
    error_message = "stage_name must be set exactly when api_name is, to 1-128 characters of letters, digits, '-' or '_'."
  }
}

variable "create_dashboard" {
  description = "Create the CloudWatch dashboard (3 dashboards are free per account, then a monthly fee each)."
  type        = bool
  default     = true
}

variable "create_alarms" {
  description = "Create the four alarms: 5xx rate, Bedrock throttles, p99 latency and Lambda errors."
  type        = bool
  default     = true
}

variable "five_xx_rate_threshold_percent" {
  description = "The 5xx rate alarm fires when more than this percentage of requests in a period end in a 5xx."
  type        = number
  default     = 5

  validation {
    condition     = var.five_xx_rate_threshold_percent > 0 && var.five_xx_rate_threshold_percent <= 100
    error_message = "five_xx_rate_threshold_percent must be greater than 0 and at most 100."
  }
}

variable "five_xx_min_requests" {
  description = "Fewest requests in a period for the 5xx rate to count; quieter periods read 0%, so one failure alone never pages."
  type        = number
  default     = 10

  validation {
    condition     = var.five_xx_min_requests >= 1 && floor(var.five_xx_min_requests) == var.five_xx_min_requests
    error_message = "five_xx_min_requests must be a whole number >= 1."
  }
}

variable "throttles_threshold" {
  description = "The throttles alarm fires when Bedrock throttles more than this many of the gateway's attempts in a period (the Throttles metric, all models)."
  type        = number
  default     = 10

  validation {
    condition     = var.throttles_threshold >= 0 && floor(var.throttles_threshold) == var.throttles_threshold
    error_message = "throttles_threshold must be a whole number >= 0."
  }
}

variable "p99_latency_threshold_ms" {
  description = "The p99 latency alarm fires when the p99 of the function's Duration in a period exceeds this many milliseconds. Streams of long answers count in full, so leave room for the longest expected generation."
  type        = number
  default     = 60000

  validation {
    condition     = var.p99_latency_threshold_ms > 0 && var.p99_latency_threshold_ms <= 900000
    error_message = "p99_latency_threshold_ms must be greater than 0 and at most 900000 (the longest a function can run)."
  }
}

variable "lambda_errors_threshold" {
  description = "The Lambda errors alarm fires when more than this many invocations fail in one period (AWS/Lambda Errors). 0 alarms on any failure."
  type        = number
  default     = 0

  validation {
    condition     = var.lambda_errors_threshold >= 0 && floor(var.lambda_errors_threshold) == var.lambda_errors_threshold
    error_message = "lambda_errors_threshold must be a whole number >= 0."
  }
}

variable "alarm_period" {
  description = "Period of every alarm, in seconds: a multiple of 60 (Metrics Insights has no finer resolution)."
  type        = number
  default     = 60

  validation {
    condition     = var.alarm_period >= 60 && var.alarm_period <= 3600 && floor(var.alarm_period / 60) * 60 == var.alarm_period
    error_message = "alarm_period must be a multiple of 60 between 60 and 3600."
  }
}

variable "alarm_evaluation_periods" {
  description = "Number of recent periods the 5xx rate, throttles and p99 latency alarms evaluate. Metrics Insights alarms see only the last 3 hours, so alarm_period * alarm_evaluation_periods must be at most 10800 seconds."
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

variable "create_sns_topic" {
  description = "Create an SNS topic (<name>-alarms) for the alarms' notifications. Mutually exclusive with alarm_sns_topic_arn."
  type        = bool
  default     = false

  validation {
    condition     = !(var.create_sns_topic && var.alarm_sns_topic_arn != null)
    error_message = "Set create_sns_topic or alarm_sns_topic_arn, not both."
  }
}

variable "alarm_sns_topic_arn" {
  description = "ARN of an existing standard SNS topic that receives the alarms' ALARM and OK notifications. Null, with create_sns_topic false, leaves the alarms without actions."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_sns_topic_arn == null ? true : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.alarm_sns_topic_arn))
    error_message = "alarm_sns_topic_arn must be null or the ARN of a standard (not FIFO) SNS topic."
  }
}

variable "alarm_email" {
  description = "Email address subscribed to the created topic (needs create_sns_topic). AWS sends a confirmation mail; notifications start once it is confirmed."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null ? true : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email)) && var.create_sns_topic
    error_message = "alarm_email must be null or an email address, and needs create_sns_topic = true."
  }
}

variable "sns_kms_master_key_id" {
  description = "KMS key (ID, ARN or alias) that encrypts the created topic. Null leaves it unencrypted. The key policy must let cloudwatch.amazonaws.com use it (kms:Decrypt, kms:GenerateDataKey*), so the AWS managed alias/aws/sns cannot work."
  type        = string
  default     = null

  validation {
    condition     = var.sns_kms_master_key_id == null ? true : length(var.sns_kms_master_key_id) > 0 && var.sns_kms_master_key_id != "alias/aws/sns"
    error_message = "sns_kms_master_key_id must be null or a customer managed key; CloudWatch cannot publish to a topic under alias/aws/sns."
  }
}

variable "tags" {
  description = "Tags for the alarms and the SNS topic (dashboards take no tags)."
  type        = map(string)
  default     = {}
}
