import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { GatewayError, InternalError } from '../core/errors.js';
import type { GatewayEnv } from './gateway-env.js';

/** Any thrown value as a GatewayError; unknown errors become a generic 500 so internals never leak. */
export function toGatewayError(error: unknown): GatewayError {
  return error instanceof GatewayError ? error : new InternalError(error);
}

/** The one place errors become HTTP responses: DESIGN.md's error shape, plus `Retry-After` on 429/503. */
export function createErrorHandler(logger: Logger) {
  return (error: unknown, c: Context<GatewayEnv>): Response => {
    const gatewayError = toGatewayError(error);
    c.var.log.error_code = gatewayError.code;
    if (gatewayError.upstreamErrorName) c.var.log.upstream_error = gatewayError.upstreamErrorName;
    if (gatewayError instanceof InternalError) {
      logger.error('unhandled error', { request_id: c.var.requestId, error: gatewayError.cause as Error });
    }
    if (gatewayError.retryAfterSeconds !== undefined) {
      c.header('retry-after', String(gatewayError.retryAfterSeconds));
    }
    return c.json(gatewayError.toJSON(c.var.requestId), gatewayError.statusCode as ContentfulStatusCode);
  };
}
