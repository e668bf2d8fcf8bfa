terraform {
  required_version = ">= 1.10"

  required_providers {
    # The highest lower bound of the registry modules at the versions main.tf pins: s3-bucket 5.15.4 needs
    # >= 6.42, ecs 7.5.0 >= 6.34, alb 10.5.0, vpc 6.6.0 and ecr 3.2.0 >= 6.28 (each module's versions.tf).
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.42"
    }
  }
}
