data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "current" {}

locals {
  bedrock_region = coalesce(var.bedrock_region, var.region)
  azs            = slice(data.aws_availability_zones.available.names, 0, var.availability_zone_count)

  container_name = "gateway"
  # The image's PORT (Dockerfile ENV); the tasks keep it.
  container_port = 8080
  https          = var.certificate_arn != null

  # Timing, from the gateway's own rules (docs/operations.md, "Node server timeouts" and "ECS and the ALB"):
  # - the ALB's idle timeout is at least the request deadline, so a slow answer is never cut by the ALB first
  #   (idle_timeout allows 1-4000 s: edit-load-balancer-attributes.html#connection-idle-timeout);
  # - the server's keep-alive timeout stays above the ALB's idle timeout, so the ALB closes idle connections
  #   (otherwise it may reuse one the server is closing and answer 502); headers and request timeouts follow,
  #   as the config schema requires (headers > keep-alive, request >= headers);
  # - ECS deregisters a task from the target group and waits for the deregistration delay before it sends
  #   SIGTERM (task-lifecycle-explanation.html, DEACTIVATING; aws.amazon.com/blogs/containers/graceful-shutdowns-with-ecs).
  #   The delay is the main drain for traffic through the ALB and ends early once no request is in flight, so
  #   it is the deadline plus a margin (target groups allow up to 3600 s);
  # - stopTimeout >= drain + 2 x cutoff grace + 5 s for the settlement flush, at most 120 s on Fargate (the
  #   ContainerDefinition stopTimeout reference: "the max stop timeout value is 120 seconds").
  alb_idle_timeout      = var.request_deadline_seconds + 10
  keep_alive_timeout_ms = (local.alb_idle_timeout + 5) * 1000
  cutoff_grace_ms       = 2000
  drain_timeout_ms      = var.drain_timeout_seconds * 1000
  stop_timeout          = var.drain_timeout_seconds + 2 * local.cutoff_grace_ms / 1000 + 5
  deregistration_delay  = var.request_deadline_seconds + 10
  health_check_path     = "/health"
  health_check_command  = ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
  metrics_namespace     = "BedrockGateway"
  alb_logs_bucket_name  = "${var.name_prefix}-alb-logs-${data.aws_caller_identity.current.account_id}"
  config_parameter_name = "/${var.name_prefix}/gateway-config"
  target_group_key      = "gateway"

  # Client access to the ALB: port 80, and 443 with a certificate, from each allowed block.
  listener_ports = local.https ? [80, 443] : [80]
  alb_ingress = flatten([for index, block in var.allowed_cidr_blocks : [
    for port in local.listener_ports : { key = "port_${port}_${index}", port = port, block = block }
  ]])

  # With a certificate: HTTPS on 443, and 80 redirects to it. Without: plain HTTP on 80 (examples only). Both
  # listeners have the same attributes, so the ALB module's map(object) takes either set.
  listeners = {
    http = {
      port            = 80
      protocol        = "HTTP"
      certificate_arn = null
      ssl_policy      = null
      forward         = local.https ? null : { target_group_key = local.target_group_key }
      redirect        = local.https ? { port = "443", protocol = "HTTPS", status_code = "HTTP_301" } : null
    }
    https = {
      port            = 443
      protocol        = "HTTPS"
      certificate_arn = var.certificate_arn
      ssl_policy      = var.ssl_policy
      forward         = { target_group_key = local.target_group_key }
      redirect        = null
    }
  }

  # The gateway's built-in catalogue and the served models, as the Lambda root computes them (main.tf there):
  # IAM allows exactly the served models. test/infra/container-target.test.ts checks both roots agree.
  built_in_models = { for alias, model in jsondecode(file("${path.module}/../default-models.json")).models : alias => model if var.include_default_models }
  served_models = merge(
    { for alias, model in local.built_in_models : alias => { id = model.id, family = model.family, foundation_model_ids = [] } },
    { for alias, model in var.models : alias => { id = model.id, family = model.family, foundation_model_ids = model.foundation_model_ids } },
  )

  # The config document (src/config/config-schema.ts), as the Lambda root renders it, plus the Node server's
  # timeouts and the request deadline above. It reaches the container as GATEWAY_CONFIG_JSON from the SSM
  # parameter below, not baked into the image.
  gateway_config = merge({
    server = {
      keepAliveTimeoutMs = local.keep_alive_timeout_ms
      headersTimeoutMs   = local.keep_alive_timeout_ms + 1000
      requestTimeoutMs   = local.keep_alive_timeout_ms + 1000
      drainTimeoutMs     = local.drain_timeout_ms
      cutoffGraceMs      = local.cutoff_grace_ms
    }
    reliability = {
      deadlineMs = var.request_deadline_seconds * 1000
    }
    bedrock = {
      region = local.bedrock_region
    }
    dynamodb = {
      region = var.region
    }
    includeDefaultModels = var.include_default_models
    models = {
      for alias, model in var.models : alias => {
        id              = model.id
        family          = model.family
        api             = model.api
        maxOutputTokens = model.max_output_tokens
        contextWindow   = model.context_window
        price = {
          inputPerMTok  = model.price.input_per_mtok
          outputPerMTok = model.price.output_per_mtok
        }
        fallbacks = model.fallbacks
      }
    }
    tables = {
      keys  = module.dynamodb.keys_table_name
      usage = module.dynamodb.usage_table_name
    }
    logging = {
      level   = var.log_level
      prompts = var.log_prompts
    }
  }, { for key, value in { defaultModel = var.default_model, governance = var.guardrail == null ? null : { guardrail = var.guardrail } } : key => value if value != null })
}

