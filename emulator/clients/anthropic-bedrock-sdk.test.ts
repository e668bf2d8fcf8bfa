import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../create-emulator.js';

/*
 * The current Anthropic Bedrock SDK (1.x sends `"anthropic_version": "2026-10-21"` in the body, claude-models.md
 * §3.1) against the emulator, signing with SigV4 as it does by default.
 */

let emulator: Emulator;
let client: AnthropicBedrock;
const sentBodies: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  emulator = createEmulator();
  const { url } = await emulator.listen();
  client = new AnthropicBedrock({
    baseURL: url,
    awsRegion: 'us-east-1',
    awsAccessKey: 'test',
    awsSecretKey: 'test',
    maxRetries: 0,
    fetch: async (input, init) => {
      if (typeof init?.body === 'string') sentBodies.push(JSON.parse(init.body));
      return fetch(input, init);
    },
  });
});
afterAll(() => emulator.close());

const CURRENT_MODEL = 'global.anthropic.claude-opus-4-8';

describe('@anthropic-ai/bedrock-sdk', () => {
  it('creates a message on a current undated Claude model with the API version it sends', async () => {
    // Act
    const message = await client.messages.create({
      model: CURRENT_MODEL,
      max_tokens: 200,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello [[emulator:tokens=8]]' }],
    });

    // Assess
    expect(sentBodies.at(-1)?.anthropic_version).toBe('2026-10-21');
    expect(message.role).toBe('assistant');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(8);
    expect(message.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringMatching(/^Emulated reply from/),
    });
  });

  it('streams a message: text deltas that add up to the final message', async () => {
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

  it('makes a tool round trip: a forced tool call, then text that answers its result', async () => {
    // Prepare
    const tools = [
      {
        name: 'get_weather',
        description: 'The weather in a city',
        input_schema: {
          type: 'object' as const,
          properties: { city: { type: 'string' } },
          required: ['city'],
        },
      },
    ];
    const question = { role: 'user' as const, content: 'What is the weather in Oslo?' };

    // Act
    const call = await client.messages.create({
      model: CURRENT_MODEL,
      max_tokens: 300,
      tools,
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [question],
    });
    const toolUse = call.content.find((block) => block.type === 'tool_use');
    const answer = await client.messages.create({
      model: CURRENT_MODEL,
      max_tokens: 300,
      tools,
      messages: [
        question,
        { role: 'assistant', content: call.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: 'sunny, 21 C' }],
        },
      ],
    });

    // Assess
    expect(call.stop_reason).toBe('tool_use');
    expect(toolUse).toMatchObject({
      type: 'tool_use',
      name: 'get_weather',
      input: { city: expect.any(String) },
    });
    expect(answer.stop_reason).toBe('end_turn');
    expect(answer.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('sunny, 21 C') });
  });

  it("gets Bedrock's 400 for the new API version on a dated model", async () => {
    // Act
    const error = await client.messages
      .create({
        model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Hello' }],
      })
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(AnthropicBedrock.BadRequestError);
    expect((error as InstanceType<typeof AnthropicBedrock.BadRequestError>).status).toBe(400);
    expect((error as InstanceType<typeof AnthropicBedrock.BadRequestError>).error).toEqual({
      message: 'Invalid API version: 2026-10-21',
    });
  });

  it('gets the invalid-identifier 400 for a known prefix with an unknown model', async () => {
    // Act
    const error = await client.messages
      .create({ model: 'anthropic.nope-v9', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as InstanceType<typeof AnthropicBedrock.BadRequestError>).status).toBe(400);
    expect((error as InstanceType<typeof AnthropicBedrock.BadRequestError>).error).toEqual({
      message: 'The provided model identifier is invalid.',
    });
  });
});
