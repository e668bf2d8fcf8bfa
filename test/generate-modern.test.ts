import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfBase64, PNG_BASE64 } from './support/media-fixtures.js';
import { collectSse } from './support/read-sse.js';
import { startStack, type TestStack } from './support/start-stack.js';

/** The seeds' simple call, with what a 2026 client sends: images, documents, reasoning and a JSON schema. */
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ auth: false });
});
afterAll(() => stack.close());

describe('POST /v1/generate with modern inputs', () => {
  it('sends images and documents to a vision model as blocks of the prompt', async () => {
    // Act: the emulator's echo shows what the model saw
    const response = await stack.postJson('/v1/generate', {
      model: 'claude-haiku',
      prompt: 'Describe both. [[emulator:echo]]',
      images: [{ data: PNG_BASE64, media_type: 'image/png' }],
      documents: [{ data: createPdfBase64(), media_type: 'application/pdf', name: 'report.pdf' }],
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.output).toContain('[image]');
    expect(response.body.output).toContain('[document report]');
  });

  it('returns the reasoning text in its own field, plain and streamed', async () => {
    // Act
    const plain = await stack.postJson('/v1/generate', {
      model: 'claude-haiku',
      prompt: 'Is 91 prime? [[emulator:tokens=10]]',
      reasoning: 'low',
      max_tokens: 4_000,
    });
    const events = await collectSse(
      await stack.fetch('/v1/generate', {
        method: 'POST',
        body: JSON.stringify({
          model: 'claude-haiku',
          prompt: 'Is 91 prime?',
          reasoning: 'low',
          max_tokens: 4_000,
          stream: true,
        }),
      }),
    );

    // Assess
    expect(plain.status).toBe(200);
    expect(plain.body.reasoning.length).toBeGreaterThan(0);
    expect(events.find((event) => event.event === 'reasoning')).toBeDefined();
    expect(events.at(-1)?.event).toBe('done');
  });

  it('answers a JSON schema with output_json that follows it', async () => {
    // Prepare
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, population: { type: 'integer' } },
      required: ['city', 'population'],
      additionalProperties: false,
    };

    // Act
    const response = await stack.postJson('/v1/generate', {
      model: 'nova-micro',
      prompt: 'Largest city?',
      json_schema: schema,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.output_json).toEqual({ city: expect.any(String), population: expect.any(Number) });
    expect(JSON.parse(response.body.output)).toEqual(response.body.output_json);
  });

  it('keeps the seeds’ minimal call working unchanged', async () => {
    const response = await stack.postJson('/', { prompt: 'Explain the theory of relativity.' });
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('reasoning');
    expect(response.body).not.toHaveProperty('output_json');
  });

  it('refuses an image to a text-only model, naming the field and the model', async () => {
    const response = await stack.postJson('/v1/generate', {
      model: 'nova-micro',
      prompt: 'Describe.',
      images: [{ data: PNG_BASE64, media_type: 'image/png' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain("'nova-micro'");
    expect(response.body.error.param).toBe('image');
  });
});
