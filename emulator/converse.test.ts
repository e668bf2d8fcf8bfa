import {
  ConverseCommand,
  type ConverseCommandInput,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator, TRANSPORTS } from './testing/start-test-emulator.js';
import { TEXT_FAMILY_FIXTURES } from './testing/text-family-fixtures.js';
import { loadFamilyTokenizer } from './tokenizers/load-tokenizer.js';

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());

const userTurn = (text: string) => ({ role: 'user' as const, content: [{ text }] });

function converse(input: ConverseCommandInput, transport: 'http2' | 'http1' = 'http2') {
  return running.clients[transport].send(new ConverseCommand(input));
}

describe.each(TRANSPORTS)('Converse over %s', (transport) => {
  it.each(TEXT_FAMILY_FIXTURES)('answers a $family model with an assistant message', async ({ modelId }) => {
    // Act
    const response = await converse({ modelId, messages: [userTurn('Tell me about lakes.')] }, transport);

    // Assess
    expect(response.output?.message?.role).toBe('assistant');
    // gpt-oss and DeepSeek R1 reason first: their answer is the text block after the reasoning block.
    expect(response.output?.message?.content?.find((block) => block.text !== undefined)?.text).toMatch(
      new RegExp(`^Emulated reply from ${modelId.replace(/[.:]/g, '\\$&')}: `),
    );
    expect(response.stopReason).toBe('end_turn');
    expect(response.metrics?.latencyMs).toBeGreaterThanOrEqual(0);
  });
});

describe('Converse replies', () => {
  it('report usage that adds up, counted with the family tokenizer', async () => {
    // Prepare
    const tokenizer = await loadFamilyTokenizer('anthropic');
    const inputTokens = tokenizer.countTokens('user: Hi [[emulator:tokens=9]]');

    // Act
    const response = await converse({
      modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      messages: [userTurn('Hi [[emulator:tokens=9]]')],
    });

    // Assess
    expect(response.usage).toEqual({ inputTokens, outputTokens: 9, totalTokens: inputTokens + 9 });
  });

  it('echo the system prompt and turns as role-prefixed lines', async () => {
    // Act
    const response = await converse({
      modelId: 'meta.llama3-8b-instruct-v1:0',
      system: [{ text: 'Be brief.' }, { text: 'Be kind.' }],
      messages: [
        userTurn('Hello'),
        { role: 'assistant', content: [{ text: 'Hi' }] },
        userTurn('Again [[emulator:echo]]'),
      ],
    });

    // Assess
    expect(response.output?.message?.content?.[0]?.text).toBe(
      'system: Be brief.\nBe kind.\nuser: Hello\nassistant: Hi\nuser: Again [[emulator:echo]]',
    );
  });

  it('stop at maxTokens with max_tokens', async () => {
    // Act
    const response = await converse({
      modelId: 'amazon.nova-micro-v1:0',
      messages: [userTurn('Go [[emulator:tokens=50]]')],
      inferenceConfig: { maxTokens: 3 },
    });

    // Assess
    const text = response.output?.message?.content?.[0]?.text ?? '';
    expect(response.stopReason).toBe('max_tokens');
    expect(response.usage?.outputTokens).toBe(3);
    expect((await loadFamilyTokenizer('nova')).countTokens(text)).toBe(3);
    expect('Emulated reply from amazon.nova-micro-v1:0:'.startsWith(text)).toBe(true);
  });

  it('stop before a stop sequence with stop_sequence', async () => {
    // Act
    const response = await converse({
      modelId: 'mistral.mistral-7b-instruct-v0:2',
      messages: [userTurn('first. second. [[emulator:echo]]')],
      inferenceConfig: { stopSequences: ['second'] },
    });

    // Assess
    expect(response.stopReason).toBe('stop_sequence');
    expect(response.output?.message?.content?.[0]?.text).toBe('user: first. ');
  });

  it('accept ARNs of inference profiles and foundation models', async () => {
    // Prepare
    const arns = [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6',
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0',
    ];

    // Act
    const responses = await Promise.all(
      arns.map((modelId) => converse({ modelId, messages: [userTurn('Hi')] })),
    );

    // Assess
    expect(responses[0]?.output?.message?.content?.[0]?.text).toMatch(
      /^Emulated reply from us\.anthropic\.claude-sonnet-4-6:/,
    );
    expect(responses[1]?.output?.message?.content?.[0]?.text).toMatch(
      /^Emulated reply from amazon\.nova-micro-v1:0:/,
    );
  });
});

describe('Converse validation', () => {
  async function expectValidationError(
    input: Omit<ConverseCommandInput, 'modelId'>,
    message: string | RegExp,
  ) {
    const error = await converse({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', ...input }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
    expect((error as Error).message).toMatch(message);
  }

  it('refuses a conversation that starts with the assistant', async () => {
    await expectValidationError(
      { messages: [{ role: 'assistant', content: [{ text: 'Hi' }] }] },
      'A conversation must start with a user message.',
    );
  });

  it('refuses two user turns in a row', async () => {
    await expectValidationError(
      { messages: [userTurn('a'), userTurn('b')] },
      'A conversation must alternate between user and assistant roles.',
    );
  });

  it('refuses a temperature above 1', async () => {
    await expectValidationError(
      { messages: [userTurn('a')], inferenceConfig: { temperature: 1.5 } },
      "Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1",
    );
  });

  it('refuses a topP below 0', async () => {
    await expectValidationError(
      { messages: [userTurn('a')], inferenceConfig: { topP: -0.1 } },
      "'inferenceConfig.topP' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
  });

  it('refuses maxTokens of 0', async () => {
    await expectValidationError(
      { messages: [userTurn('a')], inferenceConfig: { maxTokens: 0 } },
      /inferenceConfig\.maxTokens/,
    );
  });

  it('refuses an empty message list', async () => {
    await expectValidationError({ messages: [] }, /Value '\[\]' at 'messages'/);
  });

  it('refuses a turn without content', async () => {
    await expectValidationError(
      { messages: [{ role: 'user', content: [] }] },
      'The content field in the Message object at messages.0 is empty.',
    );
  });

  it('refuses tool blocks without a toolConfig', async () => {
    await expectValidationError(
      {
        messages: [
          userTurn('Weather?'),
          { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'weather', input: {} } }] },
          { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'sunny' }] } }] },
        ],
      },
      'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
    );
  });

  it('refuses a content block with two members', async () => {
    // Prepare: the SDK never serialises such a union, so send the JSON directly
    const image = { format: 'png', source: { bytes: 'iVBORw0KGgo=' } };
    const body = { messages: [{ role: 'user', content: [{ text: 'a', image }] }] };

    // Act
    const response = await fetch(`${running.url}/model/amazon.nova-lite-v1%3A0/converse`, {
      method: 'POST',
      body: JSON.stringify(body),
    });

    // Assess
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain(
      "at 'messages.1.member.content.1.member' failed to satisfy constraint: Member must have exactly one field set",
    );
  });

  it('refuses Converse on an embedding model', async () => {
    // Act
    const error = await converse({
      modelId: 'amazon.titan-embed-text-v2:0',
      messages: [userTurn('a')],
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain("This action doesn't support the model that you provided.");
  });
});
