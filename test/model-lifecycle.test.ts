import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from './support/start-stack.js';

/**
 * The lifecycle guard, end to end: an end-of-life model is refused before any Bedrock call, a Legacy one
 * answers with Deprecation and Sunset, and an operator's `replacedBy` routes an old alias openly.
 */

const BASE = {
  family: 'nova',
  maxOutputTokens: 1000,
  contextWindow: 128_000,
  price: { inputPerMTok: 0.035, outputPerMTok: 0.14 },
  capabilities: { tools: true },
} as const;
const RETIRED_ID = 'amazon.nova-micro-v1:0';
const LEGACY_ID = 'amazon.nova-lite-v1:0';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    auth: false,
    config: {
      includeDefaultModels: false,
      defaultModel: 'current',
      models: {
        current: { ...BASE, id: 'us.amazon.nova-pro-v1:0' },
        retired: {
          ...BASE,
          id: RETIRED_ID,
          lifecycle: { state: 'eol', endOfLife: '2026-03-01', replacement: 'current' },
        },
        // Legacy until a date far ahead: it still answers, and says when it stops.
        ageing: {
          ...BASE,
          id: LEGACY_ID,
          lifecycle: {
            state: 'legacy',
            legacySince: '2026-10-08',
            endOfLife: '2099-04-08',
            replacement: 'current',
          },
        },
        // Legacy with an end-of-life date in the past: end of life now, whatever the entry's state says.
        lapsed: {
          ...BASE,
          id: 'eu.amazon.nova-lite-v1:0',
          lifecycle: { state: 'legacy', endOfLife: '2026-01-01', replacement: 'current' },
        },
        routed: {
          ...BASE,
          id: RETIRED_ID,
          lifecycle: { state: 'eol', endOfLife: '2026-03-01' },
          replacedBy: 'current',
        },
        withRetiredFallback: {
          ...BASE,
          id: 'us.amazon.nova-premier-v1:0',
          fallbacks: ['retired', 'current'],
        },
      },
    },
  });
});
afterAll(() => stack.close());

function callsTo(modelId: string): number {
  return stack.emulator.stats.requestsByModel.get(modelId) ?? 0;
}

