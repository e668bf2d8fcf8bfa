variable "role_name" {
  description = "Name of the Lambda execution role. The inline policy is named \"<role_name>-permissions\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,52}$", var.role_name))
    error_message = "role_name must be 1-52 characters of letters, digits and +=,.@_- (IAM allows 64; the policy name adds 12)."
  }
}

variable "bedrock_region" {
  description = "Region the gateway calls Bedrock in. Base model ARNs and inference-profile ARNs are scoped to it."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.bedrock_region))
    error_message = "bedrock_region must be an AWS region name such as us-east-1."
  }
}

variable "bedrock_model_ids" {
  description = "Bedrock model ids and cross-region inference-profile ids (us., eu., apac., global., ...) the gateway may invoke. Only these become IAM resources."
  type        = list(string)

  validation {
    condition     = length(var.bedrock_model_ids) > 0
    error_message = "bedrock_model_ids must name at least one model."
  }

  validation {
    condition     = alltrue([for id in var.bedrock_model_ids : can(regex("^[a-z][a-z0-9-]*\\.[A-Za-z0-9._:-]+$", id))])
    error_message = "Each of bedrock_model_ids must look like provider.model (e.g. anthropic.claude-3-haiku-20240307-v1:0), optionally with a geo prefix; wildcards are not allowed."
  }
}

variable "dynamodb_resource_arns" {
  description = "ARNs of the gateway's DynamoDB tables and indexes. The role gets item-level actions on exactly these."
  type        = list(string)

  validation {
    condition     = alltrue([for arn in var.dynamodb_resource_arns : can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]+(/index/[A-Za-z0-9_.-]+)?$", arn))])
    error_message = "Each of dynamodb_resource_arns must be a DynamoDB table or index ARN without wildcards."
  }
}

variable "log_group_arn" {
  description = "ARN of the function's CloudWatch log group (without the trailing \":*\")."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:logs:[a-z0-9-]+:[0-9]{12}:log-group:[^*]+$", var.log_group_arn))
    error_message = "log_group_arn must be a CloudWatch Logs log group ARN without wildcards or a \":*\" suffix."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the tables. Null when the tables use the AWS managed key."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "tags" {
  description = "Tags added to the role."
  type        = map(string)
  default     = {}
}
