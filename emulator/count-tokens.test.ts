import { ConverseCommand, CountTokensCommand, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeJson, startTestEmulator, type TestEmulator } from './testing/start-test-emulator.js';
import { TEXT_FAMILY_FIXTURES } from './testing/text-family-fixtures.js';
import { loadFamilyTokenizer } from './tokenizers/load-tokenizer.js';

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());

describe('CountTokens', () => {
  it('counts a Converse input as the Converse reply bills it', async () => {
    // Prepare
    const input = {
      system: [{ text: 'You answer in one line.' }],
      messages: [{ role: 'user' as const, content: [{ text: 'What is the longest river in Europe?' }] }],
    };
    const modelId = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
    const reply = await running.clients.http2.send(new ConverseCommand({ modelId, ...input }));

    // Act
    const counted = await running.clients.http2.send(
      new CountTokensCommand({ modelId, input: { converse: input } }),
    );

    // Assess
    expect(counted.inputTokens).toBe(reply.usage?.inputTokens);
    expect(counted.inputTokens).toBeGreaterThan(10);
  });

  it.each(['anthropic.claude-3-5-sonnet-20240620-v1:0', 'amazon.nova-micro-v1:0'])(
    'counts the tool definitions of a Converse input as %s bills them',
    async (modelId) => {
      // Prepare
      const input = {
        messages: [{ role: 'user' as const, content: [{ text: '東京の天気は？' }] }],
        toolConfig: {
          tools: [
            {
              toolSpec: {
                name: 'get_weather',
                description: 'The weather in a city',
                inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } },
              },
            },
          ],
        },
      };
      const withoutTools = await running.clients.http2.send(
        new CountTokensCommand({ modelId, input: { converse: { messages: input.messages } } }),
      );
      const reply = await running.clients.http2.send(new ConverseCommand({ modelId, ...input }));

      // Act
      const counted = await running.clients.http2.send(
        new CountTokensCommand({ modelId, input: { converse: input } }),
      );

      // Assess
      expect(counted.inputTokens).toBe(reply.usage?.inputTokens);
      expect(counted.inputTokens).toBeGreaterThan(withoutTools.inputTokens! + 10);
    },
  );

  it.each(TEXT_FAMILY_FIXTURES)('counts a native $family body as InvokeModel bills it', async (fixture) => {
    // Prepare
    const body = fixture.body('How many tokens does this prompt have?');
    const reply = await fetch(`${running.url}/model/${encodeURIComponent(fixture.modelId)}/invoke`, {
      method: 'POST',
      body: JSON.stringify(body),
    });

    // Act
    const counted = await running.clients.http1.send(
      new CountTokensCommand({
        modelId: fixture.modelId,
        input: { invokeModel: { body: new TextEncoder().encode(JSON.stringify(body)) } },
      }),
    );

    // Assess
    expect(counted.inputTokens).toBe(Number(reply.headers.get('x-amzn-bedrock-input-token-count')));
  });

  it('counts the texts of an embedding body', async () => {
    // Prepare
    const body = { inputText: 'four words right here' };
    const reply = await invokeJson(running.clients.http2, 'amazon.titan-embed-text-v2:0', body);

    // Act
    const counted = await running.clients.http2.send(
      new CountTokensCommand({
        modelId: 'amazon.titan-embed-text-v2:0',
        input: { invokeModel: { body: new TextEncoder().encode(JSON.stringify(body)) } },
      }),
    );

    // Assess
    const expected = (await loadFamilyTokenizer('titan-embed')).countTokens(body.inputText);
    expect(counted.inputTokens).toBe(expected);
    expect(reply.inputTextTokenCount).toBe(expected);
  });

  it('validates the counted body like InvokeModel does', async () => {
    // Act
    const error = await running.clients.http2
      .send(
        new CountTokensCommand({
          modelId: 'amazon.titan-text-express-v1',
          input: { invokeModel: { body: new TextEncoder().encode('{"prompt":"wrong family"}') } },
        }),
      )
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain('required key [inputText] not found');
  });
});
