import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUsageDay } from './support/read-usage-day.js';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitFor } from './support/wait-for.js';
import { waitForRoomInMinute } from './support/wait-for-room-in-minute.js';

type AnthropicError = InstanceType<typeof Anthropic.APIError>;
type OpenAIError = InstanceType<typeof OpenAI.APIError>;

/**
 * The key's allow-list, limits and usage apply on `/v1/messages` exactly as on the OpenAI route: the same request
 * through both protocols is admitted, refused and counted the same way.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ config: { reliability: { maxAttemptsPerModel: 1 } } });
});
afterAll(() => stack.close());

function clients(key: string) {
  return {
    anthropic: new Anthropic({ baseURL: stack.url, authToken: key, maxRetries: 0 }),
    openai: new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 }),
  };
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

describe('governance on /v1/messages, as on /v1/chat/completions', () => {
  it('applies the allow-list the same way: an allowed alias passes, another model is 403, also by a dated id', async () => {
    // Prepare
    const { anthropic, openai } = clients(await stack.createKey({ name: 'haiku', models: ['claude-haiku'] }));
    const message = (model: string) =>
      anthropic.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });
    const chat = (model: string) =>
      openai.chat.completions.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });

    // Act
    const statuses = {
      messages: [
        await statusOf(message('claude-haiku')),
        await statusOf(message('claude-opus')),
        await statusOf(message('claude-haiku-4-5-20251001')),
      ],
      chat: [
        await statusOf(chat('claude-haiku')),
        await statusOf(chat('claude-opus')),
        await statusOf(chat('claude-haiku-4-5')),
      ],
    };

    // Assess: `claude-haiku-4-5-20251001` is the pinned `claude-haiku-4-5`, which this key was not granted.
    expect(statuses).toEqual({ messages: [200, 403, 403], chat: [200, 403, 403] });
  });

  it('applies the rpm limit the same way, with retry-after', async () => {
    await waitForRoomInMinute();
    // Prepare
    const { anthropic } = clients(
      await stack.createKey({ name: 'rpm-2', models: ['*'], limits: { rpm: 2 } }),
    );
    const ask = () =>
      anthropic.messages.create({
        model: 'claude-haiku',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'Hi [[emulator:tokens=2]]' }],
      });

    // Act
    await ask();
    await ask();
    let refused: AnthropicError | undefined;
    try {
      await ask();
    } catch (error) {
      refused = error as AnthropicError;
    }

    // Assess
    expect(refused).toBeInstanceOf(Anthropic.RateLimitError);
    expect(Number(refused!.headers?.get('retry-after'))).toBeGreaterThan(0);
  });

  it('spends the monthly budget the OpenAI route spends, and then refuses both, telling the SDK not to retry', async () => {
    // Prepare: Claude Haiku 4.5 at 5 USD per million output tokens: a few calls of 400 tokens spend the budget.
    const { anthropic, openai } = clients(
      await stack.createKey({ name: 'budget', models: ['*'], limits: { monthlyBudgetUsd: 0.005 } }),
    );
    const ask = () =>
      anthropic.messages.create({
        model: 'claude-haiku',
        max_tokens: 400,
        messages: [{ role: 'user', content: 'Write at length [[emulator:tokens=400]]' }],
      });

    // Act: spend through /v1/messages until refused, then ask the OpenAI route the same.
    let refused: AnthropicError | undefined;
    let answered = 0;
    while (refused === undefined && answered < 10) {
      try {
        await ask();
        answered += 1;
      } catch (error) {
        refused = error as AnthropicError;
      }
    }
    const chat = await openai.chat.completions
      .create({
        model: 'claude-haiku',
        max_tokens: 400,
        messages: [{ role: 'user', content: 'Write at length [[emulator:tokens=400]]' }],
      })
      .catch((error: OpenAIError) => error);

    // Assess: the same request is refused on both routes, for the same reason.
    expect(answered).toBeGreaterThan(0);
    expect(refused).toBeInstanceOf(Anthropic.RateLimitError);
    expect(Number(refused!.headers?.get('retry-after'))).toBeGreaterThan(60);
    expect(refused!.headers?.get('x-should-retry')).toBe('false');
    expect(chat).toBeInstanceOf(OpenAI.RateLimitError);
    expect((chat as OpenAIError).code).toBe('budget_exceeded');
    expect((refused!.error as { error: { message: string } }).error.message).toBe(
      ((chat as OpenAIError).error as { message: string }).message,
    );
  });

  it('caps max_tokens with the key limit the same way, naming the field', async () => {
    // Prepare
    const { anthropic, openai } = clients(
      await stack.createKey({ name: 'small', models: ['*'], limits: { maxTokensPerRequest: 50 } }),
    );

    // Act
    const messages = await anthropic.messages
      .create({ model: 'claude-haiku', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: AnthropicError) => error);
    const chat = await openai.chat.completions
      .create({ model: 'claude-haiku', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: OpenAIError) => error);

    // Assess
    expect(messages).toBeInstanceOf(Anthropic.BadRequestError);
    expect(chat).toBeInstanceOf(OpenAI.BadRequestError);
    const message = ((messages as AnthropicError).error as { error: { message: string } }).error.message;
    expect(message).toBe(((chat as OpenAIError).error as { message: string }).message);
    expect(message).toContain("above this API key's limit of 50");
  });

  it('meters the same call the same way, streamed or not, and counts what the responses reported', async () => {
    // Prepare: one key per protocol, each making the same two calls (one streamed).
    const messagesKey = await stack.createKey({ name: 'messages-metering', models: ['*'] });
    const chatKey = await stack.createKey({ name: 'chat-metering', models: ['*'] });
    const { anthropic } = clients(messagesKey);
    const { openai } = clients(chatKey);
    const prompt = 'Tell me about the sea [[emulator:tokens=12]]';

    // Act
    const plain = await anthropic.messages.create({
      model: 'claude-haiku',
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: prompt }],
    });
    const streamed = await anthropic.messages
      .stream({
        model: 'claude-haiku',
        max_tokens: 64,
        system: 'Be brief.',
        messages: [{ role: 'user', content: prompt }],
      })
      .finalMessage();
    await openai.chat.completions.create({
      model: 'claude-haiku',
      max_tokens: 64,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: prompt },
      ],
    });
    const chatStream = await openai.chat.completions.create({
      model: 'claude-haiku',
      max_tokens: 64,
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: prompt },
      ],
    });
    for await (const _chunk of chatStream) {
      // Read to the end.
    }
    const messagesDay = await readUsageDay(stack, messagesKey, 2);
    const chatDay = await readUsageDay(stack, chatKey, 2);

    // Assess
    expect(messagesDay).toMatchObject({
      input_tokens: plain.usage.input_tokens + streamed.usage.input_tokens,
      output_tokens: plain.usage.output_tokens + streamed.usage.output_tokens,
      reserved_tokens: 0,
    });
    expect(messagesDay).toEqual(chatDay);
  });

  it('does not meter count_tokens, but applies the allow-list to it', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'counting', models: ['claude-haiku'] });
    const { anthropic } = clients(key);
    const messages = [{ role: 'user' as const, content: 'How many tokens is this?' }];

    // Act
    await anthropic.messages.create({ model: 'claude-haiku', max_tokens: 16, messages });
    await anthropic.messages.countTokens({ model: 'claude-haiku', messages });
    const refused = await statusOf(anthropic.messages.countTokens({ model: 'claude-opus', messages }));
    const day = await readUsageDay(stack, key, 1);

    // Assess
    expect(refused).toBe(403);
    expect(day.requests).toBe(1);
  });

  it('writes one log line and EMF metrics with the route, the key id, the tokens and the end user, and no key or prompt', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'logged', models: ['*'] });
    const { anthropic } = clients(key);

    // Act
    const { response } = await anthropic.messages
      .create({
        model: 'claude-haiku',
        max_tokens: 16,
        metadata: { user_id: 'developer-42' },
        messages: [{ role: 'user', content: 'A secret prompt [[emulator:tokens=3]]' }],
      })
      .withResponse();
    const requestId = response.headers.get('x-request-id');

    // Assess
    const line = await waitFor(
      async () =>
        stack.logs.lines.find((entry) => entry.message === 'request' && entry.request_id === requestId),
      (entry) => entry !== undefined,
    );
    expect(line).toMatchObject({
      route: '/v1/messages',
      status: 200,
      model: 'claude-haiku',
      key_id: expect.any(String),
      end_user: 'developer-42',
      output_tokens: 3,
    });
    // The request's EMF metrics name the route too (the last Messages document: this test's request).
    const metrics = await waitFor(
      async () =>
        stack.logs.lines.filter((entry) => '_aws' in entry && entry.Route === '/v1/messages').at(-1),
      (entry) => entry?.OutputTokens === 3,
    );
    expect(metrics).toMatchObject({ Route: '/v1/messages', Model: 'claude-haiku', Requests: 1 });
    const raw = stack.logs.raw.join('\n');
    expect(raw).not.toContain(key);
    expect(raw).not.toContain('A secret prompt');
  });
});
