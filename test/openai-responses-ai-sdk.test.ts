import { createOpenAI, type OpenAIProvider } from '@ai-sdk/openai';
import { generateObject, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PNG_BASE64 } from './support/media-fixtures.js';
import { startStack, type TestStack } from './support/start-stack.js';

/**
 * The AI SDK's default OpenAI provider, `createOpenAI({ baseURL })(model)`, which speaks the Responses API
 * (`@ai-sdk/openai` 3.x, with `ai` 6), against `POST /v1/responses`: text, streams, tools, reasoning, objects
 * and images, unchanged but for the base URL and key.
 */

let stack: TestStack;
let openai: OpenAIProvider;

beforeAll(async () => {
  stack = await startStack();
  openai = createOpenAI({ baseURL: `${stack.url}/v1`, apiKey: stack.key! });
});
afterAll(async () => {
  await stack.close();
});

const MODEL = 'claude-haiku';
const PROMPT = 'Write about mountains [[emulator:tokens=15]]';

/** The AI SDK sends reasoning settings only for models it knows reason, unless told; and stateless, it must be told. */
const REASONING_OPTIONS = {
  openai: { forceReasoning: true, reasoningEffort: 'low', reasoningSummary: 'auto', store: false },
};

describe('the AI SDK (openai provider, Responses API) against the gateway', () => {
  it('generates text with the usage the gateway reports, calling /v1/responses', async () => {
    // Prepare
    const simple = await stack.postJson('/v1/generate', { prompt: PROMPT, model: MODEL });

    // Act
    const result = await generateText({ model: openai(MODEL), prompt: PROMPT, maxRetries: 0 });

    // Assess
    expect(result.text).toBe(simple.body.output);
    expect(result.finishReason).toBe('stop');
    expect(result.response.id).toMatch(/^resp_/);
    expect(result.response.modelId).toBe(MODEL);
    expect(result.usage.inputTokens).toBe(simple.body.usage.input_tokens);
    expect(result.usage.outputTokens).toBe(15);
    expect(result.usage.totalTokens).toBe(simple.body.usage.input_tokens + 15);
    expect(result.warnings ?? []).toEqual([]);
  });

  it('streams text that matches the generated text, with usage at the end', async () => {
    // Prepare
    const whole = await generateText({ model: openai(MODEL), prompt: PROMPT, maxRetries: 0 });

    // Act
    const result = streamText({ model: openai(MODEL), prompt: PROMPT, maxRetries: 0 });
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
      model: openai(MODEL),
      system: 'You are terse.',
      prompt: 'Repeat [[emulator:echo]]',
      maxRetries: 0,
    });

    // Assess
    expect(result.text).toBe('system: You are terse.\nuser: Repeat [[emulator:echo]]');
  });

  it('reports length when max output tokens run out', async () => {
    // Act
    const result = await generateText({
      model: openai(MODEL),
      prompt: 'Write a lot [[emulator:tokens=50]]',
      maxOutputTokens: 5,
      maxRetries: 0,
    });

    // Assess
    expect(result.finishReason).toBe('length');
    expect(result.usage.outputTokens).toBe(5);
  });

  it('surfaces a failure mid-stream as an error part, not a quiet end', async () => {
    // Act
    const result = streamText({
      model: openai(MODEL),
      prompt: 'Cut me [[emulator:tokens=40]] [[emulator:cut_after=2]]',
      maxRetries: 0,
      onError: () => {},
    });
    const errors: unknown[] = [];
    let text = '';
    for await (const part of result.fullStream) {
      if (part.type === 'error') errors.push(part.error);
      if (part.type === 'text-delta') text += part.text;
    }

    // Assess
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as { message?: string }).message ?? errors[0])).toMatch(/\S/);
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('tools through the Responses API', () => {
  const weather = tool({
    description: 'Current weather for a city.',
    inputSchema: jsonSchema<{ city: string }>({
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    }),
    execute: async ({ city }) => `Sunny in ${city}, 21 degrees`,
  });

  it('runs a tool round trip: the call, its result sent back, then the answer', async () => {
    // Act
    const result = await generateText({
      model: openai(MODEL),
      prompt: 'What is the weather in Paris? [[emulator:tool=weather]]',
      tools: { weather },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });

    // Assess
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]!.finishReason).toBe('tool-calls');
    expect(result.steps[0]!.toolCalls).toEqual([
      expect.objectContaining({ toolName: 'weather', input: { city: expect.any(String) } }),
    ]);
    expect(result.finishReason).toBe('stop');
    expect(result.text).toContain('Sunny in');
  });

  it('streams a tool round trip the same way', async () => {
    // Act
    const result = streamText({
      model: openai(MODEL),
      prompt: 'What is the weather in Lyon? [[emulator:tool=weather]]',
      tools: { weather },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    await result.consumeStream();

    // Assess
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]!.toolCalls[0]).toMatchObject({
      toolName: 'weather',
      input: { city: expect.any(String) },
    });
    expect(await result.text).toContain('Sunny in');
  });
});

