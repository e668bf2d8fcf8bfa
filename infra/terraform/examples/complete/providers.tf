# The example's own resource (the application inference profile) is created in the same region as the gateway.
provider "aws" {
  region = var.region
}
