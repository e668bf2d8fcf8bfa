import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from '../gateway-env.js';

/**
 * Gives each request an id (returned in `x-request-id`) and writes exactly one log line for it.
 * Routes add fields to `c.var.log`; prompt text is never among them unless logging.prompts is on.
 * A streaming route calls `c.var.deferLog()` and writes the line itself, when the stream ends.
 */
export function requestContext(logger: Logger, now: () => number): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const started = now();
    const requestId = randomUUID();
    let deferred = false;
    let written = false;
    const writeLog = () => {
      if (written) return;
      written = true;
      logger.info('request', {
        request_id: requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        latency_ms: now() - started,
        ...c.var.log,
      });
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