################################################################################
# Tables and the task role, shared with the Lambda target
################################################################################

module "dynamodb" {
  source = "../modules/dynamodb"

  keys_table_name             = "${var.name_prefix}-keys"
  usage_table_name            = "${var.name_prefix}-usage"
  kms_key_arn                 = var.kms_key_arn
  deletion_protection_enabled = var.dynamodb_deletion_protection
  tags                        = var.tags
}

# The task role: the same Bedrock, DynamoDB, guardrail and KMS statements as the Lambda role. Its logs go through
# the task execution role (awslogs), and no X-Ray daemon runs beside it, so neither is granted here.
module "iam" {
  source = "../modules/iam"

  role_name        = "${var.name_prefix}-ecs-task"
  role_description = "Task role of the bedrock-gateway ECS service."
  workload         = "bedrock-gateway ECS service"
  trusted_services = ["ecs-tasks.amazonaws.com"]
  log_group_arn    = null
  enable_tracing   = false
  bedrock_region   = local.bedrock_region
  # One grant per id: a stable alias and its pinned version share one.
  bedrock_models = distinct([for alias, model in local.served_models : { id = model.id, foundation_model_ids = model.foundation_model_ids }])
  dynamodb_resource_arns = [
    module.dynamodb.keys_table_arn,
    module.dynamodb.keys_table_key_id_index_arn,
    module.dynamodb.usage_table_arn,
  ]
  kms_key_arn   = var.kms_key_arn
  guardrail_ids = concat(var.guardrail == null ? [] : [var.guardrail.identifier], var.key_guardrail_ids)
  tags          = var.tags
}

# The config document. No secrets (key hashes live in DynamoDB), so a String; the task execution role reads it
# when a task starts. Standard parameters hold at most 4096 characters (parameter-store-advanced-parameters.html).
resource "aws_ssm_parameter" "this" {
  #checkov:skip=CKV2_AWS_34:The gateway's config holds model ids, table names and timeouts, no secrets.
  name        = local.config_parameter_name
  description = "Config document of the bedrock-gateway ECS service (GATEWAY_CONFIG_JSON). A change applies to tasks started afterwards: run app-cd or force a new deployment."
  type        = "String"
  tier        = "Standard"
  value       = jsonencode(local.gateway_config)
  tags        = var.tags

  lifecycle {
    precondition {
      condition     = length(jsonencode(local.gateway_config)) <= 4096
      error_message = "The rendered gateway config exceeds a standard SSM parameter's 4096 characters; move models into fewer, shorter entries."
    }
  }
}

