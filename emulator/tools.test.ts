import { ConverseCommand, type Message, type ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectConverseStream,
  collectInvokeStream,
  invokeJson,
  startTestEmulator,
  type TestEmulator,
} from './testing/start-test-emulator.js';

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());

const WEATHER_SCHEMA = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    days: { type: 'integer', minimum: 1, maximum: 5 },
  },
  required: ['city', 'unit', 'days'],
};

const toolConfig: ToolConfiguration = {
  tools: [
    {
      toolSpec: {
        name: 'get_weather',
        description: 'Weather by city',
        inputSchema: { json: WEATHER_SCHEMA },
      },
    },
  ],
};

function expectWeatherInput(input: unknown) {
  expect(input).toEqual({
    city: expect.any(String),
    unit: expect.stringMatching(/^(celsius|fahrenheit)$/),
    days: expect.any(Number),
  });
}

describe('the tool directive', () => {
  it('makes a Converse model call the tool, then answer the tool result in text', async () => {
    // Prepare
    const modelId = 'us.anthropic.claude-sonnet-4-6';
    const question: Message = {
      role: 'user',
      content: [{ text: 'Weather in Paris? [[emulator:tool=get_weather]]' }],
    };

    // Act
    const first = await running.clients.http2.send(
      new ConverseCommand({ modelId, messages: [question], toolConfig }),
    );
    const toolUse = first.output?.message?.content?.[0]?.toolUse;
    const second = await running.clients.http2.send(
      new ConverseCommand({
        modelId,
        toolConfig,
        messages: [
          question,
          first.output!.message!,
          {
            role: 'user',
            content: [
              { toolResult: { toolUseId: toolUse!.toolUseId!, content: [{ text: '21 degrees and sunny' }] } },
            ],
          },
        ],
      }),
    );

    // Assess
    expect(first.stopReason).toBe('tool_use');
    expect(toolUse?.name).toBe('get_weather');
    expect(toolUse?.toolUseId).toMatch(/^tooluse_/);
    expectWeatherInput(toolUse?.input);
    expect(second.stopReason).toBe('end_turn');
    expect(second.output?.message?.content?.[0]?.text).toContain('tool result: 21 degrees and sunny');
  });

  it('streams a Converse tool call as contentBlockStart and partial JSON deltas', async () => {
    // Act
    const stream = await collectConverseStream(running.clients.http1, {
      modelId: 'amazon.nova-lite-v1:0',
      messages: [{ role: 'user', content: [{ text: 'Weather? [[emulator:tool=get_weather]]' }] }],
      toolConfig,
    });

    // Assess
    expect(stream.eventTypes.slice(0, 2)).toEqual(['messageStart', 'contentBlockStart']);
    expect(stream.stopReason).toBe('tool_use');
    expectWeatherInput(JSON.parse(stream.toolInput));
  });

  it('makes Claude return a tool_use block through InvokeModel', async () => {
    // Act
    const response = await invokeJson(running.clients.http2, 'us.anthropic.claude-haiku-4-5-20251001-v1:0', {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 200,
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: WEATHER_SCHEMA }],
      messages: [{ role: 'user', content: 'Weather? [[emulator:tool=get_weather]]' }],
    });

    // Assess
    expect(response.stop_reason).toBe('tool_use');
    const [block] = response.content as Array<Record<string, unknown>>;
    expect(block).toMatchObject({ type: 'tool_use', id: expect.any(String), name: 'get_weather' });
    expectWeatherInput(block?.input);
  });

  it('streams a Claude tool call as input_json_delta chunks', async () => {
    // Act
    const chunks = await collectInvokeStream(
      running.clients.http2,
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      {
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 200,
        tools: [{ name: 'get_weather', input_schema: WEATHER_SCHEMA }],
        messages: [{ role: 'user', content: 'Weather? [[emulator:tool=get_weather]]' }],
      },
    );

    // Assess
    const json = chunks
      .filter((chunk) => chunk.type === 'content_block_delta')
      .map((chunk) => (chunk.delta as { partial_json: string }).partial_json)
      .join('');
    expectWeatherInput(JSON.parse(json));
    expect(chunks[1]).toMatchObject({
      type: 'content_block_start',
      content_block: { type: 'tool_use', input: {} },
    });
  });

  it('makes Claude answer a tool_result in text', async () => {
    // Act
    const response = await invokeJson(running.clients.http2, 'us.anthropic.claude-haiku-4-5-20251001-v1:0', {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 200,
      tools: [{ name: 'get_weather', input_schema: WEATHER_SCHEMA }],
      messages: [
        { role: 'user', content: 'Weather? [[emulator:tool=get_weather]]' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'rainy' }] },
      ],
    });

    // Assess
    expect(response.stop_reason).toBe('end_turn');
    expect((response.content as Array<{ text: string }>)[0]?.text).toContain('tool result: rainy');
  });

  it('makes Nova return a toolUse block through InvokeModel', async () => {
    // Act
    const response = await invokeJson(running.clients.http2, 'us.amazon.nova-pro-v1:0', {
      messages: [{ role: 'user', content: [{ text: 'Weather? [[emulator:tool=get_weather]]' }] }],
      toolConfig,
    });

    // Assess
    expect(response.stopReason).toBe('tool_use');
    const output = response.output as {
      message: { content: Array<{ toolUse: { name: string; input: unknown } }> };
    };
    expect(output.message.content[0]?.toolUse.name).toBe('get_weather');
    expectWeatherInput(output.message.content[0]?.toolUse.input);
  });
});
