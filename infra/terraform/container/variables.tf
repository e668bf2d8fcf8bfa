# The gateway's own inputs (models, guardrails, tables, logging) are the Lambda root's, with the same types,
# defaults and validations: test/infra/container-target.test.ts fails when the two roots drift apart. The
# container's inputs follow.

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name: the cluster, service, load balancer, repository, VPC, the <prefix>-keys and <prefix>-usage tables, the roles. Also the Powertools service name."
  type        = string
  default     = "bedrock-gateway"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 characters of lower-case letters, digits and '-', starting with a letter and not ending with '-'."
  }
}

variable "tags" {
  description = "Tags for every resource (applied as provider default_tags and passed to each module)."
  type        = map(string)
  default     = {}
}

variable "models" {
  description = "Extra or overriding models, by alias, over the gateway's built-in catalogue (DEFAULT_MODELS, unless include_default_models = false). An alias of the catalogue replaces that model; a new alias adds one. Attribute names are snake_case here and rendered as the gateway's camelCase config (max_output_tokens -> maxOutputTokens, price.input_per_mtok -> price.inputPerMTok). id is a Bedrock model id, a system inference-profile id (us., eu., apac., jp., au., us-gov., global., ...) or ARN, or an application-inference-profile ARN; an application profile must list the base model ids it routes to in foundation_model_ids, which only IAM uses. Prices are USD per million tokens."
  type = map(object({
    id                = string
    family            = string
    api               = optional(string, "converse")
    max_output_tokens = number
    context_window    = number
    price = object({
      input_per_mtok  = number
      output_per_mtok = number
    })
    fallbacks            = optional(list(string), [])
    foundation_model_ids = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for alias in keys(var.models) : can(regex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$", alias))])
    error_message = "Each alias in models must be 1-64 characters of letters, digits and . _ : - starting with a letter or digit."
  }

  validation {
    condition = alltrue([for model in values(var.models) : anytrue([
      can(regex("^[a-z][a-z0-9-]*\\.[A-Za-z0-9._:-]+$", model.id)),
      can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:inference-profile/[a-z][a-z0-9-]*\\.[A-Za-z0-9._:-]+$", model.id)),
      can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:application-inference-profile/[A-Za-z0-9.:-]{1,64}$", model.id)),
    ])])
    error_message = "Each model id must be a Bedrock model id such as amazon.nova-lite-v1:0, an inference-profile id such as global.anthropic.claude-sonnet-4-5-20250929-v1:0 or its ARN, or an application-inference-profile ARN such as arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6; wildcards are not allowed."
  }

  validation {
    condition = alltrue([for model in values(var.models) :
      can(regex(":application-inference-profile/", model.id)) ? length(model.foundation_model_ids) > 0 && length(model.foundation_model_ids) <= 2 : length(model.foundation_model_ids) == 0
    ])
    error_message = "A model whose id is an application-inference-profile ARN needs foundation_model_ids: the base model id it routes to (an application profile is made from one model; at most 2 ids), which IAM allows only through that profile. Other ids must not set foundation_model_ids."
  }

  validation {
    condition = alltrue(flatten([for model in values(var.models) : [
      for id in model.foundation_model_ids : can(regex("^[a-z][a-z0-9-]*\\.[A-Za-z0-9._:-]+$", id)) && !can(regex("^(us|us-gov|eu|apac|jp|au|ca|global)\\.", id))
    ]]))
    error_message = "Each of foundation_model_ids must be a base model id such as anthropic.claude-sonnet-4-5-20250929-v1:0, without a profile prefix or wildcards."
  }

  validation {
    condition     = alltrue([for model in values(var.models) : contains(["anthropic", "titan-text", "llama3", "mistral", "nova", "cohere-command-r", "openai", "deepseek", "mistral-chat", "titan-embed", "cohere-embed"], model.family)])
    error_message = "Each model family must be one of anthropic, titan-text, llama3, mistral, nova, cohere-command-r, openai, deepseek, mistral-chat, titan-embed, cohere-embed."
  }

  validation {
    condition     = alltrue([for model in values(var.models) : contains(["converse", "invoke"], model.api)])
    error_message = "Each model api must be converse or invoke."
  }

  validation {
    condition     = alltrue([for model in values(var.models) : contains(["titan-embed", "cohere-embed"], model.family) ? model.api == "invoke" : model.max_output_tokens > 0])
    error_message = "Embedding models (titan-embed, cohere-embed) must use api = \"invoke\"; text models need max_output_tokens > 0."
  }

  validation {
    condition     = alltrue([for model in values(var.models) : contains(["openai", "deepseek", "mistral-chat"], model.family) ? model.api == "converse" : true])
    error_message = "The openai, deepseek and mistral-chat families have no native-body codec in the gateway: their api must be \"converse\"."
  }

  validation {
    condition     = alltrue([for model in values(var.models) : model.max_output_tokens >= 0 && model.context_window > 0 && model.price.input_per_mtok >= 0 && model.price.output_per_mtok >= 0])
    error_message = "max_output_tokens and prices must be >= 0 and context_window must be > 0."
  }

  # The rules below also read the built-in catalogue (local.built_in_models). They must not refer to a local
  # derived from var.models, and include_default_models must not refer back to models: a validation runs before
  # anything that refers to its variable, so either would be a dependency cycle.
  validation {
    condition     = var.include_default_models || length(var.models) > 0
    error_message = "With include_default_models = false, models must hold at least one model."
  }

  validation {
    condition = alltrue(flatten([for alias, model in var.models : [
      for fallback in model.fallbacks : fallback != alias && contains(concat(keys(var.models), keys(local.built_in_models)), fallback) && (
        contains(["titan-embed", "cohere-embed"], lookup(merge({ for name, built_in in local.built_in_models : name => built_in.family }, { for name, other in var.models : name => other.family }), fallback, "")) == contains(["titan-embed", "cohere-embed"], model.family)
      )
    ]]))
    error_message = "Each fallback must be the alias of another served model (in models, or a built-in model that is not end-of-life while include_default_models is true) of the same kind: text models fall back to text models, embedding models to embedding models."
  }
}

variable "include_default_models" {
  description = "Serve the gateway's built-in catalogue (its models that are not end-of-life, listed in default-models.json), with models over it. False serves exactly models, which must then hold at least one model (checked on models)."
  type        = bool
  default     = true
}

variable "default_model" {
  description = "Alias of the model used when a request names none: a key of models or of the built-in catalogue. Null keeps the gateway's own default (a built-in model), so it needs include_default_models = true."
  type        = string
  default     = null

  validation {
    condition     = var.default_model == null ? var.include_default_models : contains(concat(keys(var.models), keys(local.built_in_models)), var.default_model)
    error_message = "default_model must be an alias in models or (with include_default_models) in the built-in catalogue; it can only be null while include_default_models is true."
  }
}

variable "bedrock_region" {
  description = "Region the gateway calls Bedrock in. Null means the deployment region. IAM scopes base-model and inference-profile ARNs to it."
  type        = string
  default     = null

  validation {
    condition     = var.bedrock_region == null ? true : can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.bedrock_region))
    error_message = "bedrock_region must be null or an AWS region name such as us-east-1."
  }
}

variable "log_level" {
  description = "Gateway log level (DEBUG, INFO, WARN, ERROR): the config document's logging.level."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "log_prompts" {
  description = "Log prompt and completion text (config logging.prompts). Off by default: prompts may hold personal data."
  type        = bool
  default     = false
}

variable "guardrail" {
  description = "A Bedrock guardrail applied to every call of every key (config governance.guardrail): its id (or ARN) and version (a number or DRAFT). A key's own guardrail wins. Null: none gateway-wide."
  type = object({
    identifier = string
    version    = string
  })
  default = null

  validation {
    condition     = var.guardrail == null ? true : can(regex("^([a-z0-9]+|arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+)$", var.guardrail.identifier)) && can(regex("^([1-9][0-9]{0,7}|DRAFT)$", var.guardrail.version))
    error_message = "guardrail.identifier must be a guardrail id or ARN, and guardrail.version a version number or DRAFT."
  }
}

variable "key_guardrail_ids" {
  description = "Further Bedrock guardrails (ids or ARNs) that API keys may name (bedrock-gateway keys create --guardrail). The gateway may apply exactly these and var.guardrail."
  type        = list(string)
  default     = []
}

variable "log_retention_in_days" {
  description = "Retention of the container's log group, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "logs_kms_key_arn" {
  description = "ARN of a customer managed KMS key for the container's log group. Null uses CloudWatch Logs' default encryption. The key policy must allow logs.<region>.amazonaws.com."
  type        = string
  default     = null

  validation {
    condition     = var.logs_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be null or a KMS key ARN."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for the DynamoDB tables. Null uses the AWS managed key. The task role gets kms:Decrypt on it via DynamoDB."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "dynamodb_deletion_protection" {
  description = "Protect both tables (API keys, usage) from deletion. Turn off and apply before terraform destroy."
  type        = bool
  default     = true
}

variable "image_tag" {
  description = "Tag of the image in the created ECR repository that the first task definition runs: the commit SHA app-ci.yml pushed (push one before the first apply, docs/deploy-container.md). Later deployments come from app-cd.yml, by digest; Terraform ignores the service's task definition after creating it, so changing this does not roll back a deployment."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be an image tag (letters, digits, _ . -, up to 128), such as the commit SHA; not latest, which an immutable repository cannot move."
  }
}

variable "certificate_arn" {
  description = "ARN of an ACM certificate in this region for the load balancer's HTTPS listener (443); HTTP (80) then redirects to HTTPS. Null serves plain HTTP on 80 only: for trials, never for real keys."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null ? true : can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be null or an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)."
  }
}

variable "ssl_policy" {
  description = "Security policy of the HTTPS listener (TLS versions and ciphers)."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = can(regex("^ELBSecurityPolicy-", var.ssl_policy))
    error_message = "ssl_policy must be an ELB security policy name such as ELBSecurityPolicy-TLS13-1-2-2021-06."
  }
}

