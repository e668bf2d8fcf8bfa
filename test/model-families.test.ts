import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { END_OF_LIFE_CODEC_MODELS } from './support/models.js';
import { startStack, type TestStack } from './support/start-stack.js';

/**
 * Every text family with a codec and a current model, through both Bedrock APIs, end to end: HTTP -> gateway ->
 * SDK -> emulator and back. Titan Text and Cohere Command R have reached their end of life on Bedrock: their
 * codecs are covered by their unit and fixture tests, and here only by the checks that refuse a request before
 * Bedrock is called (the stack marks them active again for those, see END_OF_LIFE_CODEC_MODELS).
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    config: {
      models: END_OF_LIFE_CODEC_MODELS,
    },
  });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  stack.emulator.resetStats();
});

/** One model per family, with its Bedrock id. */
const FAMILIES = [
  { family: 'anthropic', model: 'claude-haiku', modelId: 'global.anthropic.claude-haiku-4-5-20251001-v1:0' },
  { family: 'llama3', model: 'llama-3-3-70b', modelId: 'us.meta.llama3-3-70b-instruct-v1:0' },
  { family: 'mistral', model: 'mistral-7b', modelId: 'mistral.mistral-7b-instruct-v0:2' },
  { family: 'nova', model: 'nova-micro', modelId: 'amazon.nova-micro-v1:0' },
] as const;

const APIS = ['converse', 'invoke'] as const;

const MATRIX = FAMILIES.flatMap((entry) => APIS.map((api) => ({ ...entry, api })));

const CANONICAL_KEYS = ['id', 'latency_ms', 'model', 'model_id', 'output', 'stop_reason', 'usage'];

const SYSTEM = 'You are terse.';

function generate(body: Record<string, unknown>) {
  return stack.postJson('/v1/generate', body);
}

describe('the same canonical request works for every family through both APIs', () => {
  it.each(MATRIX)(
    '$family ($model) through $api returns 200 with the canonical response',
    async ({ model, modelId, api }) => {
      // Prepare
      const body = {
        prompt: 'Name three rivers. [[emulator:tokens=7]]',
        system: SYSTEM,
        max_tokens: 100,
        temperature: 0.5,
        model,
        api,
      };

      // Act
      const response = await generate(body);

      // Assess
      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual(CANONICAL_KEYS);
      expect(response.body).toMatchObject({
        id: response.headers.get('x-request-id'),
        model,
        model_id: modelId,
        stop_reason: 'end_turn',
        usage: { output_tokens: 7 },
      });
      expect(Object.keys(response.body.usage).sort()).toEqual(['input_tokens', 'output_tokens']);
      expect(response.body.usage.input_tokens).toBeGreaterThan(0);
      expect(response.body.output).toEqual(expect.any(String));
      expect(response.body.output.length).toBeGreaterThan(0);
      expect(response.body.latency_ms).toEqual(expect.any(Number));
      expect(stack.emulator.stats.requestsByModel.get(modelId)).toBe(1);
    },
  );

  it.each(FAMILIES)(
    '$family honours max_tokens with the max_tokens stop reason through both APIs',
    async ({ model }) => {
      // Act
      const responses = await Promise.all(
        APIS.map((api) =>
          generate({
            prompt: 'Go on and on [[emulator:tokens=40]]',
            system: SYSTEM,
            max_tokens: 5,
            model,
            api,
          }),
        ),
      );

      // Assess
      for (const response of responses) {
        expect(response.status).toBe(200);
        expect(response.body.stop_reason).toBe('max_tokens');
        expect(response.body.usage.output_tokens).toBe(5);
      }
    },
  );
});

/** The prompt as the model sees it: what `[[emulator:echo]]` answers with. */
const PROMPT = 'Where is Lyon? [[emulator:echo]]';

const TRANSCRIPT_WITH_SYSTEM = `system: ${SYSTEM}\nuser: ${PROMPT}`;
/** Mistral 7B (like Titan) rejects Converse `system` blocks, so the gateway sends the system prompt in the user turn. */
const TRANSCRIPT_WITH_INLINED_SYSTEM = `user: ${SYSTEM}\n${PROMPT}`;

const ECHOES: ReadonlyArray<{ family: string; model: string; api: 'converse' | 'invoke'; seen: string }> = [
  // The native templates, which only the invoke API shows.
  {
    family: 'llama3',
    model: 'llama-3-3-70b',
    api: 'invoke',
    seen:
      `<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n${SYSTEM}<|eot_id|>` +
      `<|start_header_id|>user<|end_header_id|>\n\n${PROMPT}<|eot_id|>` +
      '<|start_header_id|>assistant<|end_header_id|>\n\n',
  },
  { family: 'mistral', model: 'mistral-7b', api: 'invoke', seen: `<s>[INST] ${SYSTEM}\n\n${PROMPT} [/INST]` },
  // Families with a system field of their own: the emulator shows it as a transcript.
  { family: 'anthropic', model: 'claude-haiku', api: 'invoke', seen: TRANSCRIPT_WITH_SYSTEM },
  { family: 'nova', model: 'nova-micro', api: 'invoke', seen: TRANSCRIPT_WITH_SYSTEM },
  // Converse: one transcript for all, with the system prompt inlined where the model has no system role.
  { family: 'anthropic', model: 'claude-haiku', api: 'converse', seen: TRANSCRIPT_WITH_SYSTEM },
  { family: 'llama3', model: 'llama-3-3-70b', api: 'converse', seen: TRANSCRIPT_WITH_SYSTEM },
  { family: 'nova', model: 'nova-micro', api: 'converse', seen: TRANSCRIPT_WITH_SYSTEM },
  { family: 'mistral', model: 'mistral-7b', api: 'converse', seen: TRANSCRIPT_WITH_INLINED_SYSTEM },
];

