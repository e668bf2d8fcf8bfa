import { setTimeout as sleep } from 'node:timers/promises';
import { type CallOutcome, type CircuitBreaker, createCircuitBreaker } from '../core/circuit-breaker.js';
import {
  ClientClosedRequestError,
  createDeadlineExceededError,
  GatewayError,
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

function describeFailures(attempts: readonly AttemptRecord[]): string {
  return attempts.map((attempt) => `${attempt.model} (${attempt.outcome})`).join(', ');
}

/**
 * The error for a request whose chain is exhausted: a 429 when every attempt was throttled, the model's own
 * error when only one model was involved, otherwise a 503 naming each model's failure.
 */
function finalError(errors: readonly GatewayError[], attempts: readonly AttemptRecord[]): GatewayError {
  const told = errors.flatMap((error) =>
    error.retryAfterSeconds === undefined ? [] : [error.retryAfterSeconds],
  );
  const retryAfterSeconds = told.length > 0 ? Math.max(...told) : undefined;
  if (errors.length > 0 && errors.every((error) => classifyFailure(error) === 'throttled')) {
    return new RateLimitError(
      'upstream_throttled',
      `Bedrock throttled every model tried: ${describeFailures(attempts)}.`,
      retryAfterSeconds,
    );
  }
  if (attempts.length === 0) return createDeadlineExceededError(true);
  const models = new Set(attempts.map((attempt) => attempt.model));
  if (models.size === 1 && errors.length > 0) return errors.at(-1)!;
  return new UpstreamError(
    503,
    'upstream_unavailable',
    `No model could answer: ${describeFailures(attempts)}.`,
    retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
  );
}

/** What a failed call says about the model's health; a client's mistake or departure says nothing. */
function describeOutcome(error: unknown): CallOutcome {
  if (error instanceof ClientClosedRequestError) return 'neutral';
  if (error instanceof GatewayError && classifyFailure(error) === 'fatal') return 'neutral';
  return 'failure';
}

export function createModelChain(options: ModelChainOptions): ModelChain {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const breakers = new Map<string, CircuitBreaker>();

  /** One breaker per model and per instance, shared by every key. */
  function breakerFor(model: ModelEntry): CircuitBreaker {
    let breaker = breakers.get(model.alias);
    if (!breaker) {
      breaker = createCircuitBreaker({ ...options.circuitBreaker, now });
      breakers.set(model.alias, breaker);
    }
    return breaker;
  }

  /** One call under the model's breaker and the attempt's time limit; `undefined` when the circuit is open. */
  async function attemptOnce<T>(
    model: ModelEntry,
    attempt: ModelAttempt<T>,
    call: ChainCall,
  ): Promise<{ value: T } | undefined> {
    const permit = breakerFor(model).tryAcquire();
    if (!permit) return undefined;
    const timeout = new AbortController();
    const limit = Math.max(0, Math.min(options.attemptTimeoutMs, call.deadline - now()));
    const timer = setTimeout(() => timeout.abort(), limit);
    try {
      const value = await attempt(model, AbortSignal.any([call.signal, timeout.signal]));
      permit.release('success');
      return { value };
    } catch (caught) {
      let error = caught;
      if (call.signal.aborted) error = new ClientClosedRequestError(caught);
      else if (timeout.signal.aborted) error = mapBedrockError({ name: 'TimeoutError' }, model.alias);
      permit.release(describeOutcome(error));
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
        if (call.signal.aborted) throw new ClientClosedRequestError(call.signal.reason);
        if (now() >= call.deadline) throw finalError(errors, attempts);
        const started = now();
        let outcome: { value: T } | undefined;
        try {
          outcome = await attemptOnce(model, attempt, call);
        } catch (error) {
          if (!(error instanceof GatewayError)) throw error;
          // A call the client abandoned midway is recorded: Bedrock had the prompt (see usage accounting).
          record({ model: model.alias, outcome: error.code, ms: now() - started });
          if (error instanceof ClientClosedRequestError) throw error;
          const kind = classifyFailure(error);
          // A request the chosen model rejects is the client's to fix; a fallback that cannot take it is skipped.
          if (kind === 'fatal' && position === 0) throw error;
          errors.push(error);
          const step = planNextStep(
            {
              kind: kind === 'fatal' ? 'model-failed' : kind,
              attemptsOnModel,
              ...(error.retryAfterSeconds === undefined
                ? {}
                : { retryAfterMs: error.retryAfterSeconds * 1000 }),
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
          continue;
        }
        if (!outcome) {
          record({ model: model.alias, outcome: 'circuit_open', ms: now() - started });
          break;
        }
        record({ model: model.alias, outcome: 'ok', ms: now() - started });
        return { value: outcome.value, model };
      }
    }
    throw finalError(errors, attempts);
  }

  return { run };
}
