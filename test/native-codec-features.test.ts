import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../emulator/testing/start-test-emulator.js';
import { type BedrockInvoker, createBedrockInvoker } from '../src/bedrock/bedrock-invoker.js';
import type { BedrockTransport } from '../src/bedrock/transport/create-bedrock-transport.js';
import { DEFAULT_MODELS } from '../src/core/default-models.js';
import type { GenerateRequest, Message, ToolDefinition } from '../src/core/generate-request.js';
import type { GenerateResult } from '../src/core/generate-result.js';
import { createModelRegistry, type ModelEntry } from '../src/core/model-registry.js';
import type { StreamEvent } from '../src/core/stream-event.js';
import { createEmulatorTransport } from './support/emulator-transport.js';

/*
 * The native InvokeModel codecs end to end: the gateway's Bedrock invoker, its lean transport, the emulator. Each
 * test names what it proves; those under "waiting on the emulator" need the emulator's issue 14 behaviour
 * (reasoning blocks, JSON answers, the prompt cache, guardrail interventions).
 */

/** A real 1x1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A one-page PDF. */
const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

const registry = createModelRegistry(DEFAULT_MODELS);

function model(alias: string): ModelEntry {
  const entry = registry.get(alias);
  if (!entry) throw new Error(`No model '${alias}'`);
  return entry;
}

const totalSchema = {
  type: 'object',
  properties: { total: { type: 'number' } },
  required: ['total'],
  additionalProperties: false,
};

const lookupTool: ToolDefinition = {
  name: 'lookup_invoice',
  description: 'An invoice by its number.',
  inputSchema: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
};

/** A user turn with an image, a PDF, a Markdown note and a question, cached up to the question. */
const mediaTurn: Message = {
  role: 'user',
  content: [
    { type: 'image', format: 'png', data: PNG },
    { type: 'document', format: 'pdf', name: 'Invoice 42', data: PDF },
    { type: 'document', format: 'md', name: 'Notes', data: new TextEncoder().encode('# Notes\nPaid.') },
    { type: 'cache-point' },
    { type: 'text', text: 'What is the total of invoice 42?' },
  ],
};

/** A prompt long enough to be cached by any Claude model (minimum 4,096 tokens). */
const LONG_SYSTEM = `You answer questions about the invoice archive. ${'Every invoice lists its number, date, lines, taxes and total. '.repeat(600)}`;

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const collected: StreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

function textOfResult(result: GenerateResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

let emulator: TestEmulator;
let transport: BedrockTransport;
let invoker: BedrockInvoker;

beforeAll(async () => {
  emulator = await startTestEmulator();
  transport = createEmulatorTransport(emulator.url);
  invoker = createBedrockInvoker(transport);
});

afterAll(async () => {
  transport.close();
  await emulator.close();
});

describe('the Anthropic codec on InvokeModel', () => {
  it('sends images, a PDF, a text document and cache points that Bedrock accepts', async () => {
    // Act
    const result = await invoker.generate(
      model('claude-sonnet-4-5'),
      {
        system: 'You read invoices.',
        cachePoints: { system: { type: 'cache-point', ttl: '1h' } },
        messages: [mediaTurn],
        maxTokens: 200,
      },
      { api: 'invoke' },
    );

    // Assess
    expect(result.stopReason).toBe('end_turn');
    expect(textOfResult(result).length).toBeGreaterThan(0);
  });

  it('asks a budget model to think within the budget, with a JSON schema, and streams the answer', async () => {
    // Prepare
    const request: GenerateRequest = {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is 2 + 2? Answer as JSON.' }] }],
      maxTokens: 4000,
      reasoning: { effort: 'low' },
      outputFormat: { type: 'json-schema', schema: totalSchema },
    };

    // Act
    const events = await collect(
      await invoker.stream(model('claude-sonnet-4-5'), request, { api: 'invoke' }),
    );

    // Assess
    expect(events[0]).toEqual({ type: 'message-start' });
    expect(events.at(-2)).toEqual({ type: 'message-stop', stopReason: 'end_turn' });
    expect(events.at(-1)?.type).toBe('usage');
  });

  it('asks an adaptive model with an effort', async () => {
    // Act
    const result = await invoker.generate(
      model('claude-opus-4-6'),
      {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Think about it.' }] }],
        maxTokens: 300,
        reasoning: { effort: 'high' },
      },
      { api: 'invoke' },
    );

    // Assess
    expect(result.stopReason).toBe('end_turn');
  });

  it('refuses an effort the model does not take before calling Bedrock, naming the model', async () => {
    // Act
    const call = invoker.generate(
      model('claude-opus-4-6'),
      {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
        maxTokens: 300,
        reasoning: { effort: 'xhigh' },
      },
      { api: 'invoke' },
    );

    // Assess
    await expect(call).rejects.toMatchObject({ statusCode: 400, param: 'reasoning' });
    await expect(call).rejects.toThrow(/claude-opus-4-6/);
  });
});

describe('the Nova codec on InvokeModel', () => {
  it("sends an image as base64, cache points and Nova 2's reasoningConfig, which Bedrock accepts", async () => {
    // Act
    const result = await invoker.generate(
      model('nova-2-lite'),
      {
        system: 'You describe photos.',
        cachePoints: { system: { type: 'cache-point' } },
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', format: 'png', data: PNG },
              { type: 'cache-point' },
              { type: 'text', text: 'What is in this picture?' },
            ],
          },
        ],
        maxTokens: 300,
        reasoning: { effort: 'low' },
      },
      { api: 'invoke' },
    );

    // Assess
    expect(result.stopReason).toBe('end_turn');
    expect(textOfResult(result).length).toBeGreaterThan(0);
  });

  it('refuses a document, which Nova reads through Converse only, before calling Bedrock', async () => {
    // Act
    const call = invoker.generate(
      model('nova-pro'),
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'document', format: 'pdf', name: 'Invoice', data: PDF },
              { type: 'text', text: 'Summarise.' },
            ],
          },
        ],
        maxTokens: 100,
      },
      { api: 'invoke' },
    );

    // Assess
    await expect(call).rejects.toMatchObject({ statusCode: 400, param: 'messages' });
    await expect(call).rejects.toThrow("Model 'nova-pro' (family 'nova') does not support documents");
  });
});

