variable "region" {
  description = "Region to deploy the example to. The us. and global. inference profiles below are callable from us-east-1, us-east-2 and us-west-2."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = contains(["us-east-1", "us-east-2", "us-west-2"], var.region)
    error_message = "The example's us. inference profile needs a US source region: us-east-1, us-east-2 or us-west-2."
  }
}
