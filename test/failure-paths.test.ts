import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitFor } from './support/wait-for.js';
import { waitForRoomInMinute } from './support/wait-for-room-in-minute.js';

/**
 * Failure paths and limits found by testing from the outside (issue 12): each of these failed before the
 * pipeline was reshaped.
 */

const SONNET = 'global.anthropic.claude-sonnet-5-5';

function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

function callsTo(stack: TestStack, modelId: string): number {
  return stack.emulator.stats.requestsByModel.get(modelId) ?? 0;
}

describe('retry timing', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      auth: false,
      config: {
        reliability: {
          maxAttemptsPerModel: 3,
          baseDelayMs: 0,
          maxDelayMs: 0,
          minAttemptMs: 0,
          circuitBreaker: { failureThreshold: 1000 },
        },
        models: {
          solo: {
            id: SONNET,
            family: 'anthropic',
            maxOutputTokens: 100,
            contextWindow: 200_000,
            price: { inputPerMTok: 3, outputPerMTok: 15 },
          },
        },
      },
    });
  });
  afterAll(() => stack.close());

  it('backs off from the configured base when Bedrock sends no retry-after: 3 attempts take well under the 2 s of two default waits', async () => {
    // Prepare: the first call opens the connection to Bedrock.
    await stack.postJson('/v1/generate', { model: 'solo', prompt: 'Warm up' });
    stack.emulator.resetStats();

    // Act
    const started = performance.now();
    const response = await stack.postJson('/v1/generate', {
      model: 'solo',
      prompt: 'Hi [[emulator:fail=ServiceUnavailableException]]',
    });
    const elapsedMs = performance.now() - started;

    // Assess: three calls, no 1-second waits between them (the defect took 2,005 ms; a generous bound, so a
    // loaded machine cannot fail it), and the client is still told when to retry.
    expect(response.status).toBe(503);
    expect(callsTo(stack, SONNET)).toBe(3);
    expect(elapsedMs).toBeLessThan(1_000);
    expect(response.headers.get('retry-after')).toBe('1');
  });
});

describe('circuit breakers and client errors', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      auth: false,
      config: {
        reliability: {
          maxAttemptsPerModel: 1,
          baseDelayMs: 0,
          minAttemptMs: 0,
          circuitBreaker: { failureThreshold: 2, cooldownMs: 300 },
        },
      },
    });
  });
  afterAll(() => stack.close());

  it('a client error during the half-open probe does not close the circuit for the other tenants', async () => {
    // Prepare: two model failures open the primary's circuit; the cool-down then lets one probe through.
    for (const index of [1, 2]) {
      await stack.postJson('/v1/generate', {
        prompt: `Fail ${index} [[emulator:fail=ModelErrorException@claude-sonnet-5-5]]`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 350));

    // Act: the probe is one tenant's invalid request; then three tenants arrive at once while the model is
    // still failing (slowly).
    const invalid = await stack.postJson('/v1/generate', {
      prompt: 'Bad [[emulator:fail=ValidationException@claude-sonnet-5-5]]',
    });
    stack.emulator.resetStats();
    const others = await Promise.all(
      [1, 2, 3].map((index) =>
        stack.postJson('/v1/generate', {
          prompt: `Tenant ${index} [[emulator:fail=ModelErrorException@claude-sonnet-5-5]] [[emulator:delay_ms=200]]`,
        }),
      ),
    );

    // Assess: the invalid probe proved nothing, so the circuit stayed open but for one new probe; a circuit
    // closed by the client error would have sent all three tenants to the failing model. They are answered by
    // the default model's first fallback.
    expect(invalid.status).toBe(400);
    expect(others.map((response) => response.body.model)).toEqual(Array(3).fill('claude-sonnet-5'));
    expect(callsTo(stack, SONNET)).toBe(1);
  });
});

