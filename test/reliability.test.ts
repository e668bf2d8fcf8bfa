import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectSse } from './support/read-sse.js';
import { startStack, type TestStack } from './support/start-stack.js';

const SONNET = 'global.anthropic.claude-sonnet-5-5';
const HAIKU = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';

/**
 * The default model with one fallback, so each test sees a primary and a fallback: the catalogue's own chain
 * (Sonnet 5.5, Sonnet 5, Haiku 4.5) is longer, and the policy's shape, not the chain, is under test here.
 */
const models = { 'claude-sonnet': { fallbacks: ['claude-haiku'] } };

/** Fast backoff so tests stay quick; the policy's shape is what is under test. */
const reliability = {
  maxAttemptsPerModel: 3,
  baseDelayMs: 5,
  maxDelayMs: 20,
  minAttemptMs: 50,
  fallbackOnThrottle: 'immediately',
  circuitBreaker: { failureThreshold: 1000, cooldownMs: 60_000 },
};

function callsTo(stack: TestStack, modelId: string): number {
  return stack.emulator.stats.requestsByModel.get(modelId) ?? 0;
}

function logLineOf(stack: TestStack, requestId: string) {
  return stack.logs.lines.find((line) => line.message === 'request' && line.request_id === requestId);
}

describe('retries and fallbacks', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ config: { reliability, models } });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => stack.emulator.resetStats());

  it('answers from the fallback when the primary is throttled, and says so', async () => {
    // Act
    const response = await stack.postJson('/v1/generate', {
      prompt: 'Hello [[emulator:fail=ThrottlingException@claude-sonnet-5-5]]',
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ model: 'claude-haiku', model_id: HAIKU });
    expect(response.headers.get('x-bedrock-gateway-model')).toBe('claude-haiku');
    expect(response.headers.get('x-bedrock-gateway-attempts')).toBe('2');
    expect(logLineOf(stack, response.body.id)).toMatchObject({
      model_requested: 'claude-sonnet',
      model: 'claude-haiku',
      fallback_used: true,
      attempts: 2,
      attempt_log: [
        { model: 'claude-sonnet', outcome: 'upstream_throttled', ms: expect.any(Number) },
        { model: 'claude-haiku', outcome: 'ok', ms: expect.any(Number) },
      ],
    });
  });

  it('retries a transient failure on the same model before falling back', async () => {
    // Act
    const response = await stack.postJson('/v1/generate', {
      prompt: 'Hello [[emulator:fail=ServiceUnavailableException@claude-sonnet-5-5]]',
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.model).toBe('claude-haiku');
    expect(callsTo(stack, SONNET)).toBe(3);
    expect(callsTo(stack, HAIKU)).toBe(1);
  });

  it('returns 503 with Retry-After when every model fails, within the attempts the policy allows', async () => {
    // Act
    const response = await stack.postJson('/v1/generate', {
      prompt: 'No [[emulator:fail=InternalServerException]]',
    });

    // Assess
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('upstream_unavailable');
    expect(response.body.error.message).toContain('claude-sonnet (upstream_error)');
    expect(response.body.error.message).toContain('claude-haiku (upstream_error)');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(callsTo(stack, SONNET)).toBe(3);
    expect(callsTo(stack, HAIKU)).toBe(3);
  });

  it('returns 429 with Retry-After when every model was throttled', async () => {
    // Act
    const response = await stack.postJson('/v1/generate', {
      prompt: 'No [[emulator:fail=ThrottlingException]]',
    });

    // Assess
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('upstream_throttled');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(callsTo(stack, SONNET) + callsTo(stack, HAIKU)).toBe(2);
  });

  it('never retries or falls back on a ValidationException', async () => {
    // Act
    const response = await stack.postJson('/v1/generate', {
      prompt: 'Bad [[emulator:fail=ValidationException]]',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(callsTo(stack, SONNET)).toBe(1);
    expect(callsTo(stack, HAIKU)).toBe(0);
  });

  it('falls back when a stream fails before its first event', async () => {
    // Act
    const response = await stack.fetch('/v1/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        prompt: 'Hi [[emulator:fail=ThrottlingException@claude-sonnet-5-5]]',
        stream: true,
      }),
    });
    const events = await collectSse(response);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('x-bedrock-gateway-model')).toBe('claude-haiku');
    expect(events.at(-1)?.event).toBe('done');
    expect(JSON.parse(events.at(-1)!.data).model).toBe('claude-haiku');
  });

  it('ends a stream that fails after its first event with an error event, without falling back', async () => {
    // Act
    const response = await stack.fetch('/v1/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Hi [[emulator:tokens=30]] [[emulator:cut_after=2]]', stream: true }),
    });
    const events = await collectSse(response);

    // Assess
    expect(events.at(-1)?.event).toBe('error');
    expect(callsTo(stack, HAIKU)).toBe(0);
  });

  it('skips a fallback the key is not allowed to use', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'sonnet-only', models: ['claude-sonnet'] });

    // Act
    const response = await stack.postJson(
      '/v1/generate',
      { prompt: 'Hi [[emulator:fail=ThrottlingException@claude-sonnet-5-5]]' },
      { authorization: `Bearer ${key}` },
    );

    // Assess
    expect(response.status).toBe(429);
    expect(callsTo(stack, HAIKU)).toBe(0);
  });
});

