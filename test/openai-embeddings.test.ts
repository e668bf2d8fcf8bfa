import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeTextParts, estimatePromptTokens } from '../src/core/prompt-tokens.js';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitFor } from './support/wait-for.js';

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack();
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: stack.key!, maxRetries: 0 });
});
afterAll(async () => {
  await stack.close();
});

const TITAN = 'titan-embed-text-v2';
const COHERE = 'cohere-embed-english-v3';
const COHERE_ID = 'cohere.embed-english-v3';

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('POST /v1/embeddings with Titan Text Embeddings v2', () => {
  it('returns normalised vectors of the requested dimensions, the same for the same text', async () => {
    // Act
    const { data: response, response: raw } = await client.embeddings
      .create({
        model: TITAN,
        input: ['the quiet sea', 'the quiet sea'],
        dimensions: 256,
        encoding_format: 'float',
      })
      .withResponse();

    // Assess
    expect(response.object).toBe('list');
    expect(response.model).toBe(TITAN);
    expect(raw.headers.get('x-bedrock-gateway-model')).toBe(TITAN);
    const [first, second] = response.data;
    expect(first!.embedding).toHaveLength(256);
    expect(norm(first!.embedding)).toBeCloseTo(1, 5);
    expect(second!.embedding).toEqual(first!.embedding);
    expect(response.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.usage.total_tokens).toBe(response.usage.prompt_tokens);
  });

  it('gives each input its own index, in input order, with 1024 dimensions by default', async () => {
    // Prepare
    const texts = ['alpha river', 'beta mountain', 'gamma forest'];
    const singles = await Promise.all(
      texts.map((input) => client.embeddings.create({ model: TITAN, input, encoding_format: 'float' })),
    );

    // Act
    const response = await client.embeddings.create({ model: TITAN, input: texts, encoding_format: 'float' });

    // Assess
    expect(response.data.map((item) => item.index)).toEqual([0, 1, 2]);
    for (const [index, single] of singles.entries()) {
      expect(response.data[index]!.embedding).toHaveLength(1024);
      expect(response.data[index]!.embedding).toEqual(single.data[0]!.embedding);
    }
    const singleTokens = singles.reduce((total, single) => total + single.usage.prompt_tokens, 0);
    expect(response.usage.prompt_tokens).toBe(singleTokens);
  });

  it("serves the SDK's default base64 encoding with the same values as float", async () => {
    // Prepare
    const asFloat = await client.embeddings.create({
      model: TITAN,
      input: 'tide',
      dimensions: 512,
      encoding_format: 'float',
    });

    // Act: the SDK asks for base64 when no encoding_format is given, and decodes it.
    const decoded = await client.embeddings.create({ model: TITAN, input: 'tide', dimensions: 512 });

    // Assess
    expect(decoded.data[0]!.embedding).toHaveLength(512);
    for (const [index, value] of decoded.data[0]!.embedding.entries()) {
      expect(value).toBeCloseTo(asFloat.data[0]!.embedding[index]!, 6);
    }
  });

  it('refuses dimensions Titan does not offer with BadRequestError naming dimensions', async () => {
    const error = await rejectionOf(client.embeddings.create({ model: TITAN, input: 'x', dimensions: 300 }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ param: 'dimensions' });
    expect((error as Error).message).toContain('256, 512, 1024');
  });
});

describe('POST /v1/embeddings with Cohere Embed', () => {
  it('embeds more than 96 texts in batches of at most 96, keeping input order', async () => {
    // Prepare
    const texts = Array.from({ length: 100 }, (_, index) => `document number ${index}`);
    const last = await client.embeddings.create({
      model: COHERE,
      input: texts[99]!,
      encoding_format: 'float',
    });
    stack.emulator.resetStats();

    // Act
    const response = await client.embeddings.create({
      model: COHERE,
      input: texts,
      encoding_format: 'float',
    });

    // Assess
    expect(stack.emulator.stats.requestsByModel.get(COHERE_ID)).toBe(2);
    expect(response.data).toHaveLength(100);
    expect(response.data.map((item) => item.index)).toEqual(texts.map((_, index) => index));
    expect(response.data[99]!.embedding).toEqual(last.data[0]!.embedding);
    expect(response.data[0]!.embedding).not.toEqual(response.data[1]!.embedding);
    expect(response.usage.prompt_tokens).toBeGreaterThan(last.usage.prompt_tokens);
  });

  it('refuses dimensions, which Cohere Embed cannot change', async () => {
    const error = await rejectionOf(client.embeddings.create({ model: COHERE, input: 'x', dimensions: 256 }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ param: 'dimensions', code: 'unsupported_parameter' });
  });
});