describe('limits and budgets', () => {
  let stack: TestStack;
  const counted = {
    id: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    family: 'anthropic',
    maxOutputTokens: 1000,
    contextWindow: 200_000,
    price: { inputPerMTok: 3, outputPerMTok: 15 },
  };
  beforeAll(async () => {
    stack = await startStack({
      config: {
        reliability: { maxAttemptsPerModel: 1 },
        models: { counted: { ...counted, capabilities: { countTokens: true } }, uncounted: counted },
      },
    });
  });
  afterAll(() => stack.close());

  it('asks Bedrock CountTokens when the prompt bound does not fit a limit, and admits the exact count', async () => {
    // Prepare: 2,000 characters of English are bounded at over 2,000 tokens but count far fewer.
    const limits = { tpm: 1_500, dailyTokens: 1_500 };
    const key = await stack.createKey({ name: 'count', models: ['*'], limits });
    const prompt = `${'The quick brown fox jumps over the lazy dog. '.repeat(45)}[[emulator:tokens=20]]`;

    // Act
    const admitted = await stack.postJson(
      '/v1/generate',
      { model: 'counted', prompt, max_tokens: 100 },
      bearer(key),
    );
    const refused = await stack.postJson(
      '/v1/generate',
      { model: 'uncounted', prompt, max_tokens: 100 },
      bearer(key),
    );

    // Assess: the model that can count is admitted and settles within the limit; the other cannot prove it fits.
    expect(admitted.status).toBe(200);
    const line = stack.logs.lines.find((entry) => entry.request_id === admitted.body.id);
    expect(line).toMatchObject({
      prompt_count_source: 'count_tokens',
      prompt_tokens_reserved: admitted.body.usage.input_tokens,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('request_exceeds_key_limit');
    const usage = await waitFor(
      () => stack.gateway.tenancy!.meter.getUsage(line!.key_id as string),
      (read) => read.day.reservedTokens === 0,
    );
    expect(usage.day.inputTokens + usage.day.outputTokens).toBeLessThanOrEqual(1_500);
    expect(usage.day.reservedTokens).toBe(0);
  });

  it('answers a request without max_tokens for a key with a small monthly budget', async () => {
    // Prepare: at 10 USD per million output tokens, the default model's 128,000-token maximum alone costs 1.28
    // USD, and its prompt tokens may be 1-hour cache writes at 4 USD per million.
    const key = await stack.createKey({ name: 'budget', models: ['*'], limits: { monthlyBudgetUsd: 0.01 } });

    // Act
    const response = await stack.postJson(
      '/v1/generate',
      { prompt: 'Hello [[emulator:tokens=5]]' },
      bearer(key),
    );

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.usage.output_tokens).toBe(5);
  });

  it("counts every Bedrock call of an embeddings request against the key's rpm", async () => {
    await waitForRoomInMinute();
    // Prepare: Titan embeds one text per call.
    const key = await stack.createKey({ name: 'embed-rpm', models: ['*'], limits: { rpm: 3 } });
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 });

    // Act
    const tooMany = await client.embeddings
      .create({ model: 'titan-embed-text-v2', input: ['one', 'two', 'three', 'four'] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const two = await client.embeddings.create({ model: 'titan-embed-text-v2', input: ['one', 'two'] });
    const twoMore = await client.embeddings
      .create({ model: 'titan-embed-text-v2', input: ['three', 'four'] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    // Assess: four calls can never fit 3 per minute; two fit once, and two more would make four.
    expect(tooMany).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tooMany as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('request_exceeds_key_limit');
    expect(two.data).toHaveLength(2);
    expect(twoMore).toBeInstanceOf(OpenAI.RateLimitError);
    expect((twoMore as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
  });
});

describe('the native route', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      auth: false,
      config: {
        reliability: {
          maxAttemptsPerModel: 2,
          attemptTimeoutMs: 150,
          baseDelayMs: 0,
          minAttemptMs: 0,
          circuitBreaker: { failureThreshold: 1000 },
        },
      },
    });
  });
  afterAll(() => stack.close());

  const invoke = (model: string, body: unknown) =>
    stack.postJson(`/v1/models/${encodeURIComponent(model)}/invoke`, body);

  it('refuses a prompt over the context window before Bedrock is called', async () => {
    // Prepare: Llama 3 8B reads 8,192 tokens; this prompt is about 12,500.
    stack.emulator.resetStats();

    // Act
    const response = await invoke('llama3-8b', { prompt: 'word '.repeat(10_000), max_gen_len: 50 });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('context_length_exceeded');
    expect(callsTo(stack, 'meta.llama3-8b-instruct-v1:0')).toBe(0);
  });

  it('runs in the model chain: each attempt has a time limit, and a transient failure is retried', async () => {
    // Prepare
    stack.emulator.resetStats();
    const body = (prompt: string) => ({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 20,
      messages: [{ role: 'user', content: prompt }],
    });

    // Act
    const slow = await invoke('claude-haiku', body('Slow [[emulator:delay_ms=1000]]'));
    const unavailable = await invoke(
      'claude-haiku',
      body('Busy [[emulator:fail=ServiceUnavailableException]]'),
    );

    // Assess
    expect(slow.status).toBe(504);
    expect(slow.body.error.code).toBe('upstream_timeout');
    expect(unavailable.status).toBe(503);
    expect(callsTo(stack, 'global.anthropic.claude-haiku-4-5-20251001-v1:0')).toBe(4);
  });
});

describe('when DynamoDB is down', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('answers 503 with Retry-After, both for a key it cannot look up and for usage it cannot reserve', async () => {
    // Prepare: one key is known (cached) before the store goes away, the other is not.
    const cached = await stack.createKey({ name: 'cached', models: ['*'] });
    const unknown = await stack.createKey({ name: 'unknown', models: ['*'] });
    expect((await stack.postJson('/v1/generate', { prompt: 'Hi' }, bearer(cached))).status).toBe(200);
    await stack.dynamo!.close();

    // Act
    const lookUp = await stack.postJson('/v1/generate', { prompt: 'Hi' }, bearer(unknown));
    const reserve = await stack.postJson('/v1/generate', { prompt: 'Hi' }, bearer(cached));

    // Assess
    expect(lookUp.status).toBe(503);
    expect(lookUp.body.error.code).toBe('key_store_unavailable');
    expect(lookUp.headers.get('retry-after')).toBe('1');
    expect(reserve.status).toBe(503);
    expect(reserve.body.error.code).toBe('usage_store_unavailable');
    expect(reserve.headers.get('retry-after')).toBe('1');
    expect(JSON.stringify([lookUp.body, reserve.body])).not.toMatch(/ECONNREFUSED|dynamo|127\.0\.0\.1/i);
  });
});