describe('the request deadline', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      config: {
        models,
        reliability: { ...reliability, deadlineMs: 1500, attemptTimeoutMs: 400, minAttemptMs: 100 },
      },
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('gives up inside the deadline when every attempt times out', async () => {
    // Prepare
    const started = Date.now();

    // Act
    const response = await stack.postJson('/v1/generate', { prompt: 'Slow [[emulator:delay_ms=3000]]' });

    // Assess: a timed-out attempt is retried, but never past the deadline.
    const elapsed = Date.now() - started;
    expect(response.status).toBe(503);
    expect(elapsed).toBeLessThan(1500 + 500);
    const line = logLineOf(stack, response.headers.get('x-request-id')!);
    expect(line?.attempt_log).toEqual(
      expect.arrayContaining([expect.objectContaining({ outcome: 'upstream_timeout' })]),
    );
    expect(line?.attempts as number).toBeLessThanOrEqual(6);
  });
});

describe('the circuit breaker', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      config: {
        models,
        reliability: { ...reliability, circuitBreaker: { failureThreshold: 3, cooldownMs: 400 } },
      },
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('opens after consecutive failures, skips the model while open, and probes it after the cool-down', async () => {
    // Prepare: three failures in a row open the primary's circuit.
    for (let index = 0; index < 3; index++) {
      const failed = await stack.postJson('/v1/generate', {
        prompt: `Fail ${index} [[emulator:fail=ModelErrorException@claude-sonnet-5-5]]`,
      });
      expect(failed.body.model).toBe('claude-haiku');
    }
    stack.emulator.resetStats();

    // Act: while open, the primary gets no calls at all.
    const whileOpen = await stack.postJson('/v1/generate', { prompt: 'While open' });

    // Assess
    expect(whileOpen.status).toBe(200);
    expect(whileOpen.body.model).toBe('claude-haiku');
    expect(callsTo(stack, SONNET)).toBe(0);
    expect(logLineOf(stack, whileOpen.body.id)?.attempt_log).toEqual([
      expect.objectContaining({ model: 'claude-sonnet', outcome: 'circuit_open' }),
      expect.objectContaining({ model: 'claude-haiku', outcome: 'ok' }),
    ]);

    // Act: after the cool-down one probe goes to the primary, and its success closes the circuit.
    await new Promise((resolve) => setTimeout(resolve, 450));
    const probe = await stack.postJson('/v1/generate', { prompt: 'Probe' });
    const closed = await stack.postJson('/v1/generate', { prompt: 'Closed again' });

    // Assess
    expect(probe.body.model).toBe('claude-sonnet');
    expect(closed.body.model).toBe('claude-sonnet');
    expect(callsTo(stack, SONNET)).toBe(2);
  });
});

describe('streams that fail right after message-start', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ config: { reliability, models } });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => stack.emulator.resetStats());

  it.each(['converse', 'invoke'])(
    'are a real 429, not a 200 with an error event (%s), when every model was throttled',
    async (api) => {
      // Act
      const response = await stack.fetch('/v1/generate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          prompt: 'Hi [[emulator:cut_after=0:throttlingException]]',
          api,
          stream: true,
        }),
      });
      const events = await collectSse(response);

      // Assess
      expect(response.status).toBe(429);
      expect(events).toEqual([]);
    },
  );

  it('are retried and fall back, then become a real 503 with Retry-After', async () => {
    // Act
    const response = await stack.fetch('/v1/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        prompt: 'Hi [[emulator:cut_after=0:serviceUnavailableException]]',
        stream: true,
      }),
    });

    // Assess
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(callsTo(stack, SONNET)).toBe(3);
    expect(callsTo(stack, HAIKU)).toBe(3);
  });
});