describe('embedding policy', () => {
  it('refuses a text model with BadRequestError naming model', async () => {
    const error = await rejectionOf(client.embeddings.create({ model: 'claude-haiku', input: 'x' }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ param: 'model', code: 'unsupported_model' });
  });

  it('refuses an embedding model outside the key allow-list with PermissionDeniedError', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'titan-only', models: [TITAN] });
    const limited = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 });

    // Act
    const error = await rejectionOf(limited.embeddings.create({ model: COHERE, input: 'x' }));

    // Assess
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('refuses token-id input and empty strings with BadRequestError', async () => {
    const tokens = await rejectionOf(client.embeddings.create({ model: TITAN, input: [1, 2, 3] }));
    const empty = await rejectionOf(client.embeddings.create({ model: TITAN, input: ['ok', ''] }));
    expect(tokens).toBeInstanceOf(OpenAI.BadRequestError);
    expect(tokens).toMatchObject({ param: 'input' });
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    expect(empty).toMatchObject({ param: 'input[1]' });
  });

  it("settles the key's usage to the tokens Bedrock counted", async () => {
    // Prepare
    const key = await stack.createKey({ name: 'embed-metered', models: ['*'] });
    const metered = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 });

    // Act
    const response = await metered.embeddings.create({
      model: TITAN,
      input: ['metered text one', 'metered text two'],
    });
    const usage = await waitFor(
      async () => (await stack.fetch('/v1/usage', { headers: { authorization: `Bearer ${key}` } })).json(),
      (body) => body.day.input_tokens > 0,
    );

    // Assess: Titan embeds one text per call, and each Bedrock call counts as a request (against rpm too)
    expect(usage.day).toMatchObject({
      requests: 2,
      input_tokens: response.usage.prompt_tokens,
      output_tokens: 0,
      reserved_tokens: 0,
    });
  });

  it('on a failed call, stops the calls in flight and bills the completed ones plus the estimated input of those it cut off', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'embed-partial', models: ['*'] });
    const metered = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 });
    const fine = 'first fine text';
    const expected = await client.embeddings.create({ model: TITAN, input: fine });
    const slow = (name: string) => `${name} [[emulator:delay_ms=1000]]`;

    // Act: the first call answers at once; the fifth starts after it and fails while three are still waiting.
    const error = await rejectionOf(
      metered.embeddings.create({
        model: TITAN,
        input: [
          fine,
          slow('two'),
          slow('three'),
          slow('four'),
          'broken [[emulator:fail=ValidationException]]',
        ],
      }),
    );
    const usage = await waitFor(
      async () => (await stack.fetch('/v1/usage', { headers: { authorization: `Bearer ${key}` } })).json(),
      (body) => body.day.reserved_tokens === 0,
    );

    // Assess: the three slow calls had reached Bedrock when they were cancelled, so their prompts count; the
    // request held five Bedrock calls against the key's rate.
    const cutOff = ['two', 'three', 'four'].map((name) =>
      estimatePromptTokens(describeTextParts(slow(name))),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(usage.day).toMatchObject({
      requests: 5,
      input_tokens: expected.usage.prompt_tokens + cutOff.reduce((total, tokens) => total + tokens, 0),
      reserved_tokens: 0,
    });
  });

  it('writes the model and the input tokens to the request log line', async () => {
    // Act
    const { data: response, response: raw } = await client.embeddings
      .create({ model: TITAN, input: 'logged text', encoding_format: 'float' })
      .withResponse();

    // Assess
    const requestId = raw.headers.get('x-request-id');
    const line = await waitFor(
      async () =>
        stack.logs.lines.find((entry) => entry.request_id === requestId && entry.message === 'request'),
      (entry) => entry !== undefined,
    );
    expect(line).toMatchObject({
      model: TITAN,
      model_id: 'amazon.titan-embed-text-v2:0',
      input_tokens: response.usage.prompt_tokens,
      status: 200,
    });
  });
});
