locals {
  # The gateway emits exactly two dimension sets (src/http/gateway-metrics.ts): [service, Model, Route] on every
  # per-request metric, and [service, Model, Route, ErrorClass] on Errors. There is no service-only set, so a
  # service-wide figure is a Metrics Insights aggregation over the per-model, per-route series.
  # jsonencode() double-quotes the namespace, as Metrics Insights requires for names with . / # : or -.
  request_schema = "SCHEMA(${jsonencode(var.metrics_namespace)}, Model, Route, service)"
  error_schema   = "SCHEMA(${jsonencode(var.metrics_namespace)}, ErrorClass, Model, Route, service)"
  service_filter = "service = '${var.service_name}'"

  # Service-wide queries without GROUP BY: each returns one time series, which is what an alarm can watch.
  insights = {
    requests   = "SELECT SUM(Requests) FROM ${local.request_schema} WHERE ${local.service_filter}"
    errors_5xx = "SELECT SUM(Errors) FROM ${local.error_schema} WHERE ${local.service_filter} AND ErrorClass = '5xx'"
    throttles  = "SELECT SUM(Throttles) FROM ${local.request_schema} WHERE ${local.service_filter}"
  }

  # 5xx responses as a percentage of all requests, over the two queries above (ids errors_5xx and requests).
  # FILL: a period with requests but no failures has no Errors datapoint at all. Below five_xx_min_requests
  # the rate reads 0, so a single failed request in a quiet period does not page anyone.
  five_xx_rate_expression = "IF(requests >= ${var.five_xx_min_requests}, 100 * FILL(errors_5xx, 0) / requests, 0)"

  alarm_topic_arn = var.create_sns_topic ? aws_sns_topic.this[0].arn : var.alarm_sns_topic_arn
  alarm_actions   = local.alarm_topic_arn == null ? [] : [local.alarm_topic_arn]

  # Shared by every graph. 60 s is the finest period standard-resolution metrics (and Metrics Insights) have.
  graph = {
    region  = var.region
    view    = "timeSeries"
    stacked = false
    period  = 60
    yAxis   = { left = { min = 0 } }
  }

  # The per-request counters graphed per model, in dashboard order.
  counters = [
    { metric = "InputTokens", title = "Input tokens by model" },
    { metric = "OutputTokens", title = "Output tokens by model" },
    { metric = "CacheReadTokens", title = "Prompt tokens read from the cache, by model" },
    { metric = "CacheWriteTokens", title = "Prompt tokens written to the cache, by model" },
    { metric = "ReasoningTokens", title = "Reasoning tokens (part of output) by model" },
    { metric = "GuardrailInterventions", title = "Guardrail interventions by model" },
    { metric = "CostMicroUsd", title = "Cost by model (micro-USD; 1,000,000 = 1 USD)" },
    { metric = "Throttles", title = "Bedrock throttled attempts by model" },
    { metric = "Fallbacks", title = "Fallbacks by model" },
    { metric = "RetryAttempts", title = "Retry attempts by model" },
  ]

  # Widgets are placed automatically (no x/y): left to right, then down, in this order.
  dashboard_body = jsonencode({
    widgets = concat(
      [
        {
          type   = "text"
          width  = 24
          height = 2
          properties = {
            markdown = "## ${var.name}\nGateway metrics: namespace `${var.metrics_namespace}`, service `${var.service_name}`, dimensions service, Model and Route (Errors adds ErrorClass). Service-wide lines are Metrics Insights sums over every model and route; percentiles come per model and route from SEARCH. Alarms: 5xx rate, Bedrock throttles, Lambda p99 duration, Lambda errors."
          }
        },
        {
          type   = "metric"
          width  = 8
          height = 6
          properties = merge(local.graph, {
            title = "Requests"
            stat  = "Sum"
            metrics = [
              [{ id = "total", label = "All models", expression = local.insights.requests }],
              [{ id = "by_model", expression = "SELECT SUM(Requests) FROM ${local.request_schema} WHERE ${local.service_filter} GROUP BY Model" }],
            ]
          })
        },
        {
          type   = "metric"
          width  = 8
          height = 6
          properties = merge(local.graph, {
            title = "Errors by class (4xx, 5xx)"
            stat  = "Sum"
            metrics = [
              [{ id = "by_class", expression = "SELECT SUM(Errors) FROM ${local.error_schema} WHERE ${local.service_filter} GROUP BY ErrorClass" }],
            ]
          })
        },
        {
          type   = "metric"
          width  = 8
          height = 6
          properties = merge(local.graph, {
            title = "5xx rate (%), as alarmed"
            stat  = "Sum"
            metrics = [
              [{ id = "errors_5xx", expression = local.insights.errors_5xx, visible = false }],
              [{ id = "requests", expression = local.insights.requests, visible = false }],
              [{ id = "rate", label = "5xx rate (%)", expression = local.five_xx_rate_expression }],
            ]
            annotations = { horizontal = [{ label = "alarm", value = var.five_xx_rate_threshold_percent }] }
          })
        },
        {
          type   = "metric"
          width  = 8
          height = 6
          properties = merge(local.graph, {
            title = "Latency p50 (ms), by model and route"
            metrics = [
              [{ id = "latency_p50", expression = "SEARCH('{\"${var.metrics_namespace}\",Model,Route,service} MetricName=\"Latency\" service=\"${var.service_name}\"', 'p50')" }],
            ]
          })
        },
        {
          type   = "metric"
          width  = 8
          height = 6
          properties = merge(local.graph, {
            title = "Latency p99 (ms), by model and route"
            metrics = [
              [{ id = "latency_p99", expression = "SEARCH('{\"${var.metrics_namespace}\",Model,Route,service} MetricName=\"Latency\" service=\"${var.service_name}\"', 'p99')" }],
            ]
          })
        },
        {
          type   = "metric"
          width  = 8
          height = 6
          properties = merge(local.graph, {
            title = "Time to first byte p50 / p99 (ms), by model and route"
            metrics = [
              [{ id = "ttfb_p50", label = "p50", expression = "SEARCH('{\"${var.metrics_namespace}\",Model,Route,service} MetricName=\"TimeToFirstByte\" service=\"${var.service_name}\"', 'p50')" }],
              [{ id = "ttfb_p99", label = "p99", expression = "SEARCH('{\"${var.metrics_namespace}\",Model,Route,service} MetricName=\"TimeToFirstByte\" service=\"${var.service_name}\"', 'p99')" }],
            ]
          })
        },
      ],
      # One graph per counter, a line per model (Metrics Insights GROUP BY Model, summed over routes).
      [
        for counter in local.counters : {
          type   = "metric"
          width  = 8
          height = 6
          properties = merge(local.graph, {
            title = counter.title
            stat  = "Sum"
            metrics = [
              [{ id = "by_model", expression = "SELECT SUM(${counter.metric}) FROM ${local.request_schema} WHERE ${local.service_filter} GROUP BY Model" }],
            ]
          })
        }
      ],
      [
        {
          type   = "metric"
          width  = 8
          height = 6
          properties = merge(local.graph, {
            title = "Lambda duration p50 / p99 (ms)"
            metrics = [
              ["AWS/Lambda", "Duration", "FunctionName", var.function_name, { stat = "p50", label = "p50" }],
              ["AWS/Lambda", "Duration", "FunctionName", var.function_name, { stat = "p99", label = "p99" }],
            ]
            annotations = { horizontal = [{ label = "p99 alarm", value = var.p99_latency_threshold_ms }] }
          })
        },
        {
          type   = "metric"
          width  = 8
          height = 6
          properties = merge(local.graph, {
            title = "Lambda concurrent executions"
            metrics = [
              ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", var.function_name, { stat = "Maximum", label = "Maximum" }],
            ]
          })
        },
        {
          type   = "metric"
          width  = 8
          height = 6
          properties = merge(local.graph, {
            title = "Lambda errors and throttles"
            metrics = [
              ["AWS/Lambda", "Errors", "FunctionName", var.function_name, { stat = "Sum", label = "Errors" }],
              ["AWS/Lambda", "Throttles", "FunctionName", var.function_name, { stat = "Sum", label = "Throttles" }],
            ]
          })
        },
      ],
      # API Gateway publishes REST API metrics per ApiName and Stage.
      var.api_name == null ? [] : [
        {
          type   = "metric"
          width  = 12
          height = 6
          properties = merge(local.graph, {
            title = "API Gateway 4XX / 5XX responses"
            metrics = [
              ["AWS/ApiGateway", "4XXError", "ApiName", var.api_name, "Stage", var.stage_name, { stat = "Sum", label = "4XX" }],
              ["AWS/ApiGateway", "5XXError", "ApiName", var.api_name, "Stage", var.stage_name, { stat = "Sum", label = "5XX" }],
            ]
          })
        },
        {
          type   = "metric"
          width  = 12
          height = 6
          properties = merge(local.graph, {
            title = "API Gateway latency p99 (ms)"
            metrics = [
              ["AWS/ApiGateway", "Latency", "ApiName", var.api_name, "Stage", var.stage_name, { stat = "p99", label = "Latency p99" }],
              ["AWS/ApiGateway", "IntegrationLatency", "ApiName", var.api_name, "Stage", var.stage_name, { stat = "p99", label = "Integration latency p99" }],
            ]
          })
        },
      ],
    )
  })
}

