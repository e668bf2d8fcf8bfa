import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from './support/start-stack.js';

let stack: TestStack;
let provider: ReturnType<typeof createOpenAICompatible>;

beforeAll(async () => {
  stack = await startStack();
  provider = createOpenAICompatible({
    name: 'bedrock-gateway',
    baseURL: `${stack.url}/v1`,
    apiKey: stack.key!,
    includeUsage: true,
  });
});
afterAll(async () => {
  await stack.close();
});

const MODEL = 'claude-haiku';
const PROMPT = 'Write about mountains [[emulator:tokens=15]]';

describe('the Vercel AI SDK (openai-compatible provider) against the gateway', () => {
  it('generates text with the usage the gateway reports', async () => {
    // Prepare
    const simple = await stack.postJson('/v1/generate', { prompt: PROMPT, model: MODEL });

    // Act
    const result = await generateText({ model: provider(MODEL), prompt: PROMPT, maxRetries: 0 });

    // Assess
    expect(result.text).toBe(simple.body.output);
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(simple.body.usage.input_tokens);
    expect(result.usage.outputTokens).toBe(15);
    expect(result.usage.totalTokens).toBe(simple.body.usage.input_tokens + 15);
  });

  it('streams text that matches the generated text, with usage at the end', async () => {
    // Prepare
    const whole = await generateText({ model: provider(MODEL), prompt: PROMPT, maxRetries: 0 });

    // Act
    const result = streamText({ model: provider(MODEL), prompt: PROMPT, maxRetries: 0 });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);

    // Assess
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(whole.text);
    expect(await result.finishReason).toBe('stop');
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(whole.usage.inputTokens);
    expect(usage.outputTokens).toBe(15);
  });

  it('sends a system prompt the model sees', async () => {
    // Act
    const result = await generateText({
      model: provider(MODEL),
      system: 'You are terse.',
      prompt: 'Repeat [[emulator:echo]]',
      maxRetries: 0,
    });

    // Assess
    expect(result.text).toContain('system: You are terse.');
  });
});
