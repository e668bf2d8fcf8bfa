locals {
  # The root path and the greedy {proxy+} path share one method and one integration definition.
  resource_ids = {
    root  = aws_api_gateway_rest_api.this.root_resource_id
    proxy = aws_api_gateway_resource.this.id
  }

  custom_domain_enabled = var.custom_domain != null
  custom_domain_url     = local.custom_domain_enabled ? trimsuffix("https://${var.custom_domain.domain_name}/${var.custom_domain.base_path}", "/") : null

  # One JSON object per request. No headers, query strings or bodies: they carry API keys and prompts.
  access_log_format = jsonencode({
    requestId          = "$context.requestId"
    extendedRequestId  = "$context.extendedRequestId"
    requestTime        = "$context.requestTime"
    sourceIp           = "$context.identity.sourceIp"
    userAgent          = "$context.identity.userAgent"
    httpMethod         = "$context.httpMethod"
    path               = "$context.path"
    resourcePath       = "$context.resourcePath"
    protocol           = "$context.protocol"
    status             = "$context.status"
    responseLength     = "$context.responseLength"
    responseLatency    = "$context.responseLatency"
    integrationStatus  = "$context.integration.status"
    integrationLatency = "$context.integration.latency"
    integrationError   = "$context.integration.error"
    errorMessage       = "$context.error.message"
    errorResponseType  = "$context.error.responseType"
    wafStatus          = "$context.waf.status"
  })
}

resource "aws_api_gateway_rest_api" "this" {
  name        = var.name
  description = "bedrock-gateway: inference API for Amazon Bedrock (Lambda proxy, response streaming)."
  tags        = var.tags

  # Response streaming is a REST API feature (not HTTP APIs); a regional endpoint has a 5-minute idle timeout.
  endpoint_configuration {
    types = ["REGIONAL"]
  }

  lifecycle {
    create_before_destroy = true
  }
}

# The greedy {proxy+} path; every route (/v1/generate, /v1/chat/completions, ...) is served by the function.
resource "aws_api_gateway_resource" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "{proxy+}"
}

resource "aws_api_gateway_method" "this" {
  #checkov:skip=CKV_AWS_59:The function authenticates every request with the gateway's own API keys (Authorization: Bearer or x-api-key).
  #checkov:skip=CKV2_AWS_53:The function validates every body with strict schemas; a request validator cannot describe a greedy proxy.
  for_each = local.resource_ids

  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = each.value
  http_method   = "ANY"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "this" {
  for_each = aws_api_gateway_method.this

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = each.value.resource_id
  http_method             = each.value.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = var.lambda_response_streaming_invoke_arn
  response_transfer_mode  = "STREAM"
  timeout_milliseconds    = var.integration_timeout_ms
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.this.id,
      aws_api_gateway_method.this,
      aws_api_gateway_integration.this,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "access" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts log data at rest by default; pass logs_kms_key_arn for a customer managed key.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_in_days input; the 30-day default keeps storage cost low.
  name              = "/aws/apigateway/${var.name}/access"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.logs_kms_key_arn
  tags              = var.tags
}

# API Gateway writes execution logs to a group it names itself. Creating the group here first
# gives it a retention instead of "never expire".
resource "aws_cloudwatch_log_group" "execution" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts log data at rest by default; pass logs_kms_key_arn for a customer managed key.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_in_days input; the 30-day default keeps storage cost low.
  count = var.execution_logging_level == "OFF" ? 0 : 1

  name              = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${var.stage_name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.logs_kms_key_arn
  tags              = var.tags
}

resource "aws_api_gateway_stage" "this" {
  #checkov:skip=CKV_AWS_120:STREAM integrations do not support endpoint caching.
  #checkov:skip=CKV2_AWS_29:A WAF web ACL is optional (waf_web_acl_arn); it costs a monthly fee per ACL and rule.
  #checkov:skip=CKV2_AWS_51:Clients authenticate with the gateway's API keys; mutual TLS client certificates do not apply.
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = var.stage_name
  xray_tracing_enabled = true
  tags                 = var.tags

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = local.access_log_format
  }

  # Access logging needs the account's CloudWatch role to be in place first.
  depends_on = [aws_api_gateway_account.this]
}

resource "aws_api_gateway_method_settings" "this" {
  #checkov:skip=CKV_AWS_225:STREAM integrations do not support caching.
  #checkov:skip=CKV_AWS_308:Caching is off, so there is no cache data to encrypt.
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = var.execution_logging_level
    data_trace_enabled     = false
    caching_enabled        = false
    throttling_burst_limit = var.throttling_burst_limit
    throttling_rate_limit  = var.throttling_rate_limit
  }

  depends_on = [aws_cloudwatch_log_group.execution]
}

resource "aws_lambda_permission" "this" {
  statement_id  = "AllowInvokeFromApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = var.lambda_function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/*/*"
}

resource "aws_wafv2_web_acl_association" "this" {
  count = var.waf_web_acl_arn == null ? 0 : 1

  resource_arn = aws_api_gateway_stage.this.arn
  web_acl_arn  = var.waf_web_acl_arn
}

resource "aws_api_gateway_domain_name" "this" {
  count = local.custom_domain_enabled ? 1 : 0

  domain_name              = var.custom_domain.domain_name
  regional_certificate_arn = var.custom_domain.certificate_arn
  security_policy          = "TLS_1_2"
  tags                     = var.tags

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_base_path_mapping" "this" {
  count = local.custom_domain_enabled ? 1 : 0

  api_id      = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  domain_name = aws_api_gateway_domain_name.this[0].domain_name
  base_path   = var.custom_domain.base_path == "" ? null : var.custom_domain.base_path
}
