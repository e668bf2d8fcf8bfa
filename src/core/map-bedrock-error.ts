import {
  type GatewayError,
  type GatewayErrorOptions,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  UpstreamError,
} from './errors.js';

/** What the Bedrock client knows about a failed call, free of SDK types. */
export interface BedrockFailure {
  /**
   * The exception name (`x-amzn-ErrorType`), e.g. `ThrottlingException`; or `TimeoutError`, `AbortError`
   * or `NetworkError` when no answer arrived.
   */
  name: string;
  message?: string;
  /** Seconds from a `retry-after` header, if Bedrock sent one. */
  retryAfterSeconds?: number;
}

/** Strips ARNs and account ids from upstream text, so a message can be shown to a client. */
export function redactUpstreamMessage(message: string): string {
  return message
    .replace(/arn:aws[\w-]*:[^\s"',)]+/g, '<arn>')
    .replace(/\b\d{12}\b/g, '<account>')
    .slice(0, 500);
}

/**
 * Maps a Bedrock exception to the gateway's error, following DESIGN.md's status table.
 * Failures that are the gateway's own fault (access denied) are reported without upstream detail.
 */
export function mapBedrockError(failure: BedrockFailure, modelAlias: string): GatewayError {
  // Bedrock's own `retry-after` only: the gateway's backoff must not wait on a default meant for clients
  // (the error handler gives 429 and 503 answers a client-facing default).
  const { retryAfterSeconds } = failure;
  const upstream: GatewayErrorOptions = {
    upstreamErrorName: failure.name,
    ...(failure.message ? { upstreamMessage: redactUpstreamMessage(failure.message) } : {}),
  };
  const later: GatewayErrorOptions =
    retryAfterSeconds === undefined ? upstream : { ...upstream, retryAfterSeconds };
  const model = `model '${modelAlias}'`;
  switch (failure.name) {
    case 'ThrottlingException':
      return new RateLimitError(
        'upstream_throttled',
        `Bedrock is throttling ${model}. Retry later.`,
        retryAfterSeconds,
        later,
      );
    case 'ServiceQuotaExceededException':
      return new RateLimitError(
        'upstream_quota_exceeded',
        `The Bedrock quota for ${model} is exhausted.`,
        retryAfterSeconds,
        later,
      );
    case 'ModelNotReadyException':
      return new UpstreamError(503, 'model_not_ready', `Bedrock ${model} is not ready. Retry later.`, later);
    case 'ServiceUnavailableException':
      return new UpstreamError(503, 'upstream_unavailable', 'Bedrock is unavailable. Retry later.', later);
    case 'NetworkError':
      return new UpstreamError(
        503,
        'upstream_unreachable',
        'Bedrock could not be reached. Retry later.',
        later,
      );
    case 'InternalServerException':
      return new UpstreamError(502, 'upstream_error', 'Bedrock returned an internal error.', upstream);
    case 'ModelTimeoutException':
    case 'TimeoutError':
      return new UpstreamError(504, 'upstream_timeout', `Bedrock ${model} did not answer in time.`, upstream);
    case 'ModelErrorException':
      return new UpstreamError(502, 'model_error', `Bedrock ${model} returned an error.`, upstream);
    case 'ModelStreamErrorException':
      return new UpstreamError(
        502,
        'model_stream_error',
        `Bedrock ${model} failed while streaming.`,
        upstream,
      );
    case 'ValidationException': {
      const detail = failure.message ? `: ${redactUpstreamMessage(failure.message)}` : '.';
      return new InvalidRequestError(
        'upstream_validation',
        `Bedrock rejected the request for ${model}${detail}`,
        upstream,
      );
    }
    case 'ResourceNotFoundException':
      return new NotFoundError('model_not_found', `Bedrock does not know ${model}.`, upstream);
    case 'AccessDeniedException':
      return new UpstreamError(
        502,
        'upstream_access_denied',
        `The gateway is not authorized to invoke ${model}.`,
        upstream,
      );
    default:
      return new UpstreamError(502, 'upstream_error', 'The Bedrock call failed.', upstream);
  }
}
