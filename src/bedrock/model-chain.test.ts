import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../core/default-models.js';
import { ClientClosedRequestError } from '../core/errors.js';
import { mapBedrockError } from '../core/map-bedrock-error.js';
import { createModelRegistry } from '../core/model-registry.js';
import { createModelChain } from './model-chain.js';

const registry = createModelRegistry(DEFAULT_MODELS);
const haiku = registry.get('claude-haiku')!;

function chainWithThreshold(failureThreshold: number) {
  return createModelChain({
    policy: {
      maxAttemptsPerModel: 1,
      baseDelayMs: 0,
      maxDelayMs: 0,
      minAttemptMs: 0,
      fallbackOnThrottle: 'immediately',
    },
    attemptTimeoutMs: 1000,
    circuitBreaker: { failureThreshold, cooldownMs: 60_000 },
  });
}

describe('createModelChain', () => {
  it('does not blame the model when the client goes away mid-call', async () => {
    // Prepare: one failure would open this breaker.
    const chain = chainWithThreshold(1);
    const abort = new AbortController();
    const abandoned = chain.run(
      [haiku],
      (_model, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () =>
            reject(mapBedrockError({ name: 'AbortError' }, 'claude-haiku')),
          );
        }),
      { deadline: Date.now() + 5000, signal: abort.signal },
    );

    // Act
    abort.abort();
    await expect(abandoned).rejects.toBeInstanceOf(ClientClosedRequestError);
    let calls = 0;
    const next = await chain.run(
      [haiku],
      async () => {
        calls++;
        return 'answer';
      },
      { deadline: Date.now() + 5000, signal: new AbortController().signal },
    );

    // Assess: the circuit stayed closed, so the model was called.
    expect(calls).toBe(1);
    expect(next.value).toBe('answer');
  });

  it('opens the circuit after the threshold of real failures', async () => {
    // Prepare
    const chain = chainWithThreshold(1);
    const signal = new AbortController().signal;
    const failing = async () => {
      throw mapBedrockError({ name: 'ModelErrorException' }, 'claude-haiku');
    };
    await expect(chain.run([haiku], failing, { deadline: Date.now() + 5000, signal })).rejects.toMatchObject({
      code: 'model_error',
    });

    // Act
    const outcomes: string[] = [];
    const skipped = chain.run([haiku], async () => 'never', {
      deadline: Date.now() + 5000,
      signal,
      onAttempt: (attempt) => outcomes.push(attempt.outcome),
    });

    // Assess
    await expect(skipped).rejects.toBeDefined();
    expect(outcomes).toEqual(['circuit_open']);
  });
});
