import type { BedrockFailure } from '../../core/map-bedrock-error.js';
import { BedrockResponseError } from './read-error-response.js';

/** Socket-level failures: Bedrock was not reached, or the connection broke, so no answer can be trusted. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * What matters of a failed Bedrock call, free of transport types, for `mapBedrockError`: Bedrock's exception
 * (name, message, `retry-after`), or `AbortError`, `TimeoutError` or `NetworkError` when no answer came.
 */
export function convertTransportError(error: unknown): BedrockFailure {
  if (error instanceof BedrockResponseError) {
    return {
      name: error.name,
      ...(error.message ? { message: error.message } : {}),
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    };
  }
  const candidate = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string;
    code?: string;
    message?: string;
  };
  const name =
    candidate.code && NETWORK_ERROR_CODES.has(candidate.code) ? 'NetworkError' : (candidate.name ?? 'Error');
  return { name, ...(candidate.message ? { message: candidate.message } : {}) };
}
