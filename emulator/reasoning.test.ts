import type AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import {
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectInvokeStream,
  createTestAnthropicClient,
  invokeJson,
  readRefusal,
  startTestEmulator,
  type TestEmulator,
  TRANSPORTS,
} from './testing/start-test-emulator.js';
import { applyDeepSeekTemplate } from './testing/text-family-fixtures.js';
import { loadFamilyTokenizer } from './tokenizers/load-tokenizer.js';

/*
 * Reasoning as Bedrock returns it (claude-models.md §2.3, §5; other-models.md §3): Claude's signed thinking (and
 * redacted thinking) through Converse and its native body, Nova 2's `[REDACTED]`, gpt-oss's and DeepSeek R1's
 * reasoning text; and Claude's checks on the thinking a later turn sends back (bedrock-validation.md §12).
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
const OPUS_48 = 'global.anthropic.claude-opus-4-8';
const budget = (budgetTokens: number) => ({ thinking: { type: 'enabled', budget_tokens: budgetTokens } });
const userTurn = (text: string): Message => ({ role: 'user', content: [{ text }] });
const weatherTool = {
  toolSpec: {
    name: 'get_weather',
    description: 'The weather in a city',
    inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  },
};

function converse(input: ConverseCommandInput, transport: 'http2' | 'http1' = 'http2') {
  return running.clients[transport].send(new ConverseCommand(input));
}

describe.each(TRANSPORTS)('Claude thinking through Converse over %s', (transport) => {
  it('returns signed reasoning before the answer, billed as output within max tokens', async () => {
    // Act
    const response = await converse(
      {
        modelId: SONNET_45,
        messages: [userTurn('Is 97 prime? [[emulator:reasoning_tokens=40]] [[emulator:tokens=10]]')],
        inferenceConfig: { maxTokens: 2000 },
        additionalModelRequestFields: budget(1024),
      },
      transport,
    );

    // Assess
    const [reasoning, answer] = response.output?.message?.content ?? [];
    const text = reasoning?.reasoningContent?.reasoningText?.text ?? '';
    expect(text).toMatch(/^Reasoning about the request:/);
    expect(reasoning?.reasoningContent?.reasoningText?.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(answer?.text).toMatch(/^Emulated reply from/);
    const tokenizer = await loadFamilyTokenizer('anthropic');
    expect(tokenizer.countTokens(text)).toBe(40);
    expect(response.usage?.outputTokens).toBe(50);
  });

  it('streams reasoning deltas, then the signature, then the text as block 1', async () => {
    // Act
    const response = await running.clients[transport].send(
      new ConverseStreamCommand({
        modelId: OPUS_48,
        messages: [userTurn('Is 97 prime? [[emulator:reasoning_tokens=12]] [[emulator:tokens=6]]')],
        additionalModelRequestFields: { thinking: { type: 'adaptive' } },
        outputConfig: { effort: 'low' },
      }),
    );
    const deltas: Array<{ index?: number; kind: string; value: string }> = [];
    let usage: { outputTokens?: number } | undefined;
    for await (const event of response.stream ?? []) {
      const delta = event.contentBlockDelta;
      if (delta?.delta?.reasoningContent?.text !== undefined) {
        deltas.push({
          index: delta.contentBlockIndex,
          kind: 'reasoning',
          value: delta.delta.reasoningContent.text,
        });
      }
      if (delta?.delta?.reasoningContent?.signature !== undefined) {
        deltas.push({
          index: delta.contentBlockIndex,
          kind: 'signature',
          value: delta.delta.reasoningContent.signature,
        });
      }
      if (delta?.delta?.text !== undefined)
        deltas.push({ index: delta.contentBlockIndex, kind: 'text', value: delta.delta.text });
      if (event.metadata) usage = event.metadata.usage;
    }

    // Assess
    const kinds = deltas.map((delta) => delta.kind);
    expect(kinds.indexOf('signature')).toBe(kinds.lastIndexOf('reasoning') + 1);
    expect(kinds.indexOf('text')).toBe(kinds.indexOf('signature') + 1);
    expect(deltas.filter((delta) => delta.kind !== 'text').every((delta) => delta.index === 0)).toBe(true);
    expect(deltas.filter((delta) => delta.kind === 'text').every((delta) => delta.index === 1)).toBe(true);
    expect(usage?.outputTokens).toBe(18);
  });
});

describe('thinking sent back to Claude', () => {
  async function firstTurn(extra = '') {
    const question = userTurn(`Weather in Oslo? [[emulator:tool=get_weather]] ${extra}`);
    const response = await converse({
      modelId: SONNET_45,
      messages: [question],
      toolConfig: { tools: [weatherTool] },
      additionalModelRequestFields: budget(1024),
    });
    const content = response.output?.message?.content ?? [];
    const toolUse = content.find((block) => block.toolUse)?.toolUse;
    const result: Message = {
      role: 'user',
      content: [{ toolResult: { toolUseId: toolUse?.toolUseId ?? '', content: [{ text: 'sunny' }] } }],
    };
    return { question, content, result, stopReason: response.stopReason };
  }

  function secondTurn(question: Message, assistant: ContentBlock[], result: Message) {
    return converse({
      modelId: SONNET_45,
      messages: [question, { role: 'assistant', content: assistant }, result],
      toolConfig: { tools: [weatherTool] },
      additionalModelRequestFields: budget(1024),
    });
  }

  it('keeps a tool loop going when the signed thinking comes back unchanged', async () => {
    // Prepare
    const { question, content, result, stopReason } = await firstTurn();

    // Act
    const answer = await secondTurn(question, content, result);

    // Assess
    expect(stopReason).toBe('tool_use');
    expect(content[0]?.reasoningContent?.reasoningText?.signature).toBeDefined();
    expect(answer.stopReason).toBe('end_turn');
    expect(answer.output?.message?.content?.at(-1)?.text).toContain('sunny');
  });

  it('refuses edited thinking, thinking without its signature, and a tool loop turn without its thinking', async () => {
    // Prepare
    const { question, content, result } = await firstTurn();
    const [thinking, ...rest] = content;
    const reasoningText = thinking?.reasoningContent?.reasoningText;
    const edited = {
      reasoningContent: { reasoningText: { ...reasoningText, text: `${reasoningText?.text} (edited)` } },
    };
    const unsigned = { reasoningContent: { reasoningText: { text: reasoningText?.text ?? '' } } };

    // Act
    const tampered = await readRefusal(secondTurn(question, [edited as ContentBlock, ...rest], result));
    const withoutSignature = await readRefusal(
      secondTurn(question, [unsigned as ContentBlock, ...rest], result),
    );
    const withoutThinking = await readRefusal(secondTurn(question, rest, result));

    // Assess
    expect(tampered).toBe(`${PREFIX}messages.1.content.0: Invalid \`signature\` in \`thinking\` block.`);
    expect(withoutSignature).toBe(`${PREFIX}messages.1.content.0.thinking.signature: Field required`);
    expect(withoutThinking).toBe(
      `${PREFIX}messages.1.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`tool_use\`.`,
    );
  });

  it('returns redacted thinking under redact_reasoning, and takes it back unchanged only', async () => {
    // Prepare
    const { question, content, result } = await firstTurn('[[emulator:redact_reasoning]]');
    const redacted = content[0]?.reasoningContent?.redactedContent;
    const forged = { reasoningContent: { redactedContent: new TextEncoder().encode('forged') } };

    // Act
    const answer = await secondTurn(question, content, result);
    const refused = await readRefusal(
      secondTurn(question, [forged as ContentBlock, ...content.slice(1)], result),
    );

    // Assess
    expect(redacted).toBeInstanceOf(Uint8Array);
    expect(answer.stopReason).toBe('end_turn');
    expect(refused).toBe(`${PREFIX}messages.1.content.0: Invalid \`data\` in \`redacted_thinking\` block.`);
  });
});

describe('reasoning of the other families through Converse', () => {
  it("returns Nova 2's reasoning as [REDACTED], billed as output", async () => {
    // Act
    const response = await converse({
      modelId: 'global.amazon.nova-2-lite-v1:0',
      messages: [userTurn('Is 97 prime? [[emulator:reasoning_tokens=30]] [[emulator:tokens=5]]')],
      additionalModelRequestFields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } },
    });

    // Assess
    expect(response.output?.message?.content?.[0]).toEqual({
      reasoningContent: { reasoningText: { text: '[REDACTED]' } },
    });
    expect(response.usage?.outputTokens).toBe(35);
  });

  it('returns gpt-oss and DeepSeek R1 reasoning unasked and unsigned', async () => {
    // Act
    const gptOss = await converse({ modelId: 'openai.gpt-oss-20b-1:0', messages: [userTurn('Hi')] });
    const deepseek = await converse({ modelId: 'us.deepseek.r1-v1:0', messages: [userTurn('Hi')] });

    // Assess
    for (const response of [gptOss, deepseek]) {
      const reasoning = response.output?.message?.content?.[0]?.reasoningContent?.reasoningText;
      expect(reasoning?.text).toMatch(/^Reasoning about the request:/);
      expect(reasoning?.signature).toBeUndefined();
    }
  });

  it('gives Nova 1 nothing to reason with', async () => {
    // Act
    const response = await converse({ modelId: 'amazon.nova-lite-v1:0', messages: [userTurn('Hi')] });

    // Assess
    expect(response.output?.message?.content?.map((block) => Object.keys(block)[0])).toEqual(['text']);
  });
});

describe('reasoning in the native bodies', () => {
  it('returns a signed thinking block from Claude, and streams thinking_delta then signature_delta', async () => {
    // Act
    const message = await anthropic.messages.create({
      model: OPUS_48,
      max_tokens: 500,
      thinking: { type: 'adaptive' } as never,
      messages: [{ role: 'user', content: 'Is 97 prime? [[emulator:reasoning_tokens=9]]' }],
    });
    const stream = anthropic.messages.stream({
      model: OPUS_48,
      max_tokens: 500,
      thinking: { type: 'adaptive' } as never,
      messages: [{ role: 'user', content: 'Is 97 prime? [[emulator:reasoning_tokens=9]]' }],
    });
    const deltaTypes: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltaTypes.push(event.delta.type);
    });
    const streamed = await stream.finalMessage();

    // Assess
    expect(message.content[0]).toMatchObject({ type: 'thinking', signature: expect.any(String) });
    expect(message.content[1]).toMatchObject({ type: 'text' });
    expect(streamed.content[0]).toEqual(message.content[0]);
    expect(deltaTypes.indexOf('signature_delta')).toBe(deltaTypes.lastIndexOf('thinking_delta') + 1);
    expect(deltaTypes.at(-1)).toBe('text_delta');
  });

  it('keeps a native tool loop going with the thinking block sent back, and refuses it edited', async () => {
    // Prepare
    const tools = [
      {
        name: 'get_weather',
        description: 'The weather',
        input_schema: { type: 'object' as const, properties: {} },
      },
    ];
    const question = { role: 'user' as const, content: 'Weather? [[emulator:tool=get_weather]]' };
    const call = await anthropic.messages.create({
      model: OPUS_48,
      max_tokens: 500,
      thinking: { type: 'adaptive' } as never,
      tools,
      messages: [question],
    });
    const toolUse = call.content.find((block) => block.type === 'tool_use');
    const result = {
      role: 'user' as const,
      content: [{ type: 'tool_result' as const, tool_use_id: toolUse?.id ?? '', content: 'sunny' }],
    };
    const edited = call.content.map((block) =>
      block.type === 'thinking' ? { ...block, thinking: 'edited' } : block,
    );

    // Act
    const answer = await anthropic.messages.create({
      model: OPUS_48,
      max_tokens: 500,
      thinking: { type: 'adaptive' } as never,
      tools,
      messages: [question, { role: 'assistant', content: call.content }, result],
    });
    const refused = await anthropic.messages
      .create({
        model: OPUS_48,
        max_tokens: 500,
        thinking: { type: 'adaptive' } as never,
        tools,
        messages: [question, { role: 'assistant', content: edited }, result],
      })
      .catch((caught: unknown) => caught);

    // Assess
    expect(call.stop_reason).toBe('tool_use');
    expect(answer.stop_reason).toBe('end_turn');
    expect((refused as InstanceType<typeof AnthropicBedrock.BadRequestError>).error).toEqual({
      message: 'messages.1.content.0: Invalid `signature` in `thinking` block.',
    });
  });

  it("puts gpt-oss's reasoning in <reasoning> tags and DeepSeek R1's before </think>", async () => {
    // Act
    const gptOss = await invokeJson(running.clients.http2, 'openai.gpt-oss-120b-1:0', {
      messages: [{ role: 'user', content: 'Hi [[emulator:reasoning_tokens=8]]' }],
      reasoning_effort: 'high',
    });
    const deepseek = await invokeJson(running.clients.http2, 'us.deepseek.r1-v1:0', {
      prompt: applyDeepSeekTemplate('Hi [[emulator:reasoning_tokens=8]]'),
    });
    const streamed = await collectInvokeStream(running.clients.http1, 'us.deepseek.r1-v1:0', {
      prompt: applyDeepSeekTemplate('Hi [[emulator:reasoning_tokens=8]]'),
    });

    // Assess
    const choices = (response: Record<string, unknown>) =>
      (response.choices as Array<Record<string, never>>)[0]!;
    expect(choices(gptOss).message).toMatchObject({
      content: expect.stringMatching(
        /^<reasoning>Reasoning about the request:[^<]*<\/reasoning>Emulated reply/,
      ),
    });
    expect(choices(deepseek).text).toMatch(/^Reasoning about the request:[^<]*\n<\/think>\n\nEmulated reply/);
    expect(streamed.map((chunk) => choices(chunk).text).join('')).toBe(choices(deepseek).text);
  });

  it('bills the reasoning of a max-tokens cut first: the reasoning fills the cap, the answer is empty', async () => {
    // Act
    const message = await anthropic.messages.create({
      model: OPUS_48,
      max_tokens: 20,
      thinking: { type: 'adaptive' } as never,
      messages: [{ role: 'user', content: 'Think hard [[emulator:reasoning_tokens=50]]' }],
    });

    // Assess
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(20);
    expect(message.content[1]).toEqual({ type: 'text', text: '' });
  });
});