################################################################################
# Network
################################################################################

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.6.0"

  name = var.name_prefix
  cidr = var.vpc_cidr
  azs  = local.azs

  # /24s: public ones from .0, private ones from .100, one per zone.
  public_subnets  = [for index, zone in local.azs : cidrsubnet(var.vpc_cidr, 8, index)]
  private_subnets = [for index, zone in local.azs : cidrsubnet(var.vpc_cidr, 8, index + 100)]

  # Tasks run in the private subnets and reach AWS APIs through NAT.
  enable_nat_gateway = true
  single_nat_gateway = var.single_nat_gateway

  tags = var.tags
}

################################################################################
# Load balancer and its access logs
################################################################################

module "alb_logs" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.15.4"

  bucket        = local.alb_logs_bucket_name
  force_destroy = var.force_destroy

  # ALB access logs support SSE-S3 only; the log delivery policy lets the regional ELB account write.
  server_side_encryption_configuration = {
    rule = {
      apply_server_side_encryption_by_default = {
        sse_algorithm = "AES256"
      }
    }
  }
  attach_elb_log_delivery_policy        = true
  attach_lb_log_delivery_policy         = true
  attach_deny_insecure_transport_policy = true
  control_object_ownership              = true
  object_ownership                      = "BucketOwnerEnforced"

  lifecycle_rule = [
    {
      id      = "expire-access-logs"
      enabled = true
      filter  = {}
      expiration = {
        days = var.alb_logs_retention_days
      }
    },
  ]

  tags = var.tags
}

module "alb" {
  source  = "terraform-aws-modules/alb/aws"
  version = "10.5.0"

  name    = var.name_prefix
  vpc_id  = module.vpc.vpc_id
  subnets = module.vpc.public_subnets

  idle_timeout               = local.alb_idle_timeout
  drop_invalid_header_fields = true
  enable_deletion_protection = var.alb_deletion_protection

  access_logs = {
    bucket = module.alb_logs.s3_bucket_id
    prefix = "alb"
  }

  security_group_ingress_rules = {
    for rule in local.alb_ingress : rule.key => {
      from_port   = rule.port
      to_port     = rule.port
      ip_protocol = "tcp"
      cidr_ipv4   = rule.block
      description = "Clients on ${rule.port}"
    }
  }
  security_group_egress_rules = {
    tasks = {
      from_port   = local.container_port
      to_port     = local.container_port
      ip_protocol = "tcp"
      cidr_ipv4   = module.vpc.vpc_cidr_block
      description = "The gateway tasks"
    }
  }

  listeners = { for key, listener in local.listeners : key => listener if key == "http" || local.https }

  target_groups = {
    (local.target_group_key) = {
      name                 = var.name_prefix
      protocol             = "HTTP"
      port                 = local.container_port
      target_type          = "ip"
      deregistration_delay = local.deregistration_delay
      # ECS registers the tasks' addresses itself.
      create_attachment = false

      health_check = {
        enabled             = true
        path                = local.health_check_path
        matcher             = "200"
        interval            = 15
        timeout             = 5
        healthy_threshold   = 2
        unhealthy_threshold = 3
      }
    }
  }

  tags = var.tags
}

################################################################################
# Image repository
################################################################################

module "ecr" {
  source  = "terraform-aws-modules/ecr/aws"
  version = "3.2.0"

  repository_name = var.name_prefix
  # app-ci pushes each commit once, tagged with its SHA; IMMUTABLE makes ECR refuse a second push of a tag
  # (ImageTagAlreadyExistsException, repository-edit.html), so a tag always names the image CI built.
  repository_image_tag_mutability = "IMMUTABLE"
  repository_image_scan_on_push   = true
  repository_force_delete         = var.force_destroy