variable "allowed_cidr_blocks" {
  description = "IPv4 CIDR blocks that may reach the load balancer's listeners. The gateway authenticates every /v1 call with its API keys; narrow this for an internal gateway."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.allowed_cidr_blocks) > 0 && alltrue([for block in var.allowed_cidr_blocks : can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])$", block))])
    error_message = "allowed_cidr_blocks must hold at least one IPv4 CIDR block such as 10.0.0.0/8."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the created VPC. Each availability zone gets a /24 public subnet (load balancer, NAT gateway) and a /24 private subnet (tasks)."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/([0-9]|1[0-6])$", var.vpc_cidr))
    error_message = "vpc_cidr must be an IPv4 CIDR block of /16 or larger, such as 10.0.0.0/16."
  }
}

variable "availability_zone_count" {
  description = "How many availability zones the VPC, the load balancer and the tasks span (2 or 3). An ALB needs two."
  type        = number
  default     = 2

  validation {
    condition     = contains([2, 3], var.availability_zone_count)
    error_message = "availability_zone_count must be 2 or 3."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper; the tasks lose egress if its zone fails) instead of one per zone. The tasks reach Bedrock, DynamoDB, ECR, SSM and CloudWatch through it."
  type        = bool
  default     = true
}

variable "task_cpu" {
  description = "CPU units of a task (1024 = 1 vCPU). Fargate allows set pairs of cpu and memory."
  type        = number
  default     = 1024

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.task_cpu)
    error_message = "task_cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384."
  }
}

