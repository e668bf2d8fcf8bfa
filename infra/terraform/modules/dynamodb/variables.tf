variable "keys_table_name" {
  description = "Name of the table that holds API key records (hash key keyHash)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.keys_table_name))
    error_message = "keys_table_name must be 3-255 characters of letters, digits, '_', '-' or '.'."
  }
}

variable "usage_table_name" {
  description = "Name of the table that holds usage counters (hash key pk, TTL attribute expiresAt)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.usage_table_name))
    error_message = "usage_table_name must be 3-255 characters of letters, digits, '_', '-' or '.'."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for server-side encryption. Null uses the AWS managed key (aws/dynamodb)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "deletion_protection_enabled" {
  description = "Whether DynamoDB refuses to delete the tables. Set to false (and apply) before terraform destroy."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to both tables."
  type        = map(string)
  default     = {}
}
