import {
  AuthenticationError,
  type GatewayError,
  InvalidRequestError,
  PermissionDeniedError,
  RateLimitError,
} from '../../core/errors.js';

/**
 * The exceptions of Bedrock Runtime's API, with the HTTP status Bedrock answers each with (botocore
 * bedrock-runtime 2023-09-30 service model; ../shared/BEDROCK_WIRE.md "Errors"), plus the two that AWS's
 * front door answers before Bedrock does: `UnrecognizedClientException` (403) for credentials it does not know,
 * and `UnknownOperationException` (404) for a path that is no operation.
 */
export const BEDROCK_EXCEPTION_STATUSES = {
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  ServiceUnavailableException: 503,
  InternalServerException: 500,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  UnrecognizedClientException: 403,
  UnknownOperationException: 404,
} as const;

export type BedrockExceptionName = keyof typeof BEDROCK_EXCEPTION_STATUSES;

/** A gateway error as Bedrock Runtime would word it. */
export interface BedrockException {
  name: BedrockExceptionName;
  status: number;
  message: string;
}

/** The code the Bedrock surface's auth gives a SigV4-signed request (there are no IAM credentials to check). */
export const SIGV4_NOT_ACCEPTED = 'sigv4_not_accepted';

/** How a client of Bedrock's own API is told to authenticate. */
const USE_GATEWAY_KEY =
  'Use a gateway API key as the Bedrock API key: Authorization: Bearer <key>, which the AWS SDKs, the AI SDK, the Anthropic Bedrock SDK and Claude Code send when AWS_BEARER_TOKEN_BEDROCK (or their API-key option) is set to it.';

/**
 * Bedrock's words for a call to a model past its end of life (`ResourceNotFoundException`, 404), as clients
 * see them ("Bedrock in late 2026", ../shared/BEDROCK_WIRE.md).
 */
const END_OF_LIFE_MESSAGE =
  'This model version has reached the end of its life. Please refer to the AWS documentation for more details.';

/** Bedrock's words for an unknown model id (`ValidationException`, 400), which clients match on to pick another. */
const INVALID_MODEL_MESSAGE = 'The provided model identifier is invalid.';

function isBedrockExceptionName(name: string | undefined): name is BedrockExceptionName {
  return name !== undefined && Object.hasOwn(BEDROCK_EXCEPTION_STATUSES, name);
}

function exception(name: BedrockExceptionName, message: string): BedrockException {
  return { name, status: BEDROCK_EXCEPTION_STATUSES[name], message };
}

/**
 * What the gateway's own failures are called in the surface's clients, which know only Bedrock's exceptions.
 * Each gateway error code that has no exception of its own falls to its kind below.
 */
const EXCEPTIONS_BY_CODE: Readonly<Record<string, BedrockExceptionName>> = {
  upstream_timeout: 'ModelTimeoutException',
  deadline_exceeded: 'ModelTimeoutException',
  upstream_stream_incomplete: 'ModelStreamErrorException',
  model_stream_error: 'ModelStreamErrorException',
  upstream_generation_failed: 'ModelErrorException',
  model_error: 'ModelErrorException',
  model_not_ready: 'ModelNotReadyException',
  upstream_unavailable: 'ServiceUnavailableException',
  upstream_unreachable: 'ServiceUnavailableException',
  server_shutting_down: 'ServiceUnavailableException',
  key_store_unavailable: 'ServiceUnavailableException',
  usage_store_unavailable: 'ServiceUnavailableException',
  route_not_found: 'UnknownOperationException',
  inference_profile_not_found: 'ResourceNotFoundException',
};

/**
 * A gateway error as the Bedrock exception its clients understand (the error mapping table of docs/api.md):
 * - Bedrock's own exception, when Bedrock raised it, with its status and its own (redacted) message, since
 *   clients act on Bedrock's wording; the gateway's IAM refusals keep the gateway's words.
 * - The gateway's refusals: a missing or unknown key and a key's allow-list, revocation or expiry are
 *   `AccessDeniedException` (what Bedrock answers an invalid API key with), a SigV4 signature is
 *   `UnrecognizedClientException`, the key's limits `ThrottlingException`, an unknown model
 *   `ValidationException` with Bedrock's words, a model past its end of life `ResourceNotFoundException`,
 *   any invalid request `ValidationException`.
 */
export function toBedrockException(error: GatewayError): BedrockException {
  const upstream = error.upstreamErrorName;
  if (upstream === 'AccessDeniedException') return exception('AccessDeniedException', error.message);
  if (isBedrockExceptionName(upstream)) return exception(upstream, error.upstreamMessage ?? error.message);
  if (error.code === SIGV4_NOT_ACCEPTED) return exception('UnrecognizedClientException', error.message);
  if (error instanceof AuthenticationError) {
    return exception(
      'AccessDeniedException',
      error.code === 'missing_api_key'
        ? `Authentication failed: the request carries no API key. ${USE_GATEWAY_KEY}`
        : `Authentication failed: Please make sure your API Key is valid. ${USE_GATEWAY_KEY}`,
    );
  }
  if (error.code === 'model_end_of_life') {
    return exception('ResourceNotFoundException', `${END_OF_LIFE_MESSAGE} ${error.message}`);
  }
  if (error.code === 'model_not_found') return exception('ValidationException', INVALID_MODEL_MESSAGE);
  const byCode = EXCEPTIONS_BY_CODE[error.code];
  if (byCode) return exception(byCode, error.message);
  if (error instanceof PermissionDeniedError) return exception('AccessDeniedException', error.message);
  if (error instanceof RateLimitError) return exception('ThrottlingException', error.message);
  if (error instanceof InvalidRequestError || error.statusCode === 413) {
    return exception('ValidationException', error.message);
  }
  if (error.statusCode === 404) return exception('ResourceNotFoundException', error.message);
  if (error.statusCode === 503) return exception('ServiceUnavailableException', error.message);
  if (error.statusCode === 504) return exception('ModelTimeoutException', error.message);
  return exception('InternalServerException', error.message);
}