describe('the prompt reaches the model in the form its family expects', () => {
  it.each(ECHOES)(
    '$family through $api: the model sees the system prompt and prompt in its template',
    async ({ model, api, seen }) => {
      // Act
      const response = await generate({ prompt: PROMPT, system: SYSTEM, max_tokens: 1000, model, api });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.stop_reason).toBe('end_turn');
      expect(response.body.output).toBe(seen);
    },
  );
});

describe('a parameter a family cannot honour through invoke is a 400 naming it, before Bedrock is called', () => {
  it.each([
    {
      name: 'stop on llama3',
      model: 'llama-3-3-70b',
      extra: { stop: ['END'] },
      param: 'stop',
      says: /does not support 'stop'/,
    },
    {
      name: 'more than 4 stop sequences on cohere-command-r',
      model: 'command-r',
      extra: { stop: ['a', 'b', 'c', 'd', 'e'] },
      param: 'stop',
      says: /at most 4 'stop' sequence.*got 5/,
    },
    {
      name: "a Titan stop sequence other than 'User:' or '|'",
      model: 'titan-text-express',
      extra: { stop: ['###'] },
      param: 'stop',
      says: /accepts only 'User:' or a run of '\|' as 'stop'.*"###"/,
    },
    {
      name: 'two Titan stop sequences',
      model: 'titan-text-express',
      extra: { stop: ['User:', '|'] },
      param: 'stop',
      says: /at most 1 'stop' sequence\(s\)/,
    },
    {
      name: 'top_p above 0.99 on cohere-command-r',
      model: 'command-r',
      extra: { top_p: 1 },
      param: 'top_p',
      says: /'top_p' from 0.01 to 0.99.*got 1/,
    },
  ])('$name', async ({ model, extra, param, says }) => {
    // Act
    const response = await generate({ prompt: 'Hello', model, api: 'invoke', ...extra });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'unsupported_parameter', param });
    expect(response.body.error.message).toContain(`'${param}'`);
    expect(response.body.error.message).toMatch(says);
    expect([...stack.emulator.stats.requestsByModel.values()]).toEqual([]);
  });

  it.each([
    { name: 'stop sequences on mistral', model: 'mistral-7b', stop: ['<END>'] },
    {
      name: '10 stop sequences on mistral',
      model: 'mistral-7b',
      stop: ['<0>', '<1>', '<2>', '<3>', '<4>', '<5>', '<6>', '<7>', '<8>', '<9>'],
    },
  ])('accepts what the family can honour: $name', async ({ model, stop }) => {
    // Act
    const response = await generate({ prompt: 'Hello [[emulator:tokens=5]]', model, api: 'invoke', stop });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.usage.output_tokens).toBe(5);
  });

  it('stops at a stop sequence through invoke, with the stop_sequence stop reason', async () => {
    // Prepare: echo makes the reply the transcript of the prompt, which contains the stop sequence.
    const body = { prompt: 'Hi [[emulator:echo]]', model: 'claude-haiku', api: 'invoke', stop: ['[['] };

    // Act
    const response = await generate(body);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.output).toBe('user: Hi ');
    expect(response.body.stop_reason).toBe('stop_sequence');
  });
});

describe('GET /v1/models says what each family supports', () => {
  it('lists every family with its support table in the OpenAI list shape', async () => {
    // Act
    const response = await stack.fetch('/v1/models');
    const body = await response.json();

    // Assess
    expect(response.status).toBe(200);
    expect(body.object).toBe('list');
    // biome-ignore lint/suspicious/noExplicitAny: the test reads arbitrary JSON
    const byId = new Map<string, any>(body.data.map((model: any) => [model.id, model]));
    for (const model of byId.values()) {
      expect(model).toMatchObject({
        object: 'model',
        created: expect.any(Number),
        owned_by: expect.any(String),
      });
    }
    expect(byId.get('claude-haiku').capabilities).toMatchObject({ streaming: true, tools: true });
    expect(byId.get('claude-haiku').apis).toEqual(['converse', 'invoke']);
    expect(byId.get('gpt-oss-120b')).toMatchObject({ family: 'openai', apis: ['converse'] });
    expect(byId.get('titan-embed-text-v2')).toMatchObject({
      kind: 'embedding',
      apis: ['invoke'],
      capabilities: { streaming: false, tools: false },
    });
    for (const model of byId.values()) {
      expect(model.lifecycle.state).toMatch(/^(active|legacy|eol)$/);
      if (model.lifecycle.state !== 'active') expect(model.lifecycle.end_of_life).toEqual(expect.any(String));
    }
    expect(byId.get('claude-3-5-sonnet').lifecycle).toMatchObject({
      state: 'eol',
      replacement: 'claude-sonnet',
    });
  });
});