  repository_lifecycle_policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 50 images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 50
      }
      action = { type = "expire" }
    }]
  })

  tags = var.tags
}

################################################################################
# ECS cluster and service
################################################################################

module "ecs_cluster" {
  source  = "terraform-aws-modules/ecs/aws//modules/cluster"
  version = "7.5.0"

  name = var.name_prefix

  default_capacity_provider_strategy = {
    FARGATE = {
      weight = 100
    }
  }

  tags = var.tags
}

module "ecs_service" {
  source  = "terraform-aws-modules/ecs/aws//modules/service"
  version = "7.5.0"

  name        = var.name_prefix
  cluster_arn = module.ecs_cluster.arn

  cpu    = var.task_cpu
  memory = var.task_memory
  runtime_platform = {
    cpu_architecture        = var.cpu_architecture
    operating_system_family = "LINUX"
  }

  desired_count                      = var.desired_count
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  # A deployment whose tasks never turn healthy stops and rolls back to the last one that did.
  deployment_circuit_breaker = {
    enable   = true
    rollback = true
  }
  health_check_grace_period_seconds = 30
  # app-cd.yml deploys new task definitions (by image digest); Terraform must not roll them back.
  ignore_task_definition_changes = true

  # The task role is modules/iam above; the execution role (created here) pulls from ECR, writes the container's
  # logs and reads the config parameter.
  create_tasks_iam_role    = false
  tasks_iam_role_arn       = module.iam.role_arn
  task_exec_ssm_param_arns = [aws_ssm_parameter.this.arn]

  container_definitions = {
    (local.container_name) = {
      image                  = "${module.ecr.repository_url}:${var.image_tag}"
      essential              = true
      readonlyRootFilesystem = true
      stopTimeout            = local.stop_timeout

      portMappings = [{
        name          = "http"
        containerPort = local.container_port
        protocol      = "tcp"
      }]

      environment = [
        { name = "POWERTOOLS_SERVICE_NAME", value = var.name_prefix },
        { name = "POWERTOOLS_METRICS_NAMESPACE", value = local.metrics_namespace },
      ]
      secrets = [
        { name = "GATEWAY_CONFIG_JSON", valueFrom = aws_ssm_parameter.this.arn },
      ]

      # The Dockerfile's HEALTHCHECK, which ECS does not read from the image.
      healthCheck = {
        command     = local.health_check_command
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 10
      }

      cloudwatch_log_group_retention_in_days = var.log_retention_in_days
      cloudwatch_log_group_kms_key_id        = var.logs_kms_key_arn
    }
  }

  load_balancer = {
    service = {
      target_group_arn = module.alb.target_groups[local.target_group_key].arn
      container_name   = local.container_name
      container_port   = local.container_port
    }
  }

  subnet_ids = module.vpc.private_subnets
  security_group_ingress_rules = {
    alb = {
      from_port                    = local.container_port
      to_port                      = local.container_port
      ip_protocol                  = "tcp"
      referenced_security_group_id = module.alb.security_group_id
      description                  = "The load balancer"
    }
  }
  security_group_egress_rules = {
    https = {
      from_port   = 443
      to_port     = 443
      ip_protocol = "tcp"
      cidr_ipv4   = "0.0.0.0/0"
      description = "AWS APIs: Bedrock, DynamoDB, ECR, SSM, CloudWatch"
    }
  }

  # Scale on what a gateway task serves: ALB requests per task per minute, never under desired_count.
  enable_autoscaling       = true
  autoscaling_min_capacity = var.desired_count
  autoscaling_max_capacity = var.max_count
  autoscaling_policies = {
    requests-per-target = {
      policy_type = "TargetTrackingScaling"
      target_tracking_scaling_policy_configuration = {
        predefined_metric_specification = {
          predefined_metric_type = "ALBRequestCountPerTarget"
          resource_label         = "${module.alb.arn_suffix}/${module.alb.target_groups[local.target_group_key].arn_suffix}"
        }
        target_value = var.requests_per_target
      }
    }
  }

  tags = var.tags
}
