import { describe, expect, it } from 'vitest';
import { type CallOutcome, createCircuitBreaker } from './circuit-breaker.js';

function breakerAt(clock: { now: number }) {
  return createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1_000, now: () => clock.now });
}

function call(breaker: ReturnType<typeof breakerAt>, outcome: CallOutcome): boolean {
  const permit = breaker.tryAcquire();
  permit?.release(outcome);
  return permit !== undefined;
}

describe('createCircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, and a success in between resets the count', () => {
    // Prepare
    const clock = { now: 0 };
    const breaker = breakerAt(clock);

    // Act
    call(breaker, 'failure');
    call(breaker, 'success');
    call(breaker, 'failure');
    const stillClosed = breaker.state;
    call(breaker, 'failure');

    // Assess
    expect(stillClosed).toBe('closed');
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBeUndefined();
  });

  it('lets exactly one probe through after the cool-down; its success closes, its failure re-opens', () => {
    // Prepare
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    call(breaker, 'failure');
    call(breaker, 'failure');
    clock.now = 1_000;

    // Act
    const probe = breaker.tryAcquire();
    const concurrent = breaker.tryAcquire();
    probe?.release('failure');
    const reopened = breaker.state;
    clock.now = 2_000;
    const secondProbe = call(breaker, 'success');

    // Assess
    expect(probe).toBeDefined();
    expect(concurrent).toBeUndefined();
    expect(reopened).toBe('open');
    expect(secondProbe).toBe(true);
    expect(breaker.state).toBe('closed');
  });

  it('is moved by no neutral outcome: not while closed, and not by a probe', () => {
    // Prepare
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    call(breaker, 'failure');

    // Act: client errors between failures, and as the probe
    call(breaker, 'neutral');
    call(breaker, 'failure');
    const afterNeutrals = breaker.state;
    clock.now = 1_000;
    const neutralProbe = call(breaker, 'neutral');
    const afterNeutralProbe = breaker.state;

    // Assess: the neutral call neither reset the count nor closed the circuit; the next caller probes again
    expect(afterNeutrals).toBe('open');
    expect(neutralProbe).toBe(true);
    expect(afterNeutralProbe).toBe('open');
    expect(call(breaker, 'success')).toBe(true);
    expect(breaker.state).toBe('closed');
  });

  it('ignores a late outcome of a call made before the circuit opened', () => {
    // Prepare
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    const slow = breaker.tryAcquire()!;
    call(breaker, 'failure');
    call(breaker, 'failure');

    // Act
    slow.release('success');

    // Assess
    expect(breaker.state).toBe('open');
  });
});
