import type { Context } from 'hono';
import type { GatewayEnv } from './gateway-env.js';
import type { RequestScope } from './pipeline/request-scope.js';

/** Work after a response with nobody to keep it alive (an app called without an entry, as in unit tests). */
function runDetached(promise: Promise<unknown>): void {
  void promise;
}

/** Adapts a route's Hono Context to the pipeline's plain request scope. */
export function createRequestScope(c: Context<GatewayEnv>, started: number): RequestScope {
  return {
    requestId: c.var.requestId,
    key: c.var.apiKey,
    signal: c.req.raw.signal,
    started,
    remainingTimeMs: c.env?.remainingTimeMs,
    shutdownSignal: c.env?.streamCutoff,
    log: c.var.log,
    waitUntil: c.env?.waitUntil ?? runDetached,
  };
}
