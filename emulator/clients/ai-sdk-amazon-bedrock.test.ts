import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEmulator, type Emulator } from '../create-emulator.js';

/* @ai-sdk/amazon-bedrock (Converse and ConverseStream over fetch, SigV4-signed) against the emulator. */

let emulator: Emulator;
let bedrock: ReturnType<typeof createAmazonBedrock>;

beforeAll(async () => {
  emulator = createEmulator();
  const { url } = await emulator.listen();
  bedrock = createAmazonBedrock({
    baseURL: url,
    region: 'us-east-1',
    accessKeyId: 'test',
    secretAccessKey: 'test',
  });
});
afterAll(() => emulator.close());

describe('@ai-sdk/amazon-bedrock', () => {
  it('generates text with a current Claude model, with usage', async () => {
    // Act
    const result = await generateText({
      model: bedrock('global.anthropic.claude-sonnet-4-6'),
      system: 'Be brief.',
      prompt: 'Hello [[emulator:tokens=30]]',
      maxRetries: 0,
    });

    // Assess
    expect(result.text).toMatch(/^Emulated reply from global\.anthropic\.claude-sonnet-4-6:/);
    expect(result.finishReason).toBe('stop');
    expect(result.usage.outputTokens).toBe(30);
  });

  it('streams text with Nova 2 Lite', async () => {
    // Act
    const result = streamText({
      model: bedrock('us.amazon.nova-2-lite-v1:0'),
      prompt: 'Stream [[emulator:tokens=10]]',
      maxRetries: 0,
    });
    let streamed = '';
    for await (const delta of result.textStream) streamed += delta;

    // Assess
    expect(streamed).toBe(await result.text);
    expect((await result.usage).outputTokens).toBe(10);
    expect(await result.finishReason).toBe('stop');
  });

  it('runs a tool round trip on gpt-oss', async () => {
    // Act
    const result = await generateText({
      model: bedrock('openai.gpt-oss-120b-1:0'),
      prompt: 'Weather in Oslo? [[emulator:tool=get_weather]]',
      tools: {
        get_weather: tool({
          description: 'The weather in a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async () => 'sunny, 21 C',
        }),
      },
      stopWhen: stepCountIs(2),
      maxRetries: 0,
    });

    // Assess
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.toolCalls[0]?.toolName).toBe('get_weather');
    expect(result.text).toContain('sunny, 21 C');
  });

  it("surfaces Bedrock's refusal of maxTokens above the model's cap", async () => {
    // Act
    const error = await generateText({
      model: bedrock('meta.llama3-8b-instruct-v1:0'),
      prompt: 'Hi',
      maxOutputTokens: 4096,
      maxRetries: 0,
    }).catch((caught: unknown) => caught);

    // Assess
    expect((error as Error).message).toBe(
      'The maximum tokens you requested exceeds the model limit of 2048. Try again with a maximum tokens value that is lower than 2048.',
    );
  });
});
