import { ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../emulator/testing/start-test-emulator.js';
import { loadTokenizer, type TokenizerName } from '../emulator/tokenizers/load-tokenizer.js';
import { sumTokens } from '../emulator/tokenizers/tokenizer.js';
import { createBedrockInvoker } from '../src/bedrock/bedrock-invoker.js';
import { codecFor } from '../src/core/codecs/index.js';
import {
  converseOptionsFor,
  convertToConverseRequest,
} from '../src/core/converse/convert-to-converse-request.js';
import type { GenerateRequest } from '../src/core/generate-request.js';
import { TEXT_CAPABILITIES } from '../src/core/model-capabilities.js';
import type { CodecFamily, ModelEntry } from '../src/core/model-registry.js';
import {
  boundPromptTokens,
  boundTextTokens,
  describePromptParts,
  estimateTextTokens,
} from '../src/core/prompt-tokens.js';
import { createEmulatorTransport } from './support/emulator-transport.js';
import { generateAdversarialCorpora, readNaturalCorpora } from './support/token-corpora.js';

const TOKENIZER_NAMES: readonly TokenizerName[] = ['claude-2', 'llama-3', 'mistral-v1', 'o200k_base'];
const NATURAL = readNaturalCorpora();
const ADVERSARIAL = generateAdversarialCorpora();
const CJK = new Set(['chinese', 'japanese', 'korean']);

describe('the strict token bound against real tokenizers', () => {
  it.each(TOKENIZER_NAMES)('%s never counts more than the bound, however hostile the text', async (name) => {
    // Prepare
    const tokenizer = await loadTokenizer(name);

    for (const corpus of [...NATURAL, ...ADVERSARIAL]) {
      // Act
      const bound = boundTextTokens(corpus.text);

      // Assess
      expect.soft(tokenizer.countTokens(corpus.text), `${name} on ${corpus.name}`).toBeLessThanOrEqual(bound);
      expect
        .soft(sumTokens(tokenizer.splitIntoPieces(corpus.text)), `${name} split`)
        .toBeLessThanOrEqual(bound);
    }
  });
});

describe('the typical token estimate against real tokenizers', () => {
  it.each(TOKENIZER_NAMES)('%s counts natural text within a factor of 2.6 of the estimate', async (name) => {
    // Prepare
    const tokenizer = await loadTokenizer(name);

    for (const corpus of NATURAL) {
      // Act
      const ratio = estimateTextTokens(corpus.text) / tokenizer.countTokens(corpus.text);

      // Assess
      expect.soft(ratio, `${name} on ${corpus.name}`).toBeGreaterThan(1 / 2.6);
      expect.soft(ratio, `${name} on ${corpus.name}`).toBeLessThan(2.6);
    }
  });

  it('estimates Chinese, Japanese and Korean within 30% of the Claude-like count', async () => {
    // Prepare
    const tokenizer = await loadTokenizer('claude-2');

    for (const corpus of NATURAL.filter((corpus) => CJK.has(corpus.name))) {
      // Act
      const ratio = estimateTextTokens(corpus.text) / tokenizer.countTokens(corpus.text);

      // Assess
      expect.soft(ratio, corpus.name).toBeGreaterThan(0.7);
      expect.soft(ratio, corpus.name).toBeLessThan(1.3);
    }
  });

  it('estimates English and code within 25% of every tokenizer', async () => {
    for (const name of TOKENIZER_NAMES) {
      // Prepare
      const tokenizer = await loadTokenizer(name);

      for (const corpus of NATURAL.filter((corpus) => /english|typescript|python|json/.test(corpus.name))) {
        // Act
        const ratio = estimateTextTokens(corpus.text) / tokenizer.countTokens(corpus.text);

        // Assess
        expect.soft(ratio, `${name} on ${corpus.name}`).toBeGreaterThan(0.75);
        expect.soft(ratio, `${name} on ${corpus.name}`).toBeLessThan(1.25);
      }
    }
  });
});

const corpus = (name: string) => [...NATURAL, ...ADVERSARIAL].find((entry) => entry.name === name)!.text;
const userText = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });
const assistantText = (text: string) => ({
  role: 'assistant' as const,
  content: [{ type: 'text' as const, text }],
});

/** Canonical requests as the gateway builds them from any client protocol. */
const TEXT_REQUESTS: ReadonlyArray<{ name: string; request: GenerateRequest }> = [
  {
    name: 'an English conversation with a system prompt',
    request: {
      system: 'You answer in one short paragraph.',
      messages: [userText(corpus('english')), assistantText('Noted.'), userText('Summarize it.')],
      maxTokens: 50,
    },
  },
  {
    name: 'Japanese, Korean and Chinese turns',
    request: {
      messages: [userText(corpus('japanese')), assistantText(corpus('korean')), userText(corpus('chinese'))],
      maxTokens: 50,
    },
  },
  {
    name: 'emoji and code',
    request: { messages: [userText(`${corpus('emoji')}\n${corpus('typescript')}`)], maxTokens: 50 },
  },
  {
    name: 'forty-one tiny turns',
    request: {
      system: 'S',
      messages: Array.from({ length: 41 }, (_, index) =>
        index % 2 === 0 ? userText('a') : assistantText('b'),
      ),
      maxTokens: 50,
    },
  },
  ...ADVERSARIAL.map((entry) => ({
    name: entry.name,
    request: { messages: [userText(entry.text)], maxTokens: 50 },
  })),
];

