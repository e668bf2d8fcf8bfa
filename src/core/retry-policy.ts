import type { GatewayError } from './errors.js';

/** How the gateway retries one model and when it moves down the fallback chain. */
export interface RetryPolicy {
  /** Attempts on one model, the first included. */
  maxAttemptsPerModel: number;
  /** Backoff base: the nth retry waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A retry is started only if at least this much of the deadline would be left for it. */
  minAttemptMs: number;
  /** On throttling: try the next model at once, or retry this one first. */
  fallbackOnThrottle: 'immediately' | 'after-retries';
}

/**
 * What a failure means for the chain.
 * - `fatal`: the request itself is wrong (validation); no other attempt can help.
 * - `throttled`: the model is busy; retry later or elsewhere.
 * - `transient`: worth retrying on the same model (unavailable, internal, not ready, timeouts).
 * - `model-failed`: this model cannot answer (model error, access, not found); try the next one.
 */
export type FailureKind = 'fatal' | 'throttled' | 'transient' | 'model-failed';

const TRANSIENT_UPSTREAM_ERRORS: ReadonlySet<string> = new Set([
  'ModelNotReadyException',
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelTimeoutException',
  'TimeoutError',
  'NetworkError',
]);

/** Classifies a failed attempt. Client errors the gateway raised itself (a bad parameter) are fatal. */
export function classifyFailure(error: GatewayError): FailureKind {
  const upstream = error.upstreamErrorName;
  if (upstream === 'ThrottlingException') return 'throttled';
  if (upstream !== undefined && TRANSIENT_UPSTREAM_ERRORS.has(upstream)) return 'transient';
  if (upstream === 'ValidationException') return 'fatal';
  if (upstream !== undefined) return 'model-failed';
  return error.statusCode >= 500 ? 'model-failed' : 'fatal';
}

/** Exponential backoff with full jitter (the AWS Architecture Blog's recommendation). */
export function computeBackoffMs(retryNumber: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.floor(random() * ceiling);
}

export type NextStep = { type: 'retry'; delayMs: number } | { type: 'next-model' } | { type: 'stop' };

export interface FailedAttempt {
  kind: FailureKind;
  /** Attempts made on this model so far, this one included. */
  attemptsOnModel: number;
  /** Bedrock's `retry-after`, in milliseconds, if it sent one. */
  retryAfterMs?: number;
  now: number;
  /** Epoch milliseconds by which the whole request must be answered. */
  deadline: number;
}

/**
 * After a failed attempt: retry the same model (after a delay), move to the next model, or stop.
 * Pure: the clock and randomness come in as arguments.
 */
export function planNextStep(attempt: FailedAttempt, policy: RetryPolicy, random: () => number): NextStep {
  if (attempt.kind === 'fatal') return { type: 'stop' };
  if (attempt.kind === 'model-failed') return { type: 'next-model' };
  if (attempt.kind === 'throttled' && policy.fallbackOnThrottle === 'immediately')
    return { type: 'next-model' };
  if (attempt.attemptsOnModel >= policy.maxAttemptsPerModel) return { type: 'next-model' };
  const delayMs = Math.max(
    computeBackoffMs(attempt.attemptsOnModel, policy, random),
    attempt.retryAfterMs ?? 0,
  );
  if (attempt.now + delayMs + policy.minAttemptMs > attempt.deadline) return { type: 'next-model' };
  return { type: 'retry', delayMs };
}
