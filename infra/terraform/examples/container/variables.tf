variable "region" {
  description = "Region to deploy the example to."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "image_tag" {
  description = "Tag of an image already pushed to the example's repository bgw-container (the commit SHA app-ci.yml pushed, or one pushed by hand: README.md)."
  type        = string

  validation {
    condition     = length(var.image_tag) > 0 && var.image_tag != "latest"
    error_message = "image_tag must name an immutable tag such as a commit SHA, not latest."
  }
}
