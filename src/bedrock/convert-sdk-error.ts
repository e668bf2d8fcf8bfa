import type { BedrockFailure } from '../core/map-bedrock-error.js';

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_HTTP2_STREAM_CANCEL',
  'ERR_HTTP2_GOAWAY_SESSION',
]);

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $response?: { headers?: Record<string, string | undefined> };
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Reads what matters from an AWS SDK error (or a transport error) without leaking SDK types into the core. */
export function convertSdkError(error: unknown): BedrockFailure {
  const candidate = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorLike;
  const retryAfterSeconds = parseRetryAfter(candidate.$response?.headers?.['retry-after']);
  let name = candidate.name ?? 'Error';
  if (candidate.code && NETWORK_ERROR_CODES.has(candidate.code)) name = 'NetworkError';
  return {
    name,
    ...(candidate.message ? { message: candidate.message } : {}),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}
