import { ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invokeJson,
  startTestEmulator,
  type TestEmulator,
  TRANSPORTS,
} from './testing/start-test-emulator.js';
import {
  applyLlama3Template,
  applyMistralTemplate,
  TEXT_FAMILY_FIXTURES,
} from './testing/text-family-fixtures.js';
import { loadFamilyTokenizer } from './tokenizers/load-tokenizer.js';

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());

describe.each(TRANSPORTS)('InvokeModel over %s', (transport) => {
  it.each(TEXT_FAMILY_FIXTURES)('answers a $family body with its native response', async (fixture) => {
    // Prepare
    const client = running.clients[transport];

    // Act
    const response = await invokeJson(client, fixture.modelId, fixture.body('Tell me about rivers.'));

    // Assess
    expect(fixture.readText(response)).toMatch(/^Emulated reply from /);
    expect(fixture.readStopReason(response)).toBe(fixture.stopReasons.end);
  });
});

describe('InvokeModel responses', () => {
  it('carry the invocation latency and token count headers', async () => {
    // Prepare
    const fixture = TEXT_FAMILY_FIXTURES[0]!;
    const body = fixture.body('Count my tokens [[emulator:tokens=7]]');

    // Act
    const response = await fetch(`${running.url}/model/${encodeURIComponent(fixture.modelId)}/invoke`, {
      method: 'POST',
      body: JSON.stringify(body),
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-amzn-bedrock-output-token-count')).toBe('7');
    expect(Number(response.headers.get('x-amzn-bedrock-input-token-count'))).toBeGreaterThan(0);
    expect(response.headers.get('x-amzn-bedrock-invocation-latency')).toMatch(/^\d+$/);
  });

  it('return the anthropic usage and an id', async () => {
    // Prepare: the model sees "user: Hi [[emulator:tokens=5]]"
    const tokenizer = await loadFamilyTokenizer('anthropic');

    // Act
    const response = await invokeJson(
      running.clients.http2,
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      TEXT_FAMILY_FIXTURES[0]!.body('Hi [[emulator:tokens=5]]'),
    );

    // Assess
    expect(response).toMatchObject({
      type: 'message',
      role: 'assistant',
      stop_sequence: null,
      usage: { input_tokens: tokenizer.countTokens('user: Hi [[emulator:tokens=5]]'), output_tokens: 5 },
    });
    expect(response.id).toMatch(/^msg_bdrk_/);
  });
});

describe('echo', () => {
  it('shows the Llama 3 prompt with its chat template tokens', async () => {
    // Prepare
    const prompt = applyLlama3Template('What is a river? [[emulator:echo]]');

    // Act
    const response = await invokeJson(running.clients.http2, 'meta.llama3-70b-instruct-v1:0', { prompt });

    // Assess
    expect(response.generation).toBe(prompt);
    expect(response.generation).toContain('<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n');
  });

  it('shows the Mistral prompt with its [INST] markers', async () => {
    // Prepare
    const prompt = applyMistralTemplate('What is a lake? [[emulator:echo]]');

    // Act
    const response = await invokeJson(running.clients.http1, 'mistral.mixtral-8x7b-instruct-v0:1', {
      prompt,
    });

    // Assess
    expect(response.outputs).toEqual([
      { text: '<s>[INST] What is a lake? [[emulator:echo]] [/INST]', stop_reason: 'stop' },
    ]);
  });

  it('shows a Claude conversation as role-prefixed lines with the system prompt first', async () => {
    // Act
    const response = await invokeJson(running.clients.http2, 'us.anthropic.claude-haiku-4-5-20251001-v1:0', {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 500,
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: [{ type: 'text', text: 'Hi there' }] },
        { role: 'user', content: [{ type: 'text', text: 'Repeat [[emulator:echo]]' }] },
      ],
    });

    // Assess
    expect(response.content).toEqual([
      {
        type: 'text',
        text: 'system: Be brief.\nuser: Hello\nassistant: Hi there\nuser: Repeat [[emulator:echo]]',
      },
    ]);
  });
});

