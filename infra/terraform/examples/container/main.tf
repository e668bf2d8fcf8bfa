# The container target on plain HTTP, for a trial: no certificate (so no HTTPS listener), two tasks behind the
# load balancer, one NAT gateway, and every protection off so that terraform destroy removes it all. Never send
# real API keys over it: set certificate_arn for anything else (infra/terraform/container/README.md).
module "gateway" {
  source = "../../container"

  region      = var.region
  name_prefix = "bgw-container"
  image_tag   = var.image_tag

  certificate_arn    = null
  desired_count      = 2
  max_count          = 4
  single_nat_gateway = true

  # Longer answers: a 10-minute deadline; the load balancer's idle timeout and deregistration delay follow it.
  request_deadline_seconds = 600
  drain_timeout_seconds    = 45

  log_retention_in_days        = 14
  dynamodb_deletion_protection = false
  alb_deletion_protection      = false
  force_destroy                = true

  tags = {
    Project     = "bedrock-gateway"
    Environment = "example"
  }
}
