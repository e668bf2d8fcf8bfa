import type AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectConverseStream,
  createTestAnthropicClient,
  invokeJson,
  readRefusal,
  startTestEmulator,
  type TestEmulator,
  TRANSPORTS,
} from './testing/start-test-emulator.js';

/*
 * Structured outputs (claude-models.md §2.5, other-models.md §3, bedrock-validation.md §13): Converse
 * `outputConfig.textFormat`, Claude's `output_config.format` and gpt-oss's `response_format` are answered with
 * JSON that follows the schema; Claude's validator refuses the schemas it cannot follow.
 */

let running: TestEmulator;
let anthropic: AnthropicBedrock;
beforeAll(async () => {
  running = await startTestEmulator();
  anthropic = createTestAnthropicClient(running.url);
});
afterAll(() => running.close());

const PREFIX = 'The model returned the following errors: ';
const SONNET_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const ajv = new Ajv({ strict: false });

/** A schema Claude can follow: every object closed, no bounds. */
const invoiceSchema = {
  type: 'object',
  properties: {
    number: { type: 'string' },
    total: { type: 'number' },
    paid: { type: 'boolean' },
    currency: { enum: ['EUR', 'USD'] },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: { sku: { type: 'string' }, quantity: { type: 'integer' } },
        required: ['sku', 'quantity'],
        additionalProperties: false,
      },
    },
  },
  required: ['number', 'total', 'paid', 'currency', 'lines'],
  additionalProperties: false,
};

const textFormat = (schema: unknown) => ({
  textFormat: {
    type: 'json_schema' as const,
    structure: {
      jsonSchema: { schema: typeof schema === 'string' ? schema : JSON.stringify(schema), name: 'invoice' },
    },
  },
});

function converse(input: ConverseCommandInput, transport: 'http2' | 'http1' = 'http2') {
  return running.clients[transport].send(new ConverseCommand(input));
}

describe.each(TRANSPORTS)('Converse outputConfig.textFormat over %s', (transport) => {
  it.each([
    ['Claude Sonnet 4.5', SONNET_45],
    ['gpt-oss', 'openai.gpt-oss-120b-1:0'],
    ['Mistral Large 3', 'mistral.mistral-large-3-675b-instruct'],
  ])('answers %s with JSON that follows the schema', async (_name, modelId) => {
    // Act
    const response = await converse(
      {
        modelId,
        messages: [{ role: 'user', content: [{ text: 'The invoice, please.' }] }],
        outputConfig: textFormat(invoiceSchema),
      },
      transport,
    );

    // Assess
    const text = response.output?.message?.content?.find((block) => block.text !== undefined)?.text ?? '';
    expect(ajv.validate(invoiceSchema, JSON.parse(text))).toBe(true);
    expect(response.stopReason).toBe('end_turn');
  });

  it('streams JSON whose deltas add up to a valid answer', async () => {
    // Act
    const stream = await collectConverseStream(running.clients[transport], {
      modelId: SONNET_45,
      messages: [{ role: 'user', content: [{ text: 'The invoice, please.' }] }],
      outputConfig: textFormat(invoiceSchema),
    });

    // Assess
    expect(stream.textDeltas).toBeGreaterThan(1);
    expect(ajv.validate(invoiceSchema, JSON.parse(stream.text))).toBe(true);
  });
});

describe("Claude's refusals of schemas it cannot follow", () => {
  it.each([
    [
      'an object without additionalProperties: false',
      { type: 'object', properties: { a: { type: 'string' } } },
      "output_config.format.schema: For 'object' type, 'additionalProperties' must be explicitly set to false",
    ],
    [
      'numeric bounds',
      {
        type: 'object',
        properties: { age: { type: 'integer', minimum: 0, maximum: 150 } },
        additionalProperties: false,
      },
      "output_config.format.schema: For 'integer' type, properties maximum, minimum are not supported",
    ],
    [
      'a string length',
      { type: 'object', properties: { code: { type: 'string', minLength: 3 } }, additionalProperties: false },
      "output_config.format.schema: For 'string' type, property 'minLength' is not supported",
    ],
    [
      'a schema that is not JSON',
      '{"type": ',
      'output_config.format.schema: Input should be a valid dictionary',
    ],
  ])('refuses %s', async (_case, schema, expected) => {
    // Act
    const message = await readRefusal(
      converse({
        modelId: SONNET_45,
        messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
        outputConfig: textFormat(schema),
      }),
    );

    // Assess
    expect(message).toBe(`${PREFIX}${expected}`);
  });
});

describe('structured outputs in the native bodies', () => {
  it("answers Claude's output_config.format with JSON (@anthropic-ai/bedrock-sdk)", async () => {
    // Act
    const message = await anthropic.messages.create({
      model: 'global.anthropic.claude-sonnet-5-5',
      max_tokens: 500,
      messages: [{ role: 'user', content: 'The invoice, please.' }],
      output_config: { format: { type: 'json_schema', schema: invoiceSchema } },
    } as never);

    // Assess
    const block = (message as { content: Array<{ type: string; text?: string }> }).content[0];
    expect(block?.type).toBe('text');
    expect(ajv.validate(invoiceSchema, JSON.parse(block?.text ?? ''))).toBe(true);
  });

  it("answers gpt-oss's response_format json_schema with JSON after its reasoning", async () => {
    // Act
    const response = await invokeJson(running.clients.http2, 'openai.gpt-oss-20b-1:0', {
      messages: [{ role: 'user', content: 'The invoice, please.' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'invoice', schema: invoiceSchema, strict: true },
      },
    });

    // Assess
    const content = (response.choices as Array<{ message: { content: string } }>)[0]!.message.content;
    const json = content.replace(/^<reasoning>[\s\S]*?<\/reasoning>/, '');
    expect(ajv.validate(invoiceSchema, JSON.parse(json))).toBe(true);
  });
});