const TOOL_REQUEST: GenerateRequest = {
  system: 'Use the tools.',
  messages: [
    userText('東京とソウルの天気は？'),
    {
      role: 'assistant',
      content: [
        { type: 'tool-call', toolCallId: 'tooluse_1', toolName: 'get_weather', input: { city: '東京' } },
        { type: 'tool-call', toolCallId: 'tooluse_2', toolName: 'get_weather', input: { city: '서울' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool-result', toolCallId: 'tooluse_1', content: '{"sky":"晴れ","celsius":21}' },
        { type: 'tool-result', toolCallId: 'tooluse_2', content: '{"sky":"비","celsius":14}' },
      ],
    },
  ],
  maxTokens: 50,
  tools: [
    {
      name: 'get_weather',
      description: 'The weather now in a city, as JSON.',
      inputSchema: {
        type: 'object',
        properties: { city: { type: 'string', description: 'The city name, in any language' } },
        required: ['city'],
      },
    },
    { name: 'get_time', inputSchema: { type: 'object', properties: {} } },
  ],
  toolChoice: { type: 'any' },
};

/**
 * One current model per family with a codec, by the id Converse takes (an inference profile where Bedrock needs
 * one); CountTokens takes the base id, as the gateway sends it. Titan Text and Command R have reached their end of
 * life on Bedrock, so they are not measured here.
 */
const MODELS: ReadonlyArray<{ family: CodecFamily; modelId: string }> = [
  { family: 'anthropic', modelId: 'global.anthropic.claude-haiku-4-5-20251001-v1:0' },
  { family: 'llama3', modelId: 'us.meta.llama3-3-70b-instruct-v1:0' },
  { family: 'mistral', modelId: 'mistral.mistral-7b-instruct-v0:2' },
  { family: 'nova', modelId: 'amazon.nova-micro-v1:0' },
];
const TOOL_MODELS = MODELS.filter((model) => model.family === 'anthropic' || model.family === 'nova');

describe("the emulator's input tokens against the gateway's bound", () => {
  let running: TestEmulator;
  beforeAll(async () => {
    running = await startTestEmulator();
  });
  afterAll(() => running.close());

  /**
   * Converse usage as the AWS SDK reads it, and the input count Bedrock reports for the family's native body
   * (InvokeModel's `X-Amzn-Bedrock-Input-Token-Count`, read by the gateway's invoker: CountTokens answers for
   * Claude only).
   */
  async function measureInputTokens(family: CodecFamily, modelId: string, request: GenerateRequest) {
    const client = running.clients.http2;
    // As the gateway's Bedrock invoker sends it: the wire types are the SDK's, minus its `$unknown` members.
    const body = convertToConverseRequest(
      request,
      converseOptionsFor({ alias: modelId, family, capabilities: TEXT_CAPABILITIES }),
    );
    const converse = await client.send(new ConverseCommand({ modelId, ...body } as ConverseCommandInput));
    const model = { alias: modelId, id: modelId, family } as ModelEntry;
    const transport = createEmulatorTransport(running.url);
    const native = await createBedrockInvoker(transport)
      .invokeNative(model, codecFor(family).toNativeBody(request))
      .finally(() => transport.close());
    return { converse: converse.usage!.inputTokens!, native: native.usage!.inputTokens };
  }

  describe.each(MODELS)('$family', ({ family, modelId }) => {
    it.each(TEXT_REQUESTS)(
      'stays within the bound for $name, through Converse and InvokeModel',
      async ({ request }) => {
        // Prepare
        const bound = boundPromptTokens(describePromptParts(request));

        // Act
        const measured = await measureInputTokens(family, modelId, request);

        // Assess
        expect(measured.converse).toBeLessThanOrEqual(bound);
        expect(measured.native).toBeLessThanOrEqual(bound);
      },
    );
  });

  it.each(TOOL_MODELS)(
    'stays within the bound for a tool round trip in CJK on $family, tool-use system prompt included',
    async ({ family, modelId }) => {
      // Prepare
      const bound = boundPromptTokens(describePromptParts(TOOL_REQUEST));
      const withoutTools = { ...TOOL_REQUEST, messages: [userText('東京とソウルの天気は？')] };

      // Act
      const measured = await measureInputTokens(family, modelId, TOOL_REQUEST);
      const plain = await measureInputTokens(family, modelId, {
        ...withoutTools,
        tools: undefined,
        toolChoice: undefined,
      });

      // Assess
      expect(measured.converse).toBeLessThanOrEqual(bound);
      expect(measured.native).toBeLessThanOrEqual(bound);
      expect(measured.converse).toBeGreaterThan(plain.converse);
    },
  );
});
