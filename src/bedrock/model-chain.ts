import { setTimeout as sleep } from 'node:timers/promises';
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import {
  ClientClosedRequestError,
  type GatewayError,
  RateLimitError,
  UpstreamError,
} from '../core/errors.js';
import { mapBedrockError } from '../core/map-bedrock-error.js';
import type { ModelEntry } from '../core/model-registry.js';
import { classifyFailure, planNextStep, type RetryPolicy } from '../core/retry-policy.js';

/** One call to one model, as the log line records it. */
export interface AttemptRecord {
  model: string;
  /** `ok`, the gateway error code, or `circuit_open` when the model was skipped. */
  outcome: string;
  ms: number;
}

export interface ChainResult<T> {
  value: T;
  /** The model that answered. */
  model: ModelEntry;
}

export interface ModelChainOptions {
  policy: RetryPolicy;
  /** One attempt's time limit. */
  attemptTimeoutMs: number;
  circuitBreaker: { failureThreshold: number; cooldownMs: number };
  now?: () => number;
  random?: () => number;
}

export interface ChainCall {
  /** Epoch milliseconds by which an answer must have started. */
  deadline: number;
  /** The client's signal: when it aborts, the chain stops and the call is cancelled. */
  signal: AbortSignal;
  /** Told of every attempt as it ends, success or not (for the log line). */
  onAttempt?: (attempt: AttemptRecord) => void;
}

/** An attempt, given the model and a signal that aborts on the attempt's timeout or the client's abort. */
export type ModelAttempt<T> = (model: ModelEntry, signal: AbortSignal) => Promise<T>;

/** Runs calls down a model chain with retries, per-attempt timeouts and a circuit breaker per model. */
export interface ModelChain {
  run<T>(chain: readonly ModelEntry[], attempt: ModelAttempt<T>, call: ChainCall): Promise<ChainResult<T>>;
}

class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

function describeFailures(attempts: readonly AttemptRecord[]): string {
  return attempts.map((attempt) => `${attempt.model} (${attempt.outcome})`).join(', ');
}

/**
 * The error for a request whose chain is exhausted: a 429 when every attempt was throttled, the model's own
 * error when only one model was involved, otherwise a 503 naming each model's failure.
 */
function finalError(errors: readonly GatewayError[], attempts: readonly AttemptRecord[]): GatewayError {
  const retryAfterSeconds = Math.max(1, ...errors.map((error) => error.retryAfterSeconds ?? 1));
  if (errors.length > 0 && errors.every((error) => classifyFailure(error) === 'throttled')) {
    return new RateLimitError(
      'upstream_throttled',
      `Bedrock throttled every model tried: ${describeFailures(attempts)}.`,
      retryAfterSeconds,
    );
  }
  if (attempts.length === 0) {
    return new UpstreamError(
      504,
      'deadline_exceeded',
      'The request deadline passed before any model could be called.',
      true,
    );
  }
  const models = new Set(attempts.map((attempt) => attempt.model));
  if (models.size === 1 && errors.length > 0) return errors.at(-1)!;
  return new UpstreamError(
    503,
    'upstream_unavailable',
    `No model could answer: ${describeFailures(attempts)}.`,
    true,
    {
      retryAfterSeconds,
    },
  );
}

export function createModelChain(options: ModelChainOptions): ModelChain {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const breakers = new Map<string, CircuitBreakerPolicy>();

  /** One breaker per model and per instance; client mistakes and clients going away never count against it. */
  function breakerFor(model: ModelEntry): CircuitBreakerPolicy {
    let breaker = breakers.get(model.alias);
    if (!breaker) {
      breaker = circuitBreaker(
        handleWhen(
          (error) =>
            !(error instanceof ClientClosedRequestError) &&
            !(
              error instanceof Error &&
              'statusCode' in error &&
              classifyFailure(error as GatewayError) === 'fatal'
            ),
        ),
        {
          halfOpenAfter: options.circuitBreaker.cooldownMs,
          breaker: new ConsecutiveBreaker(options.circuitBreaker.failureThreshold),
        },
      );
      breakers.set(model.alias, breaker);
    }
    return breaker;
  }

  async function attemptOnce<T>(model: ModelEntry, attempt: ModelAttempt<T>, call: ChainCall): Promise<T> {
    const timeout = new AbortController();
    const limit = Math.max(0, Math.min(options.attemptTimeoutMs, call.deadline - now()));
    const timer = setTimeout(() => timeout.abort(new AttemptTimeout()), limit);
    try {
      return await breakerFor(model).execute(async () => {
        try {
          return await attempt(model, AbortSignal.any([call.signal, timeout.signal]));
        } catch (error) {
          if (call.signal.aborted) throw new ClientClosedRequestError(error);
          throw error;
        }
      });
    } catch (error) {
      if (timeout.signal.aborted && !call.signal.aborted)
        throw mapBedrockError({ name: 'TimeoutError' }, model.alias);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function run<T>(
    chain: readonly ModelEntry[],
    attempt: ModelAttempt<T>,
    call: ChainCall,
  ): Promise<ChainResult<T>> {
    const attempts: AttemptRecord[] = [];
    const errors: GatewayError[] = [];
    const record = (attempt: AttemptRecord) => {
      attempts.push(attempt);
      call.onAttempt?.(attempt);
    };
    for (const [position, model] of chain.entries()) {
      for (let attemptsOnModel = 1; ; attemptsOnModel++) {
        if (now() >= call.deadline) return Promise.reject(finalError(errors, attempts));
        const started = now();
        try {
          const value = await attemptOnce(model, attempt, call);
          record({ model: model.alias, outcome: 'ok', ms: now() - started });
          return { value, model };
        } catch (error) {
          if (call.signal.aborted)
            throw error instanceof ClientClosedRequestError ? error : new ClientClosedRequestError(error);
          if (error instanceof BrokenCircuitError) {
            record({ model: model.alias, outcome: 'circuit_open', ms: now() - started });
            break;
          }
          const failure = error as GatewayError;
          if (!('statusCode' in failure)) throw error;
          record({ model: model.alias, outcome: failure.code, ms: now() - started });
          const kind = classifyFailure(failure);
          // A request the chosen model rejects is the client's to fix; a fallback that cannot take it is skipped.
          if (kind === 'fatal' && position === 0) throw failure;
          errors.push(failure);
          const step = planNextStep(
            {
              kind: kind === 'fatal' ? 'model-failed' : kind,
              attemptsOnModel,
              ...(failure.retryAfterSeconds === undefined
                ? {}
                : { retryAfterMs: failure.retryAfterSeconds * 1000 }),
              now: now(),
              deadline: call.deadline,
            },
            options.policy,
            random,
          );
          if (step.type !== 'retry') break;
          await sleep(step.delayMs, undefined, { signal: call.signal }).catch((abort: unknown) => {
            throw new ClientClosedRequestError(abort);
          });
        }
      }
    }
    throw finalError(errors, attempts);
  }

  return { run };
}