describe('an end-of-life model', () => {
  it.each([
    ['its alias', 'retired'],
    ['its Bedrock id', RETIRED_ID],
  ])(
    'is refused by %s with 410 model_end_of_life, naming the date and the replacement, and Bedrock is never called',
    async (_how, model) => {
      // Prepare
      stack.emulator.resetStats();

      // Act
      const response = await stack.postJson('/v1/generate', { model, prompt: 'Hello' });

      // Assess
      expect(response.status).toBe(410);
      expect(response.body.error).toMatchObject({ code: 'model_end_of_life', param: 'model' });
      expect(response.body.error.message).toContain('2026-03-01');
      expect(response.body.error.message).toContain("'current'");
      expect(callsTo(RETIRED_ID)).toBe(0);
    },
  );

  it('is refused on every route, the OpenAI one included', async () => {
    // Act
    const chat = await stack.postJson('/v1/chat/completions', {
      model: 'retired',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const native = await stack.postJson('/v1/models/retired/invoke', {
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
    });

    // Assess
    expect(chat.status).toBe(410);
    expect(native.status).toBe(410);
  });

  it('is end of life once a Legacy model passes its end-of-life date', async () => {
    // Act
    const response = await stack.postJson('/v1/generate', { model: 'lapsed', prompt: 'Hello' });

    // Assess
    expect(response.status).toBe(410);
    expect(response.body.error.message).toContain('2026-01-01');
  });

  it('is skipped as a fallback, never called on anyone’s behalf', async () => {
    // Prepare
    stack.emulator.resetStats();

    // Act: the primary fails, the retired fallback is passed over, and the current one answers.
    const response = await stack.postJson('/v1/generate', {
      model: 'withRetiredFallback',
      prompt: 'Hi [[emulator:fail=ModelErrorException@nova-premier]]',
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.model).toBe('current');
    expect(callsTo(RETIRED_ID)).toBe(0);
  });
});

describe('a Legacy model', () => {
  it('answers with Deprecation and Sunset headers (RFC 9745, RFC 8594), and /v1/models shows its state', async () => {
    // Act
    const response = await stack.postJson('/v1/generate', { model: 'ageing', prompt: 'Hello' });
    const listed = await (await stack.fetch('/v1/models/ageing')).json();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('deprecation')).toBe(`@${Date.parse('2026-10-08') / 1000}`);
    expect(response.headers.get('sunset')).toBe(new Date(Date.parse('2099-04-08')).toUTCString());
    expect(listed.lifecycle).toEqual({
      state: 'legacy',
      legacy_since: '2026-10-08',
      end_of_life: '2099-04-08',
      replacement: 'current',
    });
  });

  it('logs a warning once per instance, not once per call', async () => {
    // Act
    await stack.postJson('/v1/generate', { model: 'ageing', prompt: 'Again' });
    await stack.postJson('/v1/generate', { model: 'ageing', prompt: 'And again' });

    // Assess
    const warnings = stack.logs.lines.filter(
      (line) => line.message === 'legacy model in use' && line.model === 'ageing',
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ end_of_life: '2099-04-08', replacement: 'current', level: 'WARN' });
  });

  it('does not mark the answers of an active model', async () => {
    // Act
    const response = await stack.postJson('/v1/generate', { model: 'current', prompt: 'Hello' });

    // Assess
    expect(response.headers.get('deprecation')).toBeNull();
    expect(response.headers.get('sunset')).toBeNull();
  });
});

describe("an operator's replacedBy", () => {
  it('serves the old alias with the replacement, and says so in the answer', async () => {
    // Act
    const response = await stack.postJson('/v1/generate', { model: 'routed', prompt: 'Hello' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.model).toBe('current');
    expect(response.headers.get('x-bedrock-gateway-model')).toBe('current');
    expect(response.headers.get('x-bedrock-gateway-replaced-model')).toBe('routed');
    const line = stack.logs.lines.find(
      (entry) => entry.message === 'request' && entry.model_replaced === 'routed',
    );
    expect(line).toMatchObject({ model_requested: 'routed', model: 'current' });
  });
});

describe('the built-in catalogue', () => {
  let builtIn: TestStack;
  beforeAll(async () => {
    builtIn = await startStack({ auth: false });
  });
  afterAll(() => builtIn.close());

  it.each([
    ['alias', 'claude-3-5-sonnet'],
    ['Bedrock id', 'anthropic.claude-3-5-sonnet-20240620-v1:0'],
  ])(
    "refuses the seeds' Claude 3.5 Sonnet by its %s, naming the date and the replacement, with no Bedrock call",
    async (_how, model) => {
      // Prepare
      builtIn.emulator.resetStats();

      // Act
      const response = await builtIn.postJson('/v1/generate', {
        model,
        prompt: 'Explain the theory of relativity.',
      });

      // Assess
      expect(response.status).toBe(410);
      expect(response.body.error.code).toBe('model_end_of_life');
      expect(response.body.error.message).toMatch(
        /reached its end of life on 2026-03-01.*Use 'claude-sonnet' instead\./,
      );
      expect(
        [...builtIn.emulator.stats.requestsByModel.values()].reduce((total, calls) => total + calls, 0),
      ).toBe(0);
    },
  );

  it('answers from a Legacy model with Deprecation and Sunset headers', async () => {
    // Act
    const response = await builtIn.postJson('/v1/generate', { model: 'claude-sonnet-4-5', prompt: 'Hello' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('deprecation')).toBe(`@${Date.parse('2026-10-08') / 1000}`);
    expect(response.headers.get('sunset')).toBe(new Date(Date.parse('2027-04-08')).toUTCString());
  });

  it('lists each model with its lifecycle and capabilities', async () => {
    // Act
    const { data } = await (await builtIn.fetch('/v1/models')).json();

    // Assess
    const sonnet = data.find((model: { id: string }) => model.id === 'claude-sonnet');
    expect(sonnet).toMatchObject({
      model_id: 'global.anthropic.claude-sonnet-5-5',
      lifecycle: { state: 'active' },
      capabilities: { vision: true, tools: true, reasoning: { mode: 'adaptive' } },
    });
    expect(data.find((model: { id: string }) => model.id === 'claude-3-5-sonnet').lifecycle).toEqual({
      state: 'eol',
      end_of_life: '2026-03-01',
      replacement: 'claude-sonnet',
    });
  });
});