resource "aws_cloudwatch_dashboard" "this" {
  count = var.create_dashboard ? 1 : 0

  dashboard_name = var.name
  dashboard_body = local.dashboard_body
}

resource "aws_sns_topic" "this" {
  #checkov:skip=CKV_AWS_26:Encryption is the sns_kms_master_key_id input. CloudWatch cannot publish to a topic under the AWS managed key (alias/aws/sns); a customer managed key must allow cloudwatch.amazonaws.com.
  count = var.create_sns_topic ? 1 : 0

  name              = "${var.name}-alarms"
  kms_master_key_id = var.sns_kms_master_key_id
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "this" {
  count = var.create_sns_topic && var.alarm_email != null ? 1 : 0

  topic_arn = aws_sns_topic.this[0].arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# 5xx rate: a metric math expression over two Metrics Insights queries (5xx errors and requests, service-wide).
resource "aws_cloudwatch_metric_alarm" "five_xx_rate" {
  count = var.create_alarms ? 1 : 0

  alarm_name          = "${var.name}-5xx-rate"
  alarm_description   = "More than ${var.five_xx_rate_threshold_percent}% of the gateway's requests ended in a 5xx (service ${var.service_name}, all models and routes; periods with fewer than ${var.five_xx_min_requests} requests count as 0%)."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.five_xx_rate_threshold_percent
  evaluation_periods  = var.alarm_evaluation_periods
  datapoints_to_alarm = var.alarm_datapoints_to_alarm
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags

  metric_query {
    id          = "errors_5xx"
    expression  = local.insights.errors_5xx
    period      = var.alarm_period
    return_data = false
  }

  metric_query {
    id          = "requests"
    expression  = local.insights.requests
    period      = var.alarm_period
    return_data = false
  }

  metric_query {
    id          = "rate"
    expression  = local.five_xx_rate_expression
    label       = "5xx rate (%)"
    return_data = true
  }
}

# Bedrock throttling seen by the gateway: throttled upstream attempts, before retries and fallbacks hid them.
resource "aws_cloudwatch_metric_alarm" "throttles" {
  count = var.create_alarms ? 1 : 0

  alarm_name          = "${var.name}-bedrock-throttles"
  alarm_description   = "Bedrock throttled more than ${var.throttles_threshold} of the gateway's attempts in a period (Throttles, service ${var.service_name}, all models and routes). Retries and fallbacks may still have served the requests; raise Bedrock quotas or add fallbacks."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.throttles_threshold
  evaluation_periods  = var.alarm_evaluation_periods
  datapoints_to_alarm = var.alarm_datapoints_to_alarm
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags

  metric_query {
    id          = "throttles"
    expression  = local.insights.throttles
    period      = var.alarm_period
    label       = "Bedrock throttled attempts"
    return_data = true
  }
}

# p99 latency: alarms cannot use SEARCH and Metrics Insights has no percentiles, so this watches the p99 of the
# function's Duration, which for a streaming function spans the whole response (Bedrock time included).
resource "aws_cloudwatch_metric_alarm" "p99_latency" {
  count = var.create_alarms ? 1 : 0

  alarm_name          = "${var.name}-p99-latency"
  alarm_description   = "The p99 of the function's Duration (the whole streamed response, Bedrock time included) is above ${var.p99_latency_threshold_ms} ms."
  namespace           = "AWS/Lambda"
  metric_name         = "Duration"
  dimensions          = { FunctionName = var.function_name }
  extended_statistic  = "p99"
  period              = var.alarm_period
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.p99_latency_threshold_ms
  evaluation_periods  = var.alarm_evaluation_periods
  datapoints_to_alarm = var.alarm_datapoints_to_alarm
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# A crash, timeout or out-of-memory is never routine, so one period over the threshold is enough (1 of 1).
resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  count = var.create_alarms ? 1 : 0

  alarm_name          = "${var.name}-lambda-errors"
  alarm_description   = "The function failed more than ${var.lambda_errors_threshold} invocations in a period (AWS/Lambda Errors: crashes, timeouts, out of memory; not the gateway's own 4xx/5xx answers)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Sum"
  period              = var.alarm_period
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.lambda_errors_threshold
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}
