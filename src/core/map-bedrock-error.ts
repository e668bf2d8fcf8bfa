import {
  GatewayError,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  UpstreamError,
} from './errors.js';

/** What the Bedrock client knows about a failed call, free of SDK types. */
export interface BedrockFailure {
  /** The exception name (`x-amzn-ErrorType`), e.g. `ThrottlingException`. */
  name: string;
  message?: string;
  /** Seconds from a `retry-after` header, if Bedrock sent one. */
  retryAfterSeconds?: number;
}

const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** Bedrock exceptions worth retrying on the same model (BEDROCK_WIRE.md, Errors). */
export const RETRYABLE_BEDROCK_ERRORS: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'ModelNotReadyException',
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelTimeoutException',
]);

/** Strips ARNs and account ids from upstream text, so a message can be shown to a client. */
export function redactUpstreamMessage(message: string): string {
  return message
    .replace(/arn:aws[\w-]*:[^\s"',)]+/g, '<arn>')
    .replace(/\b\d{12}\b/g, '<account>')
    .slice(0, 500);
}

/**
 * Maps a Bedrock exception to the gateway's error, following DESIGN.md's status table.
 * Errors that are the gateway's own fault (access denied, quota config) are reported without upstream detail.
 */
export function mapBedrockError(failure: BedrockFailure, modelAlias: string): GatewayError {
  const retryAfter = failure.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const detail = failure.message ? redactUpstreamMessage(failure.message) : '';
  switch (failure.name) {
    case 'ThrottlingException':
      return new RateLimitError(
        'upstream_throttled',
        `Bedrock is throttling requests to model '${modelAlias}'. Retry later.`,
        retryAfter,
      );
    case 'ServiceQuotaExceededException':
      return new RateLimitError(
        'upstream_quota_exceeded',
        `The Bedrock service quota for model '${modelAlias}' is exhausted.`,
        retryAfter,
      );
    case 'ModelNotReadyException':
      return new UpstreamError(503, 'model_not_ready', `Model '${modelAlias}' is not ready. Retry later.`, true, {
        retryAfterSeconds: retryAfter,
      });
    case 'ServiceUnavailableException':
      return new UpstreamError(503, 'upstream_unavailable', 'Bedrock is unavailable. Retry later.', true, {
        retryAfterSeconds: retryAfter,
      });
    case 'InternalServerException':
      return new UpstreamError(502, 'upstream_error', 'Bedrock returned an internal error.', true);
    case 'ModelTimeoutException':
      return new UpstreamError(504, 'upstream_timeout', `Model '${modelAlias}' timed out.`, true);
    case 'ModelErrorException':
      return new UpstreamError(502, 'model_error', `Model '${modelAlias}' returned an error.`, false);
    case 'ModelStreamErrorException':
      return new UpstreamError(502, 'model_stream_error', `Model '${modelAlias}' failed while streaming.`, false);
    case 'ValidationException':
      return new InvalidRequestError('upstream_validation', `Bedrock rejected the request: ${detail}`.trim());
    case 'ResourceNotFoundException':
      return new NotFoundError('model_not_found', `Model '${modelAlias}' is not available in Bedrock.`);
    case 'AccessDeniedException':
      return new UpstreamError(
        502,
        'upstream_access_denied',
        `The gateway is not authorized to invoke model '${modelAlias}'.`,
        false,
      );
    case 'TimeoutError':
    case 'AbortError':
      return new UpstreamError(504, 'upstream_timeout', `Model '${modelAlias}' did not answer in time.`, true);
    default:
      return new UpstreamError(502, 'upstream_error', 'Bedrock call failed.', false);
  }
}