describe('output limits', () => {
  it.each(TEXT_FAMILY_FIXTURES)(
    'cuts a $family reply at max tokens with the max-tokens reason',
    async (fixture) => {
      // Act
      const response = await invokeJson(
        running.clients.http2,
        fixture.modelId,
        fixture.body('Ramble [[emulator:tokens=40]] [[emulator:reasoning_tokens=0]]', { maxTokens: 5 }),
      );

      // Assess
      const tokenizer = await loadFamilyTokenizer(fixture.family);
      expect(tokenizer.countTokens(fixture.readText(response))).toBe(5);
      expect(fixture.readStopReason(response)).toBe(fixture.stopReasons.maxTokens);
    },
  );

  it.each(TEXT_FAMILY_FIXTURES.filter((fixture) => fixture.stopReasons.stopSequence))(
    'ends a $family reply before a stop sequence with the stop-sequence reason',
    async (fixture) => {
      // Prepare
      const body = fixture.body('alpha beta STOP gamma [[emulator:echo]]', { stopSequences: ['STOP'] });

      // Act
      const response = await invokeJson(running.clients.http2, fixture.modelId, body);

      // Assess
      expect(fixture.readText(response)).toMatch(/alpha beta $/);
      expect(fixture.readText(response)).not.toContain('STOP');
      expect(fixture.readStopReason(response)).toBe(fixture.stopReasons.stopSequence);
    },
  );

  it('names the stop sequence that ended a Claude reply', async () => {
    // Act
    const response = await invokeJson(
      running.clients.http2,
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      TEXT_FAMILY_FIXTURES[0]!.body('one END two HALT [[emulator:echo]]', { stopSequences: ['HALT', 'END'] }),
    );

    // Assess
    expect(response).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
  });

  it('applies the family default cap when the body sets none', async () => {
    // Act
    const response = await invokeJson(running.clients.http2, 'meta.llama3-8b-instruct-v1:0', {
      prompt: 'Go on [[emulator:tokens=600]]',
    });

    // Assess: Llama's default is 512, under Llama 3 8B's cap of 2,048
    expect(response).toMatchObject({ generation_token_count: 512, stop_reason: 'length' });
  });
});

describe('validation', () => {
  it("refuses a Llama body sent to Claude in Anthropic's validator's words, first problem only", async () => {
    // Prepare
    const llamaBody = { prompt: applyLlama3Template('Hello'), max_gen_len: 50 };

    // Act
    const error = await invokeJson(running.clients.http2, 'us.anthropic.claude-sonnet-4-6', llamaBody).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).name).toBe('ValidationException');
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
    expect((error as Error).message).toBe('anthropic_version: Field required');
  });

  it('refuses a Claude body sent to Llama with the missing prompt', async () => {
    // Act
    const error = await invokeJson(
      running.clients.http1,
      'meta.llama3-8b-instruct-v1:0',
      TEXT_FAMILY_FIXTURES[0]!.body('Hi'),
    ).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toMatch(
      /^Malformed input request: #: required key \[prompt\] not found/,
    );
  });

  it('names the missing messages of a Claude body', async () => {
    // Act
    const error = await invokeJson(running.clients.http2, 'us.anthropic.claude-haiku-4-5-20251001-v1:0', {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 10,
    }).catch((caught: unknown) => caught);

    // Assess
    expect((error as Error).message).toBe('messages: Field required');
  });

  it('refuses an extra key in a Llama body, as Bedrock does (code id 4433367758)', async () => {
    // Act
    const error = await invokeJson(running.clients.http2, 'meta.llama3-8b-instruct-v1:0', {
      prompt: 'Hi',
      max_gen_length: 10,
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe(
      'Malformed input request: #: extraneous key [max_gen_length] is not permitted, please reformat your input and try again.',
    );
  });

  it('reports an out-of-range value with the schema path', async () => {
    // Act
    const error = await invokeJson(running.clients.http2, 'mistral.mistral-7b-instruct-v0:2', {
      prompt: 'Hi',
      temperature: 1.5,
    }).catch((caught: unknown) => caught);

    // Assess
    expect((error as Error).message).toContain('#/temperature: 1.5 is not less or equal to 1');
  });

  it('reports a wrongly typed value with the expected type', async () => {
    // Act
    const error = await invokeJson(running.clients.http2, 'meta.llama3-8b-instruct-v1:0', {
      prompt: 42,
    }).catch((caught: unknown) => caught);

    // Assess
    expect((error as Error).message).toContain('#/prompt: expected type: String, found: Integer');
  });

  it('answers a body that is not JSON with a ValidationException', async () => {
    // Act
    const response = await fetch(`${running.url}/model/mistral.mistral-7b-instruct-v0%3A2/invoke`, {
      method: 'POST',
      body: '{"prompt": ',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(await response.json()).toEqual({ message: expect.stringMatching(/^Malformed input request: /) });
  });

  it('answers an unknown model with the invalid-identifier ValidationException', async () => {
    // Act
    const error = await invokeJson(running.clients.http2, 'acme.unknown-model-v1', { prompt: 'Hi' }).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
    expect((error as Error).message).toBe('The provided model identifier is invalid.');
  });
});
