variable "role_name" {
  description = "Name of the role (the Lambda execution role, or the ECS task role). The inline policy is named \"<role_name>-permissions\", the Bedrock policies \"<role_name>-bedrock-<n>\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,52}$", var.role_name))
    error_message = "role_name must be 1-52 characters of letters, digits and +=,.@_- (IAM allows 64; the policy name adds 12)."
  }
}

variable "bedrock_region" {
  description = "Region the gateway calls Bedrock in. Base model ARNs and inference-profile ARNs are scoped to it; inference-profile ARNs in bedrock_models must be in it."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.bedrock_region))
    error_message = "bedrock_region must be an AWS region name such as us-east-1."
  }
}

variable "bedrock_models" {
  description = "The models the gateway may invoke; only these become IAM resources. id is a base model id, a system inference-profile id (us., eu., apac., jp., au., us-gov., global., ...) or ARN, or an application-inference-profile ARN; an application profile also names the base model ids it routes to in foundation_model_ids (Terraform cannot read them from the ARN)."
  type = list(object({
    id                   = string
    foundation_model_ids = optional(list(string), [])
  }))

  validation {
    condition     = length(var.bedrock_models) > 0
    error_message = "bedrock_models must name at least one model."
  }

  validation {
    condition = alltrue([for model in var.bedrock_models : anytrue([
      can(regex("^[a-z][a-z0-9-]*\\.[A-Za-z0-9._:-]+$", model.id)),
      can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:inference-profile/[a-z][a-z0-9-]*\\.[A-Za-z0-9._:-]+$", model.id)),
      can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:application-inference-profile/[A-Za-z0-9.:-]{1,64}$", model.id)),
    ])])
    error_message = "Each id in bedrock_models must be a model id such as anthropic.claude-3-haiku-20240307-v1:0, an inference-profile id such as us.amazon.nova-lite-v1:0 or its ARN, or an application-inference-profile ARN; wildcards are not allowed."
  }

  validation {
    condition = alltrue([for model in var.bedrock_models :
      startswith(model.id, "arn:") ? split(":", model.id)[3] == var.bedrock_region : true
    ])
    error_message = "An inference-profile ARN in bedrock_models must be in bedrock_region, where the gateway calls Bedrock."
  }

  validation {
    condition = alltrue([for model in var.bedrock_models :
      can(regex(":application-inference-profile/", model.id)) ? length(model.foundation_model_ids) > 0 && length(model.foundation_model_ids) <= 2 : length(model.foundation_model_ids) == 0
    ])
    error_message = "An application-inference-profile ARN needs foundation_model_ids: the base model id it routes to (an application profile is made from one model; at most 2 ids). Other ids must not set foundation_model_ids."
  }

  validation {
    condition = alltrue(flatten([for model in var.bedrock_models : [
      for id in model.foundation_model_ids : can(regex("^[a-z][a-z0-9-]*\\.[A-Za-z0-9._:-]+$", id)) && !can(regex("^(us|us-gov|eu|apac|jp|au|ca|global)\\.", id))
    ]]))
    error_message = "Each of foundation_model_ids must be a base model id such as anthropic.claude-sonnet-4-5-20250929-v1:0, without a profile prefix or wildcards."
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
  description = "ARN of the log group the role writes to itself (without the trailing \":*\"): the Lambda function's. Null for an ECS task role, whose container logs go through the task execution role."
  type        = string
  default     = null

  validation {
    condition     = var.log_group_arn == null ? true : can(regex("^arn:aws[a-z-]*:logs:[a-z0-9-]+:[0-9]{12}:log-group:[^*]+$", var.log_group_arn))
    error_message = "log_group_arn must be null or a CloudWatch Logs log group ARN without wildcards or a \":*\" suffix."
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

variable "guardrail_ids" {
  description = "Bedrock guardrails the gateway applies (the gateway-wide one and those keys name), as guardrail ids (in the Bedrock region and this account) or ARNs. The role may call bedrock:ApplyGuardrail on exactly these."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.guardrail_ids : can(regex("^([a-z0-9]+|arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+)$", id))])
    error_message = "guardrail_ids must hold guardrail ids (lowercase letters and digits) or guardrail ARNs (arn:aws:bedrock:<region>:<account>:guardrail/<id>)."
  }
}

variable "trusted_services" {
  description = "Service principals that may assume the role: lambda.amazonaws.com for the function, ecs-tasks.amazonaws.com for an ECS task role."
  type        = list(string)
  default     = ["lambda.amazonaws.com"]

  validation {
    condition     = length(var.trusted_services) > 0 && alltrue([for service in var.trusted_services : can(regex("^[a-z0-9-]+\\.amazonaws\\.com$", service))])
    error_message = "trusted_services must name at least one service principal such as lambda.amazonaws.com or ecs-tasks.amazonaws.com."
  }
}

variable "enable_tracing" {
  description = "Grant the X-Ray write actions (on \"*\", the only resource they support). True for Lambda with active tracing; false where no X-Ray daemon or collector runs (the container target)."
  type        = bool
  default     = true
}

variable "role_description" {
  description = "Description of the role."
  type        = string
  default     = "Execution role of the bedrock-gateway Lambda function."
}

variable "workload" {
  description = "What runs with the role, in the Bedrock policies' descriptions (\"Bedrock models the <workload> may invoke\"). Fixed per deployment: IAM cannot change a policy's description, so a new one replaces the policies."
  type        = string
  default     = "bedrock-gateway Lambda"
}

variable "tags" {
  description = "Tags added to the role and its Bedrock policies."
  type        = map(string)
  default     = {}
}
