import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RequestLog } from './pipeline/request-log.js';

/** The default CloudWatch namespace of the gateway's metrics (config `observability.metricsNamespace`). */
export const METRICS_NAMESPACE = 'BedrockGateway';

/**
 * The metrics the gateway emits, in EMF. Each request writes one document with the dimensions
 * `service`, `Model` (the alias that answered, else the one requested, else `none`) and `Route`
 * (e.g. `/v1/generate`). A failed request also writes `Errors` with one more dimension, `ErrorClass`
 * (`4xx` or `5xx`). Key ids are never dimensions (high cardinality): they are in the log line.
 */
export const GATEWAY_METRICS = {
  Requests: MetricUnit.Count,
  Latency: MetricUnit.Milliseconds,
  TimeToFirstByte: MetricUnit.Milliseconds,
  InputTokens: MetricUnit.Count,
  OutputTokens: MetricUnit.Count,
  CacheReadTokens: MetricUnit.Count,
  CacheWriteTokens: MetricUnit.Count,
  ReasoningTokens: MetricUnit.Count,
  GuardrailInterventions: MetricUnit.Count,
  CostMicroUsd: MetricUnit.Count,
  Throttles: MetricUnit.Count,
  Fallbacks: MetricUnit.Count,
  RetryAttempts: MetricUnit.Count,
  Errors: MetricUnit.Count,
} as const;

export type GatewayMetricName = keyof typeof GATEWAY_METRICS;

/** Dimensions of the per-request document, and the extra one of `Errors`. */
export const METRIC_DIMENSIONS = ['service', 'Model', 'Route'] as const;
export const ERROR_CLASS_DIMENSION = 'ErrorClass';

/** What one finished request contributes, from the fields of its log line. */
export function recordRequestMetrics(
  metrics: Metrics,
  request: { route: string; status: number; latencyMs: number; fields: RequestLog },
): void {
  const { fields } = request;
  const model = fields.model ?? 'none';
  const attempts = fields.attempt_log ?? [];
  const add = (name: GatewayMetricName, value: number | undefined) => {
    if (value !== undefined) metrics.addMetric(name, GATEWAY_METRICS[name], value);
  };

  metrics.addDimensions({ Model: model, Route: request.route });
  add('Requests', 1);
  add('Latency', request.latencyMs);
  add('TimeToFirstByte', fields.ttfb_ms);
  add('InputTokens', fields.input_tokens);
  add('OutputTokens', fields.output_tokens);
  add('CacheReadTokens', fields.cache_read_tokens);
  add('CacheWriteTokens', fields.cache_write_tokens);
  add('ReasoningTokens', fields.reasoning_tokens);
  if (fields.guardrail_action)
    add('GuardrailInterventions', fields.guardrail_action === 'intervened' ? 1 : 0);
  add('CostMicroUsd', fields.cost_usd === undefined ? undefined : Math.round(fields.cost_usd * 1_000_000));
  add('Throttles', attempts.filter((attempt) => attempt.outcome === 'upstream_throttled').length);
  add('Fallbacks', fields.fallback_used === true ? 1 : 0);
  add('RetryAttempts', Math.max(0, attempts.length - 1));
  metrics.publishStoredMetrics();

  if (request.status >= 400) {
    const errors = metrics.singleMetric();
    errors.addDimensions({
      Model: model,
      Route: request.route,
      [ERROR_CLASS_DIMENSION]: request.status >= 500 ? '5xx' : '4xx',
    });
    errors.addMetric('Errors', GATEWAY_METRICS.Errors, 1);
  }
}