describe('the text-only codecs on InvokeModel', () => {
  it('refuse an image to Llama with a 400 naming the field and the model, pointing to Converse', async () => {
    // Act
    const call = invoker.generate(
      model('llama-4-maverick'),
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', format: 'png', data: PNG },
              { type: 'text', text: 'What is it?' },
            ],
          },
        ],
        maxTokens: 100,
      },
      { api: 'invoke' },
    );

    // Assess
    await expect(call).rejects.toMatchObject({ statusCode: 400, param: 'messages' });
    await expect(call).rejects.toThrow(
      "Model 'llama-4-maverick' (family 'llama3') does not support images through the native InvokeModel API; use api 'converse'.",
    );
  });
});

describe('guardrails and service tiers as InvokeModel headers', () => {
  it("sends the request's service tier, which Bedrock serves and echoes", async () => {
    // Act
    const invocation = await invoker.invokeNative(
      model('nova-2-lite'),
      {
        schemaVersion: 'messages-v1',
        messages: [{ role: 'user', content: [{ text: 'hi' }] }],
        inferenceConfig: { maxTokens: 20 },
      },
      undefined,
      { serviceTier: 'flex' },
    );

    // Assess
    expect(invocation.serviceTier).toBe('flex');
  });

  it('sends the service tier on the codec path, where a model without it is refused by Bedrock', async () => {
    // Act
    const call = invoker.generate(
      model('claude-sonnet-4-5'),
      {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
        maxTokens: 20,
        serviceTier: 'flex',
      },
      { api: 'invoke' },
    );

    // Assess
    await expect(call).rejects.toMatchObject({ statusCode: 400 });
    await expect(call).rejects.toThrow('The provided service tier is not supported for this model.');
  });

  it('sends the service tier on a stream', async () => {
    // Act
    const events = invoker.stream(
      model('claude-sonnet-4-5'),
      {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
        maxTokens: 20,
        serviceTier: 'priority',
      },
      { api: 'invoke' },
    );

    // Assess
    await expect(events).rejects.toThrow('The provided service tier is not supported for this model.');
  });

  it.each([
    ['identifier', { identifier: 'Not_A_Guardrail!', version: '1' }, 'guardrailIdentifier'],
    ['version', { identifier: 'gr1', version: 'v1' }, 'guardrailVersion'],
  ])('sends the guardrail %s as a header, which Bedrock validates', async (_what, guardrail, member) => {
    // Act
    const call = invoker.generate(
      model('claude-sonnet-4-5'),
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxTokens: 20, guardrail },
      { api: 'invoke' },
    );

    // Assess
    await expect(call).rejects.toMatchObject({ statusCode: 400 });
    await expect(call).rejects.toThrow(`at '${member}' failed to satisfy constraint`);
  });

  it('sends the passthrough guardrail as a header too', async () => {
    // Act
    const call = invoker.invokeNative(
      model('claude-sonnet-4-5'),
      {
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
      },
      undefined,
      { guardrail: { identifier: 'Not_A_Guardrail!', version: '1' } },
    );

    // Assess
    await expect(call).rejects.toThrow("at 'guardrailIdentifier' failed to satisfy constraint");
  });
});

