variable "region" {
  description = "Region to deploy the example to. The us. and global. inference profiles below are callable from us-east-1, us-east-2 and us-west-2."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = contains(["us-east-1", "us-east-2", "us-west-2"], var.region)
    error_message = "The example's us. inference profile needs a US source region: us-east-1, us-east-2 or us-west-2."
  }
}

variable "alarm_email" {
  description = "Email address to notify of the example's alarms (AWS asks it to confirm first). Null for none."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null ? true : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be null or an email address."
  }
}
