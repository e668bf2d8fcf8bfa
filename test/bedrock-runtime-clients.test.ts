import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from './support/start-stack.js';

/*
 * Bedrock's other clients, unchanged but for their base URL, with a gateway key as their Bedrock API key:
 * @ai-sdk/amazon-bedrock (`apiKey`: Converse and ConverseStream over fetch) and @anthropic-ai/bedrock-sdk
 * (`apiKey`: InvokeModel and its stream, with the SDK's own `anthropic_version`).
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ config: { reliability: { maxAttemptsPerModel: 1 } } });
});
afterAll(() => stack.close());

describe('@ai-sdk/amazon-bedrock with its API-key option', () => {
  let bedrock: ReturnType<typeof createAmazonBedrock>;
  beforeAll(() => {
    bedrock = createAmazonBedrock({ baseURL: stack.url, region: 'us-east-1', apiKey: stack.key! });
  });

  it('generates text, with the usage Bedrock reported', async () => {
    // Act
    const result = await generateText({
      model: bedrock('us.anthropic.claude-sonnet-4-6'),
      system: 'Be brief.',
      prompt: 'Hello [[emulator:tokens=30]]',
      maxRetries: 0,
    });

    // Assess
    expect(result.text).toMatch(/^Emulated reply from global\.anthropic\.claude-sonnet-4-6/);
    expect(result.finishReason).toBe('stop');
    expect(result.usage.outputTokens).toBe(30);
    expect(result.response.headers?.['x-bedrock-gateway-model']).toBe('claude-sonnet-4-6');
  });

  it('streams text that adds up to the whole answer', async () => {
    // Act
    const result = streamText({
      model: bedrock('nova-2-lite'),
      prompt: 'Stream [[emulator:tokens=10]]',
      maxRetries: 0,
    });
    let streamed = '';
    for await (const delta of result.textStream) streamed += delta;

    // Assess
    expect(streamed).toBe(await result.text);
    expect(streamed).toMatch(/^Emulated reply/);
    expect((await result.usage).outputTokens).toBe(10);
    expect(await result.finishReason).toBe('stop');
  });
});

describe('@anthropic-ai/bedrock-sdk with its API-key option', () => {
  let client: AnthropicBedrock;
  const sent: Array<{ authorization: string | null; body: Record<string, unknown> }> = [];
  beforeAll(() => {
    client = new AnthropicBedrock({
      baseURL: stack.url,
      awsRegion: 'us-east-1',
      apiKey: stack.key!,
      maxRetries: 0,
      fetch: async (input, init) => {
        const headers = new Headers(init?.headers);
        if (typeof init?.body === 'string') {
          sent.push({ authorization: headers.get('authorization'), body: JSON.parse(init.body) });
        }
        return fetch(input, init);
      },
    });
  });

  it('creates a message through InvokeModel, with the API version the SDK sends', async () => {
    // Act
    const message = await client.messages.create({
      model: 'us.anthropic.claude-opus-4-8',
      max_tokens: 200,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello [[emulator:tokens=8]]' }],
    });

    // Assess
    expect(sent.at(-1)).toEqual({
      authorization: `Bearer ${stack.key}`,
      body: expect.objectContaining({ anthropic_version: '2026-10-21' }),
    });
    expect(message.role).toBe('assistant');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(8);
    expect(message.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringMatching(/^Emulated reply/),
    });
  });

  it('streams a message through InvokeModelWithResponseStream: deltas that add up to the final message', async () => {
    // Act
    const stream = client.messages.stream({
      model: 'us.anthropic.claude-sonnet-5',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Stream [[emulator:tokens=12]]' }],
    });
    let streamed = '';
    stream.on('text', (text) => {
      streamed += text;
    });
    const message = await stream.finalMessage();

    // Assess
    expect(message.usage.output_tokens).toBe(12);
    expect(message.content[0]).toMatchObject({ type: 'text', text: streamed });
    expect(streamed.length).toBeGreaterThan(0);
  });

  it("relays Bedrock's refusal of the SDK's API version on a dated model, in Bedrock's words", async () => {
    // Act
    const error = await client.messages
      .create({ model: 'claude-haiku', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(AnthropicBedrock.BadRequestError);
    expect((error as Error).message).toBe('400 Invalid API version: 2026-10-21');
  });

  it("surfaces a model outside the key's allow-list as a permission error", async () => {
    // Prepare
    const key = await stack.createKey({ name: 'haiku-only', models: ['claude-haiku'] });
    const limited = new AnthropicBedrock({
      baseURL: stack.url,
      awsRegion: 'us-east-1',
      apiKey: key,
      maxRetries: 0,
    });

    // Act
    const error = await limited.messages
      .create({
        model: 'us.anthropic.claude-opus-4-8',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(AnthropicBedrock.PermissionDeniedError);
    expect((error as { status: number }).status).toBe(403);
  });
});
