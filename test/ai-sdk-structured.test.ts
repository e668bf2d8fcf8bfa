import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateObject, generateText, streamObject } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPdfBase64, PNG_BASE64 } from './support/media-fixtures.js';
import { startStack, type TestStack } from './support/start-stack.js';

/**
 * The Vercel AI SDK's openai-compatible provider against the gateway's chat completions: structured objects,
 * media and reasoning. `supportsStructuredOutputs` tells the provider to send `response_format: json_schema`
 * (it sends a bare `json_object` otherwise), which the gateway honours.
 */

let stack: TestStack;
let provider: ReturnType<typeof createOpenAICompatible>;

beforeAll(async () => {
  stack = await startStack();
  provider = createOpenAICompatible({
    name: 'bedrock-gateway',
    baseURL: `${stack.url}/v1`,
    apiKey: stack.key!,
    includeUsage: true,
    supportsStructuredOutputs: true,
  });
});
afterAll(async () => {
  await stack.close();
});

const Recipe = z.object({
  title: z.string(),
  servings: z.number().int(),
  ingredients: z.array(z.object({ name: z.string(), grams: z.number() })),
  vegetarian: z.boolean(),
});

describe('the AI SDK (openai-compatible) with structured output', () => {
  it('generates an object of the zod schema with generateObject', async () => {
    // Act
    const result = await generateObject({
      model: provider('nova-micro'),
      schema: Recipe,
      schemaName: 'recipe',
      prompt: 'A recipe for soup.',
      maxRetries: 0,
    });

    // Assess
    expect(Recipe.parse(result.object)).toEqual(result.object);
    expect(result.finishReason).toBe('stop');
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  it('streams an object of the zod schema with streamObject', async () => {
    // Act
    const result = streamObject({
      model: provider('nova-micro'),
      schema: Recipe,
      schemaName: 'recipe',
      prompt: 'A recipe for bread.',
      maxRetries: 0,
    });
    let partials = 0;
    for await (const _partial of result.partialObjectStream) partials++;

    // Assess
    const object = await result.object;
    expect(Recipe.parse(object)).toEqual(object);
    expect(partials).toBeGreaterThan(0);
  });

  it('fails generateObject on a model that can be held to no format, with the gateway 400', async () => {
    // Act
    const act = generateObject({
      model: provider('llama3-8b'),
      schema: Recipe,
      prompt: 'A recipe for soup.',
      maxRetries: 0,
    });

    // Assess
    await expect(act).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("'llama3-8b'"),
    });
  });
});

describe('the AI SDK (openai-compatible) with media and reasoning', () => {
  it('sends an image and a PDF as the model sees them', async () => {
    // Act
    const result = await generateText({
      model: provider('claude-haiku'),
      maxRetries: 0,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these. [[emulator:echo]]' },
            { type: 'image', image: PNG_BASE64, mediaType: 'image/png' },
            { type: 'file', data: createPdfBase64(), mediaType: 'application/pdf', filename: 'menu.pdf' },
          ],
        },
      ],
    });

    // Assess
    expect(result.text).toBe('user: Compare these. [[emulator:echo]]\n[image]\n[document menu]');
  });

  it('returns the reasoning text and reasoning tokens for reasoningEffort low', async () => {
    // Act
    const result = await generateText({
      model: provider('claude-haiku'),
      prompt: 'What is 17 times 23?',
      providerOptions: { 'bedrock-gateway': { reasoningEffort: 'low' } },
      maxRetries: 0,
    });

    // Assess
    expect(result.reasoningText).toEqual(expect.stringMatching(/\S/));
    expect(result.usage.outputTokenDetails.reasoningTokens).toBeGreaterThan(0);
  });
});