describe('reasoning through the Responses API', () => {
  it('returns the reasoning text, and reasoning tokens in the usage', async () => {
    // Act
    const result = await generateText({
      model: openai(MODEL),
      prompt: 'What is 17 times 23?',
      providerOptions: REASONING_OPTIONS,
      maxRetries: 0,
    });

    // Assess
    expect(result.reasoningText).toMatch(/\S/);
    expect(result.text).toMatch(/\S/);
    expect(result.usage.outputTokenDetails.reasoningTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokenDetails.reasoningTokens).toBeLessThanOrEqual(result.usage.outputTokens!);
  });

  it('keeps the signed thinking through a streamed tool loop, sent back as encrypted_content', async () => {
    // Prepare
    const weather = tool({
      description: 'Current weather for a city.',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => `Snow in ${city}`,
    });

    // Act
    const result = streamText({
      model: openai(MODEL),
      prompt: 'What is the weather in Oslo? [[emulator:tool=weather]]',
      tools: { weather },
      stopWhen: stepCountIs(3),
      providerOptions: REASONING_OPTIONS,
      maxRetries: 0,
    });
    await result.consumeStream();

    // Assess
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]!.reasoningText).toMatch(/\S/);
    expect(await result.text).toContain('Snow in');
  });

  it('refuses the item_reference the AI SDK sends for reasoning when store is left on, saying to turn it off', async () => {
    // Prepare
    const weather = tool({
      description: 'Current weather for a city.',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => `Fog in ${city}`,
    });

    // Act
    const act = generateText({
      model: openai(MODEL),
      prompt: 'What is the weather in Bergen? [[emulator:tool=weather]]',
      tools: { weather },
      stopWhen: stepCountIs(3),
      providerOptions: { openai: { ...REASONING_OPTIONS.openai, store: true } },
      maxRetries: 0,
    });

    // Assess
    await expect(act).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('providerOptions.openai.store to false'),
    });
  });
});

describe('objects and images through the Responses API', () => {
  const Recipe = z.object({
    title: z.string(),
    servings: z.number().int(),
    vegetarian: z.boolean(),
  });

  it('generates an object of the zod schema, by text.format json_schema', async () => {
    // Act
    const result = await generateObject({
      model: openai('nova-micro'),
      schema: Recipe,
      schemaName: 'recipe',
      prompt: 'A recipe for soup.',
      maxRetries: 0,
    });

    // Assess
    expect(Recipe.parse(result.object)).toEqual(result.object);
    expect(result.finishReason).toBe('stop');
  });

  it('sends an image part as an input_image the model sees', async () => {
    // Act
    const result = await generateText({
      model: openai(MODEL),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in the picture? [[emulator:echo]]' },
            { type: 'image', image: Buffer.from(PNG_BASE64, 'base64'), mediaType: 'image/png' },
          ],
        },
      ],
      maxRetries: 0,
    });

    // Assess
    expect(result.text).toBe('user: What is in the picture? [[emulator:echo]]\n[image]');
  });
});
