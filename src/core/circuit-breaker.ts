/**
 * How a call ended, for the breaker:
 * - `success`: the model answered;
 * - `failure`: the model or Bedrock failed (throttled, 5xx, timed out, not ready);
 * - `neutral`: nothing is known about the model's health: the request was the client's mistake
 *   (a ValidationException, a parameter the gateway refused) or the client went away.
 */
export type CallOutcome = 'success' | 'failure' | 'neutral';

/** The right to make one call; report how it ended exactly once. */
export interface CircuitPermit {
  release(outcome: CallOutcome): void;
}

export interface CircuitBreaker {
  /**
   * A permit when the model may be called now, or `undefined` when its circuit is open: after
   * `failureThreshold` consecutive failures the model is skipped for `cooldownMs`, then one probe call is let
   * through; its success closes the circuit, its failure opens it again.
   */
  tryAcquire(): CircuitPermit | undefined;
  /** `closed`, `open`, or `half-open` while a probe is in flight. */
  readonly state: 'closed' | 'open' | 'half-open';
}

export interface CircuitBreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  /** Epoch milliseconds. */
  now: () => number;
}

type State =
  | { kind: 'closed'; failures: number }
  | { kind: 'open'; probeAfter: number }
  | { kind: 'half-open' };

/**
 * One model's circuit breaker. Written here rather than taken from cockatiel because a neutral outcome must
 * leave the breaker exactly as it was: cockatiel closes a half-open circuit on any error its filter ignores,
 * so one tenant's invalid request during the probe would put a failing model back in front of every other
 * tenant. The breaker is shared by all keys, so nothing a client does can move it.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { failureThreshold, cooldownMs, now } = options;
  let state: State = { kind: 'closed', failures: 0 };

  function open(): void {
    state = { kind: 'open', probeAfter: now() + cooldownMs };
  }

  function closedPermit(): CircuitPermit {
    let released = false;
    return {
      release(outcome) {
        if (released) return;
        released = true;
        // An outcome of a call made while closed only matters if the circuit is still closed.
        if (state.kind !== 'closed' || outcome === 'neutral') return;
        if (outcome === 'success') state = { kind: 'closed', failures: 0 };
        else if (state.failures + 1 >= failureThreshold) open();
        else state = { kind: 'closed', failures: state.failures + 1 };
      },
    };
  }

  function probePermit(): CircuitPermit {
    let released = false;
    return {
      release(outcome) {
        if (released) return;
        released = true;
        if (outcome === 'success') state = { kind: 'closed', failures: 0 };
        else if (outcome === 'failure') open();
        // Neutral: the probe proved nothing; the next call may probe at once.
        else state = { kind: 'open', probeAfter: now() };
      },
    };
  }

  return {
    tryAcquire() {
      if (state.kind === 'closed') return closedPermit();
      if (state.kind === 'half-open' || now() < state.probeAfter) return undefined;
      state = { kind: 'half-open' };
      return probePermit();
    },
    get state() {
      return state.kind;
    },
  };
}