describe('waiting on the emulator: what Bedrock answers to the new features', () => {
  it('returns signed reasoning from a budget model before its answer', async () => {
    // Act
    const result = await invoker.generate(
      model('claude-sonnet-4-5'),
      {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Is 97 prime?' }] }],
        maxTokens: 4000,
        reasoning: { effort: 'low' },
      },
      { api: 'invoke' },
    );

    // Assess
    const reasoning = result.content.find((part) => part.type === 'reasoning');
    expect(reasoning).toMatchObject({ type: 'reasoning', signature: expect.any(String) });
    expect(result.content.at(-1)?.type).toBe('text');
  });

  it('streams reasoning deltas ended by a signature before the text', async () => {
    // Act
    const events = await collect(
      await invoker.stream(
        model('claude-opus-4-6'),
        {
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Is 97 prime?' }] }],
          maxTokens: 2000,
          reasoning: { effort: 'low' },
        },
        { api: 'invoke' },
      ),
    );

    // Assess
    const types = events.map((event) => event.type);
    expect(types).toContain('reasoning-delta');
    expect(types.indexOf('reasoning-signature')).toBeGreaterThan(types.indexOf('reasoning-delta'));
    expect(types.indexOf('text-delta')).toBeGreaterThan(types.indexOf('reasoning-signature'));
  });

  it('keeps a tool loop going with the signed thinking sent back', async () => {
    // Prepare
    const first: GenerateRequest = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is the total of invoice 42? [[emulator:tool=lookup_invoice]]' },
          ],
        },
      ],
      maxTokens: 4000,
      tools: [lookupTool],
      reasoning: { effort: 'low' },
    };
    const turn = await invoker.generate(model('claude-sonnet-4-5'), first, { api: 'invoke' });
    const call = turn.content.find((part) => part.type === 'tool-call');

    // Act
    const answer = await invoker.generate(
      model('claude-sonnet-4-5'),
      {
        ...first,
        messages: [
          ...first.messages,
          { role: 'assistant', content: turn.content },
          {
            role: 'user',
            content: [
              {
                type: 'tool-result',
                toolCallId: call?.type === 'tool-call' ? call.toolCallId : '',
                content: '118.5',
              },
            ],
          },
        ],
      },
      { api: 'invoke' },
    );

    // Assess
    expect(turn.content[0]?.type).toBe('reasoning');
    expect(turn.stopReason).toBe('tool_use');
    expect(answer.stopReason).toBe('end_turn');
  });

  it('answers a JSON schema with JSON that follows it', async () => {
    // Act
    const result = await invoker.generate(
      model('claude-sonnet-4-5'),
      {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the total?' }] }],
        maxTokens: 300,
        outputFormat: { type: 'json-schema', schema: totalSchema },
      },
      { api: 'invoke' },
    );

    // Assess
    expect(JSON.parse(textOfResult(result))).toEqual({ total: expect.any(Number) });
  });

  it('writes a long cached prefix on the first call and reads it on the second, plain and streamed', async () => {
    // Prepare
    const request: GenerateRequest = {
      system: LONG_SYSTEM,
      cachePoints: { system: { type: 'cache-point' } },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Which fields does an invoice list?' }] }],
      maxTokens: 100,
    };

    // Act
    const first = await invoker.generate(model('claude-sonnet-4-5'), request, { api: 'invoke' });
    const second = await invoker.generate(model('claude-sonnet-4-5'), request, { api: 'invoke' });
    const streamed = await collect(
      await invoker.stream(model('claude-sonnet-4-5'), request, { api: 'invoke' }),
    );

    // Assess
    expect(first.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens);
    expect(second.usage.inputTokens).toBeLessThan(first.usage.cacheWriteTokens!);
    expect(streamed.at(-1)).toMatchObject({
      type: 'usage',
      usage: { cacheReadTokens: first.usage.cacheWriteTokens },
    });
  });

  it('reads the cache on Nova through its native usage names', async () => {
    // Prepare
    const request: GenerateRequest = {
      system: LONG_SYSTEM,
      cachePoints: { system: { type: 'cache-point' } },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Which fields?' }] }],
      maxTokens: 100,
    };

    // Act
    await invoker.generate(model('nova-pro'), request, { api: 'invoke' });
    const second = await invoker.generate(model('nova-pro'), request, { api: 'invoke' });

    // Assess
    expect(second.usage.cacheReadTokens).toBeGreaterThan(0);
  });

  it('returns Nova 2 reasoning as a reasoning part', async () => {
    // Act
    const result = await invoker.generate(
      model('nova-2-lite'),
      {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Is 97 prime?' }] }],
        maxTokens: 2000,
        reasoning: { effort: 'low' },
      },
      { api: 'invoke' },
    );

    // Assess
    expect(result.content[0]?.type).toBe('reasoning');
  });

  it.each([
    ['generate', false],
    ['stream', true],
  ])('reports a guardrail intervention as guardrail_intervened (%s)', async (_how, streaming) => {
    // Prepare
    const request: GenerateRequest = {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      maxTokens: 50,
      guardrail: { identifier: 'emulatorblock', version: '1' },
    };

    // Act
    const stopReason = streaming
      ? (await collect(await invoker.stream(model('claude-sonnet-4-5'), request, { api: 'invoke' }))).flatMap(
          (event) => (event.type === 'message-stop' ? [event.stopReason] : []),
        )[0]
      : (await invoker.generate(model('claude-sonnet-4-5'), request, { api: 'invoke' })).stopReason;

    // Assess
    expect(stopReason).toBe('guardrail_intervened');
  });
});
