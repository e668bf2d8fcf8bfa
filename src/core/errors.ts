/**
 * Errors of the gateway. Each carries the HTTP status, the OpenAI-compatible `type` and a stable `code`.
 * They become HTTP responses in exactly one place: the app's `onError`.
 */

export interface GatewayErrorOptions {
  /** The request field the error is about, when there is one (OpenAI's `param`). */
  param?: string;
  /** Seconds the client should wait before retrying (sent as `Retry-After`). */
  retryAfterSeconds?: number;
  /** The Bedrock exception behind this error, for logs and retry decisions; never sent to clients. */
  upstreamErrorName?: string;
  /**
   * Bedrock's own message for that exception, with ARNs and account ids removed: the Bedrock Runtime surface
   * relays it word for word (clients match on Bedrock's wording); the other protocols keep the gateway's.
   */
  upstreamMessage?: string;
  cause?: unknown;
}

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error'
  | 'timeout_error';

export class GatewayError extends Error {
  override name = 'GatewayError';
  readonly param: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly upstreamErrorName: string | undefined;
  readonly upstreamMessage: string | undefined;

  constructor(
    readonly statusCode: number,
    readonly errorType: ErrorType,
    readonly code: string,
    message: string,
    options: GatewayErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.param = options.param;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.upstreamErrorName = options.upstreamErrorName;
    this.upstreamMessage = options.upstreamMessage;
  }

  /** The public body. Never includes the cause, a stack or upstream internals. */
  toJSON(requestId?: string): {
    error: { type: ErrorType; code: string; message: string; param: string | null; request_id?: string };
  } {
    return {
      error: {
        type: this.errorType,
        code: this.code,
        message: this.message,
        param: this.param ?? null,
        ...(requestId ? { request_id: requestId } : {}),
      },
    };
  }
}

export class InvalidRequestError extends GatewayError {
  override name = 'InvalidRequestError';
  constructor(code: string, message: string, options?: GatewayErrorOptions) {
    super(400, 'invalid_request_error', code, message, options);
  }
}

/** A canonical parameter that the chosen model family cannot honour. Never dropped silently. */
export class UnsupportedParameterError extends InvalidRequestError {
  override name = 'UnsupportedParameterError';
  constructor(param: string, message: string) {
    super('unsupported_parameter', message, { param });
  }
}

export class AuthenticationError extends GatewayError {
  override name = 'AuthenticationError';
  constructor(code: string, message: string) {
    super(401, 'authentication_error', code, message);
  }
}

export class PermissionDeniedError extends GatewayError {
  override name = 'PermissionDeniedError';
  constructor(code: string, message: string, options?: GatewayErrorOptions) {
    super(403, 'permission_error', code, message, options);
  }
}

export class NotFoundError extends GatewayError {
  override name = 'NotFoundError';
  constructor(code: string, message: string, options?: GatewayErrorOptions) {
    super(404, 'not_found_error', code, message, options);
  }
}

export class PayloadTooLargeError extends GatewayError {
  override name = 'PayloadTooLargeError';
  constructor(limitBytes: number) {
    super(
      413,
      'request_too_large',
      'body_too_large',
      `Request body exceeds the limit of ${limitBytes} bytes.`,
    );
  }
}

export class RateLimitError extends GatewayError {
  override name = 'RateLimitError';
  /** `retryAfterSeconds` absent: the client is told a default (see the error handler), the gateway waits none. */
  constructor(code: string, message: string, retryAfterSeconds?: number, options: GatewayErrorOptions = {}) {
    super(429, 'rate_limit_error', code, message, {
      ...options,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
}

/** Bedrock failed, was unavailable or ran out of time, after retries and fallbacks. */
export class UpstreamError extends GatewayError {
  override name = 'UpstreamError';
  constructor(statusCode: 502 | 503 | 504, code: string, message: string, options: GatewayErrorOptions = {}) {
    super(
      statusCode,
      statusCode === 503 ? 'overloaded_error' : statusCode === 504 ? 'timeout_error' : 'api_error',
      code,
      message,
      options,
    );
  }
}

/**
 * A store the gateway needs (the keys or usage table) did not answer. The request is refused before any
 * Bedrock call, as a 503 the client may retry; the cause stays in the log.
 */
export class ServiceUnavailableError extends GatewayError {
  override name = 'ServiceUnavailableError';
  constructor(code: string, message: string, cause?: unknown) {
    super(503, 'api_error', code, message, { retryAfterSeconds: 1, cause });
  }
}

/** The request's deadline passed (before any model answered, or while a stream was still running). */
export function createDeadlineExceededError(beforeAnyCall: boolean): UpstreamError {
  return new UpstreamError(
    504,
    'deadline_exceeded',
    beforeAnyCall
      ? 'The request deadline passed before any model could be called.'
      : 'The answer did not finish in the time the gateway has for it.',
  );
}

/** The server began shutting down and its drain deadline passed while this stream was still running. */
export function createShuttingDownError(): UpstreamError {
  return new UpstreamError(
    503,
    'server_shutting_down',
    'The gateway is shutting down and could not finish this answer. Retry the request.',
    { retryAfterSeconds: 1 },
  );
}

/** The model stream ended without saying why: a truncation, never to be passed off as a finished answer. */
export function createStreamIncompleteError(): UpstreamError {
  return new UpstreamError(
    502,
    'upstream_stream_incomplete',
    'The model stream ended before the model finished its answer.',
  );
}

/**
 * Bedrock streamed a tool call's argument delta without the tool call it belongs to: every protocol's stream
 * converter ends the stream with this, since the arguments cannot be placed.
 */
export function createOrphanToolDeltaError(): UpstreamError {
  return new UpstreamError(
    502,
    'upstream_malformed_response',
    'Bedrock streamed tool-call arguments outside the tool call they belong to.',
  );
}

/** Anything unexpected. The message is generic on purpose: internals never reach the client. */
export class InternalError extends GatewayError {
  override name = 'InternalError';
  constructor(cause?: unknown) {
    super(500, 'api_error', 'internal_error', 'The gateway hit an internal error.', { cause });
  }
}

/**
 * The client went away before the answer (nginx's 499). Nobody reads the response; the code is for the log
 * line, and a model is never blamed for it (the circuit breaker ignores it).
 */
export class ClientClosedRequestError extends GatewayError {
  override name = 'ClientClosedRequestError';
  constructor(cause?: unknown) {
    super(499, 'api_error', 'client_closed_request', 'The client closed the request.', { cause });
  }
}
