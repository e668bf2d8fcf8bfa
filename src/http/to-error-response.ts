import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { GatewayError, InternalError, ServiceUnavailableError } from '../core/errors.js';
import type { GatewayEnv } from './gateway-env.js';

/** Any thrown value as a GatewayError; unknown errors become a generic 500 so internals never leak. */
export function toGatewayError(error: unknown): GatewayError {
  return error instanceof GatewayError ? error : new InternalError(error);
}

/** What a client is told to wait when the cause named no time: "try again later" answers always say when. */
export const DEFAULT_CLIENT_RETRY_AFTER_SECONDS = 1;

/** `Retry-After` for an error: its own time, else the default for 429 and 503, else none. */
export function clientRetryAfterSeconds(error: GatewayError): number | undefined {
  if (error.retryAfterSeconds !== undefined) return error.retryAfterSeconds;
  return error.statusCode === 429 || error.statusCode === 503
    ? DEFAULT_CLIENT_RETRY_AFTER_SECONDS
    : undefined;
}

/**
 * How one protocol words its errors (Anthropic's `{"type":"error",...}`, Bedrock's `x-amzn-ErrorType`), for the
 * routes whose paths it `matches`. The status and `Retry-After` stay the gateway's unless the format says else.
 */
export interface ErrorFormat {
  matches(path: string): boolean;
  render(
    error: GatewayError,
    requestId: string,
  ): { body: unknown; status?: number; headers?: Record<string, string> };
}

/**
 * The one place errors become HTTP responses: DESIGN.md's error shape (which the OpenAI SDKs parse), or the
 * shape of the protocol a route speaks (`formats`), plus `Retry-After` on 429/503.
 */
export function createErrorHandler(logger: Logger, formats: readonly ErrorFormat[] = []) {
  return (error: unknown, c: Context<GatewayEnv>): Response => {
    const gatewayError = toGatewayError(error);
    c.var.log.error_code = gatewayError.code;
    if (gatewayError.upstreamErrorName) c.var.log.upstream_error = gatewayError.upstreamErrorName;
    if (gatewayError instanceof InternalError) {
      logger.error('unhandled error', { request_id: c.var.requestId, error: gatewayError.cause as Error });
    } else if (gatewayError instanceof ServiceUnavailableError) {
      logger.error('dependency unavailable', {
        request_id: c.var.requestId,
        code: gatewayError.code,
        error: gatewayError.cause as Error,
      });
    }
    const retryAfterSeconds = clientRetryAfterSeconds(gatewayError);
    if (retryAfterSeconds !== undefined) c.header('retry-after', String(retryAfterSeconds));
    const format = formats.find((candidate) => candidate.matches(c.req.path));
    if (!format)
      return c.json(gatewayError.toJSON(c.var.requestId), gatewayError.statusCode as ContentfulStatusCode);
    const rendered = format.render(gatewayError, c.var.requestId);
    for (const [name, value] of Object.entries(rendered.headers ?? {})) c.header(name, value);
    return c.json(rendered.body, (rendered.status ?? gatewayError.statusCode) as ContentfulStatusCode);
  };
}
