import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitForRoomInMinute } from './support/wait-for-room-in-minute.js';

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack();
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: stack.key!, maxRetries: 0 });
});
afterAll(async () => {
  await stack.close();
});

const MODEL = 'claude-haiku';

function clientWithKey(apiKey: string): OpenAI {
  return new OpenAI({ baseURL: `${stack.url}/v1`, apiKey, maxRetries: 0 });
}

/** The rejection of `promise`, or a failure if it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('models through the OpenAI SDK', () => {
  it('lists the configured models in OpenAI list shape', async () => {
    // Act
    const models = [];
    for await (const model of client.models.list()) models.push(model);

    // Assess
    expect(models.map((model) => model.id)).toEqual(expect.arrayContaining([MODEL, 'titan-embed-text-v2']));
    expect(models[0]).toMatchObject({
      object: 'model',
      created: expect.any(Number),
      owned_by: expect.any(String),
    });
  });

  it('retrieves one model by alias, and by its Bedrock id (which contains a colon), encoded or not', async () => {
    // Act
    const byAlias = await client.models.retrieve(MODEL);
    const byId = await client.models.retrieve('global.anthropic.claude-haiku-4-5-20251001-v1:0');
    const unencoded = await stack.fetch('/v1/models/global.anthropic.claude-haiku-4-5-20251001-v1:0');

    // Assess
    expect(byAlias).toMatchObject({ id: MODEL, object: 'model', owned_by: 'anthropic' });
    expect(byId.id).toBe(MODEL);
    expect(unencoded.status).toBe(200);
    expect((await unencoded.json()).id).toBe(MODEL);
  });

  it('retrieves by a Bedrock id that a stable and a pinned alias share as the alias the key may use', async () => {
    // Prepare: `claude-haiku` and `claude-haiku-4-5` are the same model.
    const pinnedOnly = clientWithKey(await stack.createKey({ name: 'pinned', models: ['claude-haiku-4-5'] }));

    // Act
    const byId = await pinnedOnly.models.retrieve('global.anthropic.claude-haiku-4-5-20251001-v1:0');

    // Assess
    expect(byId.id).toBe('claude-haiku-4-5');
  });

  it('answers an unknown model with NotFoundError', async () => {
    const error = await rejectionOf(client.models.retrieve('gpt-4o'));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ code: 'model_not_found' });
  });

  it('answers a model the key may not use with NotFoundError, exactly like an unknown one', async () => {
    // Prepare
    const limited = clientWithKey(await stack.createKey({ name: 'haiku-only', models: [MODEL] }));

    // Act
    const hidden = await rejectionOf(limited.models.retrieve('claude-sonnet'));
    const allowed = await limited.models.retrieve(MODEL);

    // Assess
    expect(hidden).toBeInstanceOf(OpenAI.NotFoundError);
    expect((hidden as InstanceType<typeof OpenAI.NotFoundError>).message).toContain(
      "Model 'claude-sonnet' is not configured",
    );
    expect(allowed.id).toBe(MODEL);
  });
});

describe('errors as the OpenAI SDK raises them', () => {
  it('raises BadRequestError naming n for n: 2', async () => {
    // Act
    const error = await rejectionOf(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], n: 2 }),
    );

    // Assess
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      param: 'n',
      code: 'unsupported_parameter',
      type: 'invalid_request_error',
    });
    expect((error as Error).message).toMatch(/\bn is 2\b/);
  });

  it.each([
    ['temperature', { temperature: 1.5 }],
    ['verbosity', { verbosity: 'low' }],
    ['service_tier', { service_tier: 'scale' }],
    ['logprobs', { logprobs: true }],
    ['presence_penalty', { presence_penalty: 0.5 }],
    ['parallel_tool_calls', { parallel_tool_calls: false }],
    ['functions', { functions: [{ name: 'f', parameters: {} }] }],
    [
      'messages[0].content[0].image_url.url',
      {
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }],
      },
    ],
  ])('raises BadRequestError naming %s for a value the gateway cannot honour', async (param, overrides) => {
    // Act
    const error = await rejectionOf(
      client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'hi' }],
        ...(overrides as object),
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ param });
    expect((error as Error).message).toContain(param);
  });

  it('accepts the default values of the parameters it cannot otherwise honour, and the advisory ones', async () => {
    // Act
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      n: 1,
      logprobs: false,
      presence_penalty: 0,
      frequency_penalty: 0,
      response_format: { type: 'text' },
      parallel_tool_calls: true,
      user: 'user-1',
      metadata: { team: 'search' },
      store: false,
      service_tier: 'auto',
      seed: 7,
      prompt_cache_key: 'k',
      safety_identifier: 'hash',
    });

    // Assess
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });

  it('raises BadRequestError for an unknown top-level field', async () => {
    // Act
    const error = await rejectionOf(
      client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'hi' }],
        top_k: 5,
      } as OpenAI.ChatCompletionCreateParamsNonStreaming),
    );

    // Assess
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('top_k');
  });

  it('raises BadRequestError for an embedding model on chat', async () => {
    const error = await rejectionOf(
      client.chat.completions.create({
        model: 'titan-embed-text-v2',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ param: 'model', code: 'unsupported_model' });
  });

  it('raises AuthenticationError for a wrong key', async () => {
    // Act
    const error = await rejectionOf(
      clientWithKey('bgw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('raises PermissionDeniedError for a model outside the key allow-list', async () => {
    // Prepare
    const limited = clientWithKey(await stack.createKey({ name: 'haiku-only-chat', models: [MODEL] }));

    // Act
    const error = await rejectionOf(
      limited.chat.completions.create({
        model: 'claude-sonnet',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, code: 'model_not_allowed', param: 'model' });
  });

  it('raises NotFoundError for an unknown model, never substituting another', async () => {
    // Act
    const error = await rejectionOf(
      client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    );

    // Assess
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
  });

  it('raises RateLimitError when the key is over its rpm, with Retry-After', async () => {
    await waitForRoomInMinute();
    // Prepare
    const limited = clientWithKey(
      await stack.createKey({ name: 'one-rpm', models: ['*'], limits: { rpm: 1 } }),
    );
    await limited.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] });

    // Act
    const error = await rejectionOf(
      limited.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
    );

    // Assess
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(
      Number((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')),
    ).toBeGreaterThan(0);
  });

  it('raises RateLimitError when Bedrock keeps throttling', async () => {
    const error = await rejectionOf(
      client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'hi [[emulator:fail=ThrottlingException]]' }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('raises InternalServerError for an upstream model failure (502)', async () => {
    // Act
    const error = await rejectionOf(
      client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'hi [[emulator:fail=ModelErrorException]]' }],
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 502, type: 'api_error' });
  });
});
