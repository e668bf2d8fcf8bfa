import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitForRoomInMinute } from './support/wait-for-room-in-minute.js';

/** `POST /v1/models/{model}/invoke`: native Bedrock bodies through the gateway, end to end over HTTP. */
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary native JSON bodies
type JsonBody = Record<string, any>;

function invokePath(model: string): string {
  return `/v1/models/${encodeURIComponent(model)}/invoke`;
}

/** Calls the native route with the stack's key (allowed every model, no limits) unless `headers` give another. */
function invoke(model: string, body: unknown, headers: Record<string, string> = {}) {
  return stack.postJson(invokePath(model), body, headers);
}

/** The usage header, read back into numbers. */
function readUsageHeader(headers: Headers): { input: number; output: number } | undefined {
  const match = headers.get('x-bedrock-gateway-usage')?.match(/^input_tokens=(\d+); output_tokens=(\d+)$/);
  return match ? { input: Number(match[1]), output: Number(match[2]) } : undefined;
}

const LLAMA_PROMPT =
  '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n';

describe('native bodies round-trip for every family', () => {
  it.each([
    {
      family: 'anthropic',
      model: 'claude-haiku',
      body: {
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 50,
        top_k: 5,
        messages: [{ role: 'user', content: 'Hello [[emulator:tokens=6]]' }],
      },
      assess: (body: JsonBody) => {
        expect(body).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'end_turn' });
        expect(body.content[0]).toMatchObject({ type: 'text', text: expect.any(String) });
        expect(body.usage).toEqual({ input_tokens: expect.any(Number), output_tokens: 6 });
      },
    },
    {
      family: 'llama3',
      model: 'llama3-8b',
      body: { prompt: `${LLAMA_PROMPT}[[emulator:tokens=6]]`, max_gen_len: 50 },
      assess: (body: JsonBody) => {
        expect(body).toMatchObject({ generation_token_count: 6, stop_reason: 'stop' });
        expect(body.generation).toEqual(expect.any(String));
      },
    },
    {
      family: 'mistral',
      model: 'mistral-7b',
      body: { prompt: '<s>[INST] Hello [[emulator:tokens=6]] [/INST]', max_tokens: 50, top_k: 10 },
      assess: (body: JsonBody) => {
        expect(body.outputs[0]).toMatchObject({ text: expect.any(String), stop_reason: 'stop' });
      },
    },
    {
      family: 'nova',
      model: 'nova-micro',
      body: {
        schemaVersion: 'messages-v1',
        messages: [{ role: 'user', content: [{ text: 'Hello [[emulator:tokens=6]]' }] }],
        inferenceConfig: { maxTokens: 50, topK: 20 },
      },
      assess: (body: JsonBody) => {
        expect(body).toMatchObject({ stopReason: 'end_turn', usage: { outputTokens: 6 } });
        expect(body.output.message.content[0].text).toEqual(expect.any(String));
      },
    },
    {
      family: 'titan-embed',
      model: 'titan-embed-text-v2',
      body: { inputText: 'a sentence to embed', dimensions: 256 },
      assess: (body: JsonBody) => {
        expect(body.embedding).toHaveLength(256);
        expect(body.inputTextTokenCount).toEqual(expect.any(Number));
      },
    },
    {
      family: 'cohere-embed',
      model: 'cohere-embed-english-v3',
      body: { texts: ['one', 'two'], input_type: 'search_document' },
      assess: (body: JsonBody) => {
        expect(body.embeddings).toHaveLength(2);
        expect(body.embeddings[0]).toHaveLength(1024);
      },
    },
  ])('$family: returns the native response shape, with the usage header', async ({ model, body, assess }) => {
    // Act
    const response = await invoke(model, body);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    assess(response.body);
    const usage = readUsageHeader(response.headers);
    expect(usage?.input).toBeGreaterThan(0);
    expect(usage?.output).toBe(model.includes('embed') ? 0 : 6);
  });

  it('returns the bytes Bedrock returned, unchanged', async () => {
    // Prepare: Llama's response is deterministic and carries no per-request id.
    const body = { prompt: `${LLAMA_PROMPT}Tell me about tides`, max_gen_len: 30 };
    const direct = await fetch(`${stack.emulatorUrl}/model/meta.llama3-8b-instruct-v1:0/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    // Act
    const response = await stack.fetch('/v1/models/llama3-8b/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(await direct.text());
  });

  it('passes the body through untouched: the model sees the prompt exactly as sent', async () => {
    // Prepare
    const prompt = `${LLAMA_PROMPT}[[emulator:echo]]`;

    // Act
    const response = await invoke('llama3-8b', { prompt, max_gen_len: 500 });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.generation).toBe(prompt);
  });

  it('reports usage the body lacks (Mistral) in the usage header', async () => {
    // Act
    const response = await invoke('mistral-7b', { prompt: '<s>[INST] Hi [[emulator:tokens=4]] [/INST]' });

    // Assess
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['outputs']);
    expect(response.headers.get('x-bedrock-gateway-usage')).toMatch(/^input_tokens=\d+; output_tokens=4$/);
  });

  it('accepts the configured Bedrock id in place of the alias', async () => {
    // Act
    const response = await invoke('meta.llama3-8b-instruct-v1:0', { prompt: LLAMA_PROMPT, max_gen_len: 10 });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.generation).toEqual(expect.any(String));
  });

  it('writes the model, api and tokens to the request log', async () => {
    // Act
    const response = await invoke('llama3-8b', { prompt: `${LLAMA_PROMPT}[[emulator:tokens=3]]` });

    // Assess
    const requestId = response.headers.get('x-request-id');
    const line = stack.logs.lines.find((entry) => entry.request_id === requestId);
    expect(line).toMatchObject({
      status: 200,
      model: 'llama3-8b',
      model_id: 'meta.llama3-8b-instruct-v1:0',
      api: 'invoke',
      input_tokens: response.body.prompt_token_count,
      output_tokens: 3,
    });
  });
});

describe("the model's max output tokens cap the family's own field", () => {
  it.each([
    {
      family: 'anthropic',
      model: 'claude-haiku',
      field: 'max_tokens',
      cap: 64_000,
      body: (value: number) => ({
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: value,
        messages: [{ role: 'user', content: 'Hi [[emulator:tokens=3]]' }],
      }),
    },
    {
      family: 'llama3',
      model: 'llama3-8b',
      field: 'max_gen_len',
      cap: 2048,
      body: (value: number) => ({ prompt: 'Hi [[emulator:tokens=3]]', max_gen_len: value }),
    },
    {
      family: 'mistral',
      model: 'mistral-7b',
      field: 'max_tokens',
      cap: 8192,
      body: (value: number) => ({ prompt: '<s>[INST] Hi [[emulator:tokens=3]] [/INST]', max_tokens: value }),
    },
    {
      family: 'nova',
      model: 'nova-micro',
      field: 'inferenceConfig.maxTokens',
      cap: 5000,
      body: (value: number) => ({
        messages: [{ role: 'user', content: [{ text: 'Hi [[emulator:tokens=3]]' }] }],
        inferenceConfig: { maxTokens: value },
      }),
    },
  ])(
    '$family: $field above the cap is a 400 naming the cap; at the cap it passes',
    async ({ model, field, cap, body }) => {
      // Act
      const above = await invoke(model, body(cap + 1));
      const atCap = await invoke(model, body(cap));

      // Assess
      expect(above.status).toBe(400);
      expect(above.body.error).toMatchObject({
        code: 'max_tokens_too_large',
        param: field,
        message: `${field} is ${cap + 1}, above the maximum of ${cap} for model '${model}'.`,
      });
      expect(atCap.status).toBe(200);
      expect(readUsageHeader(atCap.headers)?.output).toBe(3);
    },
  );

  it.each([
    ['zero', 0],
    ['a fraction', 1.5],
    ['a string', '100'],
    ['null', null],
  ])('a max-tokens field that is %s is a 400 naming the field', async (_name, value) => {
    // Act
    const response = await invoke('llama3-8b', { prompt: 'Hi', max_gen_len: value });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_body', param: 'max_gen_len' });
    expect(response.body.error.message).toMatch(/max_gen_len: expected a positive integer/);
  });

  it('leaves an absent max-tokens field absent, so the model uses its own default', async () => {
    // Act: the emulated Llama defaults to 512 output tokens.
    const response = await invoke('llama3-8b', { prompt: 'Hi [[emulator:tokens=600]]' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ generation_token_count: 512, stop_reason: 'length' });
  });

  it('does not cap embedding bodies, which have no output tokens', async () => {
    // Act: the embedding model's maxOutputTokens is 0, and its family has no max-tokens field to read.
    const response = await invoke('titan-embed-text-v2', { inputText: 'embed me' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.embedding).toHaveLength(1024);
  });
});

describe('mistakes are 4xx in the gateway error shape', () => {
  it('a body of the wrong family (Titan to Claude) is Bedrock validation, a 400 upstream_validation', async () => {
    // Act
    const response = await invoke('claude-haiku', {
      inputText: 'User: Hello\nBot:',
      textGenerationConfig: { maxTokenCount: 50 },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: 'invalid_request_error', code: 'upstream_validation' });
    expect(response.body.error.request_id).toBe(response.headers.get('x-request-id'));
  });

  it('an unknown model is a 404 model_not_found, before Bedrock is called', async () => {
    // Prepare
    stack.emulator.resetStats();

    // Act
    const response = await invoke('gpt-4o', { prompt: 'Hi' });

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    expect(response.body.error.message).toContain("'gpt-4o'");
    expect(stack.emulator.stats.requestsByModel.size).toBe(0);
  });

  it('malformed JSON is a 400 invalid_json', async () => {
    // Act
    const response = await invoke('llama3-8b', '{"prompt": ');

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_json');
  });

  it.each([
    ['an array', [{ prompt: 'Hi' }]],
    ['a string', 'just text'],
    ['null', null],
  ])('a JSON body that is %s, not an object, is a 400 invalid_body', async (_name, body) => {
    // Act
    const response = await invoke('llama3-8b', JSON.stringify(body));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_body');
    expect(response.body.error.message).toMatch(/^Invalid request: body: /);
  });

  it('a Bedrock exception keeps its documented status (throttling -> 429 with Retry-After)', async () => {
    // Act
    const response = await invoke('llama3-8b', { prompt: '[[emulator:fail=ThrottlingException]] Hi' });

    // Assess
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('upstream_throttled');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe("API keys: the native route applies the key's allow-list and token cap", () => {
  /** Allows only llama3-8b, at most 100 output tokens a request. */
  let llamaOnly: Record<string, string>;

  beforeAll(async () => {
    const key = await stack.createKey({
      name: 'llama only',
      models: ['llama3-8b'],
      limits: { maxTokensPerRequest: 100 },
    });
    llamaOnly = { authorization: `Bearer ${key}` };
  });

  it('refuses a call without a key with 401', async () => {
    // Act
    const response = await fetch(`${stack.url}${invokePath('llama3-8b')}`, {
      method: 'POST',
      body: JSON.stringify({ prompt: 'Hi' }),
    });

    // Assess
    expect(response.status).toBe(401);
  });

  it.each(['claude-haiku', 'global.anthropic.claude-haiku-4-5-20251001-v1:0'])(
    'refuses a model outside the allow-list with 403, even by Bedrock id (%s)',
    async (model) => {
      // Prepare
      stack.emulator.resetStats();
      const body = {
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'Hi' }],
      };

      // Act
      const response = await invoke(model, body, llamaOnly);

      // Assess
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: 'model_not_allowed', param: 'model' });
      expect(stack.emulator.stats.requestsByModel.size).toBe(0);
    },
  );

  it("caps the native field at the key's maxTokensPerRequest, and passes at it", async () => {
    // Act
    const above = await invoke('llama3-8b', { prompt: 'Hi', max_gen_len: 101 }, llamaOnly);
    const atCap = await invoke(
      'llama3-8b',
      { prompt: 'Hi [[emulator:tokens=3]]', max_gen_len: 100 },
      llamaOnly,
    );

    // Assess
    expect(above.status).toBe(400);
    expect(above.body.error).toMatchObject({
      code: 'max_tokens_too_large',
      param: 'max_gen_len',
      message: "max_gen_len is 101, above this API key's limit of 100 tokens per request.",
    });
    expect(atCap.status).toBe(200);
    expect(atCap.body.generation_token_count).toBe(3);
  });

  it("requires the max-tokens field when the key's cap is below the model's maximum", async () => {
    // Act: Llama's own default could exceed the key's 100 tokens, and the body is never rewritten.
    const response = await invoke('llama3-8b', { prompt: 'Hi' }, llamaOnly);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'max_tokens_required', param: 'max_gen_len' });
    expect(response.body.error.message).toMatch(/limit of 100 tokens per request.*maximum of 2048/);
  });

  it("counts native calls against the key's rate limit", async () => {
    await waitForRoomInMinute();
    // Prepare
    const key = await stack.createKey({ name: 'one a minute', models: ['*'], limits: { rpm: 1 } });
    const headers = { authorization: `Bearer ${key}` };
    const body = { prompt: 'Hi [[emulator:tokens=2]]', max_gen_len: 10 };

    // Act
    const first = await invoke('llama3-8b', body, headers);
    const second = await invoke('llama3-8b', body, headers);

    // Assess
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('rate_limit_exceeded');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it("settles the key's usage to the tokens Bedrock reported", async () => {
    // Prepare
    const key = await stack.createKey({ name: 'metered', models: ['*'] });
    const headers = { authorization: `Bearer ${key}` };

    // Act
    const response = await invoke(
      'mistral-7b',
      { prompt: '<s>[INST] Hi [[emulator:tokens=4]] [/INST]' },
      headers,
    );

    // Assess: settlement runs after the response, so wait for it.
    expect(response.status).toBe(200);
    const reported = readUsageHeader(response.headers);
    await vi.waitFor(async () => {
      const usage = await stack.fetch('/v1/usage', { headers });
      const day = (await usage.json()).day;
      expect(day).toMatchObject({
        requests: 1,
        input_tokens: reported?.input,
        output_tokens: 4,
        reserved_tokens: 0,
      });
    });
  });
});

describe('token fields the gateway cannot cap', () => {
  it("refuses Nova's max_new_tokens, naming the field to use instead", async () => {
    // Act
    const response = await stack.postJson('/v1/models/nova-micro/invoke', {
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
      inferenceConfig: { maxTokens: 100, max_new_tokens: 5000 },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'unsupported_parameter',
      param: 'inferenceConfig.max_new_tokens',
    });
    expect(response.body.error.message).toContain('inferenceConfig.maxTokens');
  });
});
