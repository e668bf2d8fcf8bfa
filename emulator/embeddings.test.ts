import { ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeJson, startTestEmulator, type TestEmulator } from './testing/start-test-emulator.js';

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());

const TITAN_EMBED = 'amazon.titan-embed-text-v2:0';
const COHERE_EMBED = 'cohere.embed-english-v3';

const norm = (vector: number[]) => Math.hypot(...vector);
const cosine = (a: number[], b: number[]) =>
  a.reduce((sum, value, index) => sum + value * (b[index] as number), 0) / (norm(a) * norm(b));

async function embedWithTitan(body: Record<string, unknown>) {
  return (await invokeJson(running.clients.http2, TITAN_EMBED, body)) as {
    embedding: number[];
    inputTextTokenCount: number;
    embeddingsByType: Record<string, number[]>;
  };
}

describe('Titan Text Embeddings v2', () => {
  it('gives the same vector for the same text, 1024 normalised dimensions by default', async () => {
    // Act
    const first = await embedWithTitan({ inputText: 'The river flows to the sea' });
    const second = await embedWithTitan({ inputText: 'The river flows to the sea' });

    // Assess
    expect(first.embedding).toHaveLength(1024);
    expect(second.embedding).toEqual(first.embedding);
    expect(norm(first.embedding)).toBeCloseTo(1, 6);
    expect(first.inputTextTokenCount).toBe(6);
    expect(first.embeddingsByType.float).toEqual(first.embedding);
  });

  it('honours dimensions and normalize=false', async () => {
    // Act
    const response = await embedWithTitan({
      inputText: 'lakes and rivers',
      dimensions: 256,
      normalize: false,
    });

    // Assess
    expect(response.embedding).toHaveLength(256);
    expect(Math.abs(norm(response.embedding) - 1)).toBeGreaterThan(0.01);
  });

  it('places texts that share words closer than unrelated ones', async () => {
    // Act
    const [river, riverBank, spaceship] = await Promise.all(
      ['the river bank', 'a river bank at dawn', 'quantum spaceship engine'].map((inputText) =>
        embedWithTitan({ inputText }),
      ),
    );

    // Assess
    expect(cosine(river!.embedding, riverBank!.embedding)).toBeGreaterThan(
      cosine(river!.embedding, spaceship!.embedding) + 0.2,
    );
  });

  it('refuses a dimension Titan does not offer', async () => {
    // Act
    const error = await embedWithTitan({ inputText: 'x', dimensions: 300 }).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain('#/dimensions: 300 is not a valid enum value');
  });

  it('refuses a Cohere body', async () => {
    // Act
    const error = await embedWithTitan({ texts: ['x'], input_type: 'search_query' }).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect((error as Error).message).toContain('required key [inputText] not found');
  });
});

describe('Cohere Embed', () => {
  it('returns one 1024-dimension vector per text', async () => {
    // Act
    const response = await invokeJson(running.clients.http1, COHERE_EMBED, {
      texts: ['first text', 'second text', 'first text'],
      input_type: 'search_document',
    });

    // Assess
    const embeddings = response.embeddings as number[][];
    expect(response).toMatchObject({
      response_type: 'embeddings_floats',
      texts: ['first text', 'second text', 'first text'],
    });
    expect(embeddings).toHaveLength(3);
    expect(embeddings.every((vector) => vector.length === 1024)).toBe(true);
    expect(embeddings[2]).toEqual(embeddings[0]);
    expect(embeddings[1]).not.toEqual(embeddings[0]);
  });

  it('returns embeddings by type when asked', async () => {
    // Act
    const response = await invokeJson(running.clients.http2, COHERE_EMBED, {
      texts: ['x'],
      input_type: 'search_query',
      embedding_types: ['float', 'int8'],
    });

    // Assess
    const embeddings = response.embeddings as Record<string, number[][]>;
    expect(response.response_type).toBe('embeddings_by_type');
    expect(
      embeddings.int8?.[0]?.every((value) => Number.isInteger(value) && value >= -128 && value <= 127),
    ).toBe(true);
    expect(embeddings.float?.[0]).toHaveLength(1024);
  });

  it('requires input_type', async () => {
    // Act
    const error = await invokeJson(running.clients.http2, COHERE_EMBED, { texts: ['x'] }).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain('required key [input_type] not found');
  });

  it('refuses more than 96 texts', async () => {
    // Act
    const error = await invokeJson(running.clients.http2, COHERE_EMBED, {
      texts: Array.from({ length: 97 }, () => 'x'),
      input_type: 'clustering',
    }).catch((caught: unknown) => caught);

    // Assess
    expect((error as Error).message).toContain('#/texts: expected maximum item count: 96, found: 97');
  });
});
