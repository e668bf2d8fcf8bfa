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

const DEFAULT_RETRY_AFTER_SECONDS = 1;

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
  const retryAfterSeconds = failure.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const upstream: GatewayErrorOptions = { upstreamErrorName: failure.name };
  // Only "try again later" answers (429, 503) tell the client when.
  const later: GatewayErrorOptions = { ...upstream, retryAfterSeconds };
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
      return new UpstreamError(
        503,
        'model_not_ready',
        `Bedrock ${model} is not ready. Retry later.`,
        true,
        later,
      );
    case 'ServiceUnavailableException':
      return new UpstreamError(
        503,
        'upstream_unavailable',
        'Bedrock is unavailable. Retry later.',
        true,
        later,
      );
    case 'NetworkError':
      return new UpstreamError(
        503,
        'upstream_unreachable',
        'Bedrock could not be reached. Retry later.',
        true,
        later,
      );
    case 'InternalServerException':
      return new UpstreamError(502, 'upstream_error', 'Bedrock returned an internal error.', true, upstream);
    case 'ModelTimeoutException':
    case 'TimeoutError':
      return new UpstreamError(
        504,
        'upstream_timeout',
        `Bedrock ${model} did not answer in time.`,
        true,
        upstream,
      );
    case 'ModelErrorException':
      return new UpstreamError(502, 'model_error', `Bedrock ${model} returned an error.`, false, upstream);
    case 'ModelStreamErrorException':
      return new UpstreamError(
        502,
        'model_stream_error',
        `Bedrock ${model} failed while streaming.`,
        false,
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
        false,
        upstream,
      );
    default:
      return new UpstreamError(502, 'upstream_error', 'The Bedrock call failed.', false, upstream);
  }
}
