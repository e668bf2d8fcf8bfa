import type { GatewayError } from '../../core/errors.js';
import type { ErrorFormat } from '../to-error-response.js';

/** Anthropic's status for an overloaded API (https://platform.claude.com/docs/en/api/errors: `529 - overloaded_error`). */
const OVERLOADED_STATUS = 529;

/**
 * The longest wait the Anthropic SDKs honour from `retry-after` (they fall back to their own backoff above 60 s,
 * `@anthropic-ai/sdk` `retryRequest`). A refusal that lasts longer (a daily token limit, a monthly budget) says
 * `x-should-retry: false`, which the SDKs obey, so that Claude Code does not retry ten times in vain.
 */
const LONGEST_HONOURED_RETRY_AFTER_SECONDS = 60;

/** The request id as Anthropic's `request-id` header carries it, beside the gateway's own `x-request-id`. */
export const ANTHROPIC_REQUEST_ID_HEADER = 'request-id';

/**
 * A gateway error in Anthropic's shape: `{"type":"error","error":{"type","message"},"request_id"}`. The gateway's
 * error types are already Anthropic's (`invalid_request_error`, `authentication_error`, `permission_error`,
 * `not_found_error`, `request_too_large`, `rate_limit_error`, `api_error`, `overloaded_error`, `timeout_error`),
 * so the SDKs raise their typed errors; Bedrock being overloaded or unavailable (the gateway's 503
 * `overloaded_error`) is Anthropic's 529. Messages are the gateway's, which keep Bedrock's wording where it is
 * safe (Claude Code's recovery matches on it).
 */
export function renderAnthropicError(
  error: GatewayError,
  requestId?: string,
): { body: unknown; status: number; headers: Record<string, string> } {
  const status =
    error.errorType === 'overloaded_error' && error.statusCode === 503 ? OVERLOADED_STATUS : error.statusCode;
  const wait = error.retryAfterSeconds;
  return {
    body: {
      type: 'error',
      error: { type: error.errorType, message: error.message },
      ...(requestId ? { request_id: requestId } : {}),
    },
    status,
    headers: {
      ...(requestId ? { [ANTHROPIC_REQUEST_ID_HEADER]: requestId } : {}),
      ...(wait !== undefined && wait > LONGEST_HONOURED_RETRY_AFTER_SECONDS
        ? { 'x-should-retry': 'false' }
        : {}),
    },
  };
}

/** Errors of the Messages routes (`/v1/messages`, `/v1/messages/count_tokens`, and unknown paths under them). */
export const anthropicErrorFormat: ErrorFormat = {
  matches: (path) => path === '/v1/messages' || path.startsWith('/v1/messages/'),
  render: (error, requestId) => renderAnthropicError(error, requestId),
};
