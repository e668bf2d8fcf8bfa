import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_BASE64 } from './support/media-fixtures.js';
import { collectSse } from './support/read-sse.js';
import { startStack, type TestStack } from './support/start-stack.js';

type AnthropicError = InstanceType<typeof Anthropic.APIError>;

/** Errors on the Messages routes, in Anthropic's shape, as the SDK's typed errors. */
let stack: TestStack;
let client: Anthropic;

beforeAll(async () => {
  stack = await startStack({ config: { reliability: { maxAttemptsPerModel: 1 } } });
  client = new Anthropic({ baseURL: stack.url, apiKey: stack.key!, maxRetries: 0 });
});
afterAll(async () => {
  await stack.close();
});

const MODEL = 'claude-haiku-4-5';

/** The rejection of `promise`, or a failure if it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<AnthropicError> {
  try {
    await promise;
  } catch (error) {
    return error as AnthropicError;
  }
  throw new Error('expected the call to fail');
}

/** The message of an Anthropic error body, as the client got it. */
function messageOf(error: AnthropicError): string {
  return (error.error as { error?: { message?: string } } | undefined)?.error?.message ?? '';
}

function ask(content: string, overrides: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) {
  return { model: MODEL, max_tokens: 64, messages: [{ role: 'user' as const, content }], ...overrides };
}

describe('typed errors through the Anthropic SDK', () => {
  it('raises AuthenticationError for a bad key, with the request id in the body and the header', async () => {
    // Act
    const error = await rejectionOf(
      new Anthropic({ baseURL: stack.url, apiKey: 'bgw_not-a-key', maxRetries: 0 }).messages.create(
        ask('Hi'),
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: expect.any(String) },
      request_id: error.requestID,
    });
    expect(error.headers?.get('x-request-id')).toBe(error.requestID);
  });

  it('raises PermissionDeniedError for a model outside the key allow-list', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'nova-only', models: ['nova-lite'] });
    const limited = new Anthropic({ baseURL: stack.url, authToken: key, maxRetries: 0 });

    // Act
    const error = await rejectionOf(limited.messages.create(ask('Hi')));

    // Assess
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(error.error).toMatchObject({ error: { type: 'permission_error' } });
  });

  it('raises NotFoundError for a model the gateway does not serve', async () => {
    const error = await rejectionOf(client.messages.create(ask('Hi', { model: 'claude-opus-4-7' })));
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error.error).toMatchObject({ error: { type: 'not_found_error' } });
    expect(messageOf(error)).toContain("'claude-opus-4-7'");
  });

  it('raises RateLimitError with retry-after when Bedrock throttles', async () => {
    // Act
    const error = await rejectionOf(client.messages.create(ask('Hi [[emulator:fail=ThrottlingException]]')));

    // Assess
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.error).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThan(0);
  });

  it("answers Bedrock's unavailability with 529 overloaded_error and retry-after, as Anthropic does", async () => {
    // Act
    const error = await rejectionOf(
      client.messages.create(ask('Hi [[emulator:fail=ServiceUnavailableException]]')),
    );

    // Assess
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error.status).toBe(529);
    expect(error.error).toMatchObject({ error: { type: 'overloaded_error' } });
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThan(0);
  });

  it('raises BadRequestError for a body without max_tokens, as Anthropic requires it', async () => {
    // Act
    const { max_tokens: _dropped, ...body } = ask('Hi');
    const error = await rejectionOf(
      client.messages.create(body as Anthropic.MessageCreateParamsNonStreaming),
    );

    // Assess
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.error).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(messageOf(error)).toContain('max_tokens: Field required');
  });

  it('refuses a server tool by its type, and an image by URL, saying what to send instead', async () => {
    // Act
    const serverTool = await rejectionOf(
      client.messages.create(
        ask('Search the web', { tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 1 }] }),
      ),
    );
    const urlImage = await rejectionOf(
      client.messages.create({
        model: MODEL,
        max_tokens: 64,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'url', url: 'http://169.254.169.254/latest/meta-data' } },
              { type: 'text', text: 'What is this?' },
            ],
          },
        ],
      }),
    );

    // Assess
    expect(serverTool).toBeInstanceOf(Anthropic.BadRequestError);
    expect(messageOf(serverTool)).toContain("'web_search_20250305' is a server tool");
    expect(urlImage).toBeInstanceOf(Anthropic.BadRequestError);
    expect(messageOf(urlImage)).toContain('does not fetch URLs');
    expect(messageOf(urlImage)).toContain('base64');
  });

  it('refuses a beta flag it does not know, and sampling parameters under API version 2026-10-21', async () => {
    // Act
    const beta = await rejectionOf(
      client.messages.create(ask('Hi'), { headers: { 'anthropic-beta': 'made-up-feature-2031-01-01' } }),
    );
    const sampling = await rejectionOf(
      client.messages.create({ ...ask('Hi'), temperature: 0.2 } as Anthropic.MessageCreateParamsNonStreaming),
    );

    // Assess
    expect(beta).toBeInstanceOf(Anthropic.BadRequestError);
    expect(messageOf(beta)).toContain("anthropic-beta 'made-up-feature-2031-01-01' is not supported");
    expect(sampling).toBeInstanceOf(Anthropic.BadRequestError);
    expect(messageOf(sampling)).toContain('temperature is not part of API version 2026-10-21');
  });

  it('names the Messages field when the model cannot honour it', async () => {
    const error = await rejectionOf(
      client.messages.create({
        model: 'nova-micro',
        max_tokens: 64,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
              { type: 'text', text: 'What is in the picture?' },
            ],
          },
        ],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(messageOf(error)).toContain("Model 'nova-micro' does not support images");
  });

  it('answers an unknown path under /v1/messages in Anthropic shape too', async () => {
    const response = await stack.fetch('/v1/messages/batches', { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

describe('errors of a stream', () => {
  it('answers a failure before the first byte with a real HTTP status', async () => {
    const error = await rejectionOf(
      client.messages.stream(ask('Hi [[emulator:fail=ThrottlingException]]')).finalMessage(),
    );
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
  });

  it('ends a stream that fails after its first byte with an error event, which the SDK raises', async () => {
    // Prepare
    const body = { ...ask('A long story [[emulator:tokens=40]] [[emulator:cut_after=3]]'), stream: true };

    // Act
    const response = await stack.fetch('/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const events = await collectSse(response);
    const raised = await rejectionOf(client.messages.stream(body).finalMessage());

    // Assess
    expect(response.status).toBe(200);
    expect(events[0]!.event).toBe('message_start');
    expect(events.some((event) => event.event === 'content_block_delta')).toBe(true);
    expect(events.at(-1)!.event).toBe('error');
    expect(JSON.parse(events.at(-1)!.data)).toEqual({
      type: 'error',
      error: { type: 'api_error', message: expect.stringContaining('failed while streaming') },
    });
    expect(events.some((event) => event.event === 'message_stop')).toBe(false);
    expect(raised).toBeInstanceOf(Anthropic.APIError);
    expect(raised.error).toMatchObject({ error: { type: 'api_error' } });
  });
});
