import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { GatewayEnv } from '../gateway-env.js';
import { recordRequestMetrics } from '../gateway-metrics.js';

/** The route pattern that answered (low cardinality, fit for a metric dimension), or `unmatched`. */
function routeOf(c: Parameters<MiddlewareHandler<GatewayEnv>>[0]): string {
  const pattern = routePath(c, -1);
  return pattern === '' || pattern.endsWith('*') ? 'unmatched' : pattern;
}

/**
 * Gives each request an id (returned in `x-request-id`) and, when it ends, writes exactly one log line and
 * its metrics. Routes add fields to `c.var.log`; prompt text is never among them unless logging.prompts is on.
 * A streaming route calls `c.var.deferLog()` and ends the request itself, when the stream ends.
 */
export function requestContext(
  logger: Logger,
  metrics: Metrics | undefined,
  now: () => number,
): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const started = now();
    const requestId = randomUUID();
    let deferred = false;
    let written = false;
    const writeLog = () => {
      if (written) return;
      written = true;
      const latencyMs = now() - started;
      const route = routeOf(c);
      logger.info('request', {
        request_id: requestId,
        method: c.req.method,
        path: c.req.path,
        route,
        status: c.res.status,
        latency_ms: latencyMs,
        ...c.var.log,
      });
      if (metrics && route !== '/health') {
        recordRequestMetrics(metrics, { route, status: c.res.status, latencyMs, fields: c.var.log });
      }
    };
    c.set('requestId', requestId);
    c.set('log', {});
    c.set('deferLog', () => {
      deferred = true;
      return writeLog;
    });
    c.header('x-request-id', requestId);
    await next();
    if (!deferred) writeLog();
  };
}
