locals {
  # The gateway reads its configuration from this file, packaged beside the bundle, because
  # Lambda environment variables are limited to 4 KB in total and a model registry outgrows that.
  config_filename = "gateway.config.json"

  # Every code file of the esbuild output (index.mjs, ...), except a stray local config that would clash with
  # the rendered one. Never a source map: archive_file keeps each source block's content in the state and in
  # every saved plan, and the map is about four times the bundle (npm run build writes it to
  # dist/sourcemaps/lambda instead). The web console's static files (console/index.html, .js, .css; about 92 KB)
  # ride along: the gateway reads them from disk only when /console is requested.
  bundle_files = setsubtract(fileset(var.source_dir, "**/*.{mjs,js,cjs,json,html,css}"), [local.config_filename])
}

data "archive_file" "this" {
  type             = "zip"
  output_path      = "${path.root}/.build/${var.function_name}.zip"
  output_file_mode = "0644"

  dynamic "source" {
    for_each = local.bundle_files

    content {
      content  = file("${var.source_dir}/${source.value}")
      filename = source.value
    }
  }

  source {
    content  = var.gateway_config_json
    filename = local.config_filename
  }

  lifecycle {
    precondition {
      condition     = contains(local.bundle_files, "index.mjs")
      error_message = "No Lambda bundle at ${var.source_dir}/index.mjs. Run `npm ci && npm run build` at the repository root first."
    }
  }
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts log data at rest by default; pass logs_kms_key_arn for a customer managed key.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_in_days input; the 30-day default keeps storage cost low.
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.logs_kms_key_arn
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:Bedrock, DynamoDB and CloudWatch are reached over AWS endpoints with SigV4; a VPC would add NAT or endpoint cost and no protection.
  #checkov:skip=CKV_AWS_116:API Gateway invokes the function synchronously; a dead-letter queue only applies to asynchronous invocations.
  #checkov:skip=CKV_AWS_272:The bundle is built and deployed by the same pipeline run; code signing is not configured.
  #checkov:skip=CKV_AWS_173:The environment holds table names, a file path and log settings only, no secrets.
  function_name                  = var.function_name
  description                    = var.description
  role                           = var.role_arn
  filename                       = data.archive_file.this.output_path
  source_code_hash               = data.archive_file.this.output_base64sha256
  handler                        = "index.handler"
  runtime                        = "nodejs22.x"
  architectures                  = ["arm64"]
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = coalesce(var.reserved_concurrency, -1)

  environment {
    variables = merge(var.environment_variables, {
      GATEWAY_CONFIG_FILE          = "/var/task/${local.config_filename}"
      GATEWAY_KEYS_TABLE           = var.keys_table_name
      GATEWAY_USAGE_TABLE          = var.usage_table_name
      POWERTOOLS_LOG_LEVEL         = var.log_level
      POWERTOOLS_SERVICE_NAME      = var.service_name
      POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
    })
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.this.name
    application_log_level = var.log_level
    system_log_level      = "WARN"
  }

  tags = var.tags
}
