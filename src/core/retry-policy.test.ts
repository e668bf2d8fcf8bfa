import { describe, expect, it } from 'vitest';
import { InvalidRequestError, RateLimitError, UpstreamError } from './errors.js';
import { mapBedrockError } from './map-bedrock-error.js';
import { classifyFailure, computeBackoffMs, planNextStep, type RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = {
  maxAttemptsPerModel: 3,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  minAttemptMs: 50,
  fallbackOnThrottle: 'after-retries',
};

describe('classifyFailure', () => {
  it.each([
    ['ThrottlingException', 'throttled'],
    ['ServiceUnavailableException', 'transient'],
    ['InternalServerException', 'transient'],
    ['ModelNotReadyException', 'transient'],
    ['ModelTimeoutException', 'transient'],
    ['TimeoutError', 'transient'],
    ['NetworkError', 'transient'],
    ['ValidationException', 'fatal'],
    ['ModelErrorException', 'model-failed'],
    ['AccessDeniedException', 'model-failed'],
    ['ResourceNotFoundException', 'model-failed'],
    ['ServiceQuotaExceededException', 'model-failed'],
  ])('%s is %s', (name, kind) => {
    expect(classifyFailure(mapBedrockError({ name }, 'm'))).toBe(kind);
  });

  it("treats the gateway's own client errors as fatal and its own 5xx as a model failure", () => {
    expect(classifyFailure(new InvalidRequestError('unsupported_parameter', 'no'))).toBe('fatal');
    expect(classifyFailure(new UpstreamError(502, 'upstream_malformed_response', 'bad'))).toBe(
      'model-failed',
    );
    expect(classifyFailure(new RateLimitError('x', 'y', 1))).toBe('fatal');
  });
});

describe('computeBackoffMs', () => {
  it('grows exponentially, is capped, and uses the full jitter range', () => {
    expect(computeBackoffMs(1, policy, () => 0.999)).toBe(99);
    expect(computeBackoffMs(3, policy, () => 0.999)).toBe(399);
    expect(computeBackoffMs(10, policy, () => 0.999)).toBe(999);
    expect(computeBackoffMs(3, policy, () => 0)).toBe(0);
  });
});

describe('planNextStep', () => {
  const base = { attemptsOnModel: 1, now: 0, deadline: 10_000 };

  it('never retries or falls back on a fatal error', () => {
    expect(planNextStep({ ...base, kind: 'fatal' }, policy, () => 0.5)).toEqual({ type: 'stop' });
  });

  it('moves to the next model at once when the model itself failed', () => {
    expect(planNextStep({ ...base, kind: 'model-failed' }, policy, () => 0.5)).toEqual({
      type: 'next-model',
    });
  });

  it('retries a transient failure after a jittered delay, until the attempts run out', () => {
    expect(planNextStep({ ...base, kind: 'transient' }, policy, () => 0.5)).toEqual({
      type: 'retry',
      delayMs: 50,
    });
    expect(planNextStep({ ...base, kind: 'transient', attemptsOnModel: 3 }, policy, () => 0.5)).toEqual({
      type: 'next-model',
    });
  });

  it('honours retry-after when it is longer than the backoff', () => {
    expect(planNextStep({ ...base, kind: 'throttled', retryAfterMs: 2000 }, policy, () => 0.5)).toEqual({
      type: 'retry',
      delayMs: 2000,
    });
  });

  it('falls back at once on throttling when configured to', () => {
    const immediate = { ...policy, fallbackOnThrottle: 'immediately' as const };
    expect(planNextStep({ ...base, kind: 'throttled' }, immediate, () => 0.5)).toEqual({
      type: 'next-model',
    });
  });

  it('does not start a retry that could not finish before the deadline', () => {
    expect(planNextStep({ ...base, kind: 'transient', now: 9_960 }, policy, () => 0.5)).toEqual({
      type: 'next-model',
    });
  });
});