variable "task_memory" {
  description = "Memory of a task in MiB; must suit task_cpu on Fargate (1024 CPU: 2048-8192)."
  type        = number
  default     = 2048

  validation {
    condition     = var.task_memory >= 512 && var.task_memory <= 122880
    error_message = "task_memory must be between 512 and 122880 MiB."
  }
}

variable "cpu_architecture" {
  description = "CPU architecture of the tasks, which must match the image: X86_64 for an image built on a default GitHub runner, ARM64 (Graviton, cheaper per vCPU) for an arm64 image."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "desired_count" {
  description = "Tasks the service runs, and the autoscaling minimum. At least 2, in different zones, so a deployment or a zone failure keeps the gateway up."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 2 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number of at least 2."
  }
}

variable "max_count" {
  description = "Autoscaling maximum of tasks: the cost guard of the container target."
  type        = number
  default     = 10

  validation {
    condition     = var.max_count >= var.desired_count && floor(var.max_count) == var.max_count
    error_message = "max_count must be a whole number of at least desired_count."
  }
}

variable "requests_per_target" {
  description = "Target of the autoscaling policy: ALB requests per task per minute (ALBRequestCountPerTarget). Streams hold a task for long, so keep it low."
  type        = number
  default     = 120

  validation {
    condition     = var.requests_per_target > 0
    error_message = "requests_per_target must be positive."
  }
}

variable "request_deadline_seconds" {
  description = "The gateway's deadline for a whole request, every attempt and fallback included (config reliability.deadlineMs, whose default is 300 s). The load balancer's idle timeout and the target group's deregistration delay are set from it, so no answer is cut by the load balancer first."
  type        = number
  default     = 300

  validation {
    condition     = var.request_deadline_seconds >= 1 && var.request_deadline_seconds <= 3590 && floor(var.request_deadline_seconds) == var.request_deadline_seconds
    error_message = "request_deadline_seconds must be a whole number from 1 to 3590 (the deregistration delay adds 10 s and allows at most 3600)."
  }
}

variable "drain_timeout_seconds" {
  description = "On SIGTERM, how long in-flight requests may run before the gateway cuts live streams with a server_shutting_down event (config server.drainTimeoutMs). The container's stopTimeout is set to fit it (docs/operations.md, Shutdown)."
  type        = number
  default     = 20

  validation {
    condition     = var.drain_timeout_seconds >= 0 && var.drain_timeout_seconds <= 111 && floor(var.drain_timeout_seconds) == var.drain_timeout_seconds
    error_message = "drain_timeout_seconds must be a whole number from 0 to 111: stopTimeout = drain + 2 x 2 s grace + 5 s flush, and Fargate allows at most 120 s."
  }
}

variable "alb_deletion_protection" {
  description = "Protect the load balancer from deletion. Turn off and apply before terraform destroy."
  type        = bool
  default     = true
}

variable "alb_logs_retention_days" {
  description = "Days the load balancer's access logs stay in the S3 bucket before they expire."
  type        = number
  default     = 90

  validation {
    condition     = var.alb_logs_retention_days >= 1
    error_message = "alb_logs_retention_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete the access-log bucket and the image repository with their contents. Off by default, so a destroy stops at a bucket or repository that still holds objects."
  type        = bool
  default     = false
}
