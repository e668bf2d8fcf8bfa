import {
  ConverseCommand,
  CountTokensCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './testing/start-test-emulator.js';
import { TEXT_FAMILY_FIXTURES } from './testing/text-family-fixtures.js';

const APPLICATION_PROFILE = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/counting1';

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator({
    applicationInferenceProfiles: { [APPLICATION_PROFILE]: 'us.anthropic.claude-sonnet-4-6' },
  });
});
afterAll(() => running.close());

const CLAUDE_FIXTURE = TEXT_FAMILY_FIXTURES.find((fixture) => fixture.family === 'anthropic')!;
const encode = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));

describe('CountTokens', () => {
  it('counts a Converse input for the base id as the profile bills it', async () => {
    // Prepare
    const input = {
      system: [{ text: 'You answer in one line.' }],
      messages: [{ role: 'user' as const, content: [{ text: 'What is the longest river in Europe?' }] }],
    };
    const reply = await running.clients.http2.send(
      new ConverseCommand({ modelId: 'us.anthropic.claude-sonnet-4-6', ...input }),
    );

    // Act
    const counted = await running.clients.http2.send(
      new CountTokensCommand({ modelId: 'anthropic.claude-sonnet-4-6', input: { converse: input } }),
    );

    // Assess
    expect(counted.inputTokens).toBe(reply.usage?.inputTokens);
    expect(counted.inputTokens).toBeGreaterThan(10);
  });

  it("counts a Converse input's tool definitions as Claude Haiku 4.5 bills them", async () => {
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
    const modelId = 'anthropic.claude-haiku-4-5-20251001-v1:0';
    const withoutTools = await running.clients.http2.send(
      new CountTokensCommand({ modelId, input: { converse: { messages: input.messages } } }),
    );
    const reply = await running.clients.http2.send(
      new ConverseCommand({ modelId: `global.${modelId}`, ...input }),
    );

    // Act
    const counted = await running.clients.http2.send(
      new CountTokensCommand({ modelId, input: { converse: input } }),
    );

    // Assess
    expect(counted.inputTokens).toBe(reply.usage?.inputTokens);
    expect(counted.inputTokens).toBeGreaterThan(withoutTools.inputTokens! + 10);
  });

  it('counts a native Claude body as InvokeModel bills it', async () => {
    // Prepare
    const body = CLAUDE_FIXTURE.body('How many tokens does this prompt have?');
    const reply = await fetch(`${running.url}/model/${encodeURIComponent(CLAUDE_FIXTURE.modelId)}/invoke`, {
      method: 'POST',
      body: JSON.stringify(body),
    });

    // Act
    const counted = await running.clients.http1.send(
      new CountTokensCommand({
        modelId: 'anthropic.claude-sonnet-4-6',
        input: { invokeModel: { body: encode(body) } },
      }),
    );

    // Assess
    expect(counted.inputTokens).toBe(Number(reply.headers.get('x-amzn-bedrock-input-token-count')));
  });

  it('validates the counted body like InvokeModel does', async () => {
    // Act
    const error = await running.clients.http2
      .send(
        new CountTokensCommand({
          modelId: 'anthropic.claude-sonnet-4-6',
          input: {
            invokeModel: { body: encode({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 5 }) },
          },
        }),
      )
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe('messages: Field required');
  });

  it.each([
    ['an inference profile', 'us.anthropic.claude-sonnet-4-6'],
    [
      "an inference profile's ARN",
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6',
    ],
    ['an application inference profile', APPLICATION_PROFILE],
    ['a model that launched without counting (Opus 4.8)', 'anthropic.claude-opus-4-8'],
    ['Nova', 'amazon.nova-micro-v1:0'],
    ['an embedding model', 'amazon.titan-embed-text-v2:0'],
  ])("refuses %s with Bedrock's counting message", async (_case, modelId) => {
    // Act
    const error = await running.clients.http2
      .send(
        new CountTokensCommand({
          modelId,
          input: { converse: { messages: [{ role: 'user', content: [{ text: 'Hi' }] }] } },
        }),
      )
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe("The provided model doesn't support counting tokens.");
  });

  it('answers a model past its end of life with the end-of-life 404', async () => {
    // Act
    const error = await running.clients.http2
      .send(
        new CountTokensCommand({
          modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
          input: { converse: { messages: [{ role: 'user', content: [{ text: 'Hi' }] }] } },
        }),
      )
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as Error).message).toBe(
      'This model version has reached the end of its life. Please refer to the AWS documentation for more details.',
    );
  });
});
