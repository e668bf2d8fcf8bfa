import { ConverseCommand, CountTokensCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listServingModels } from '../catalogue/bedrock-catalogue.js';
import type { TextModel } from '../catalogue/foundation-model.js';
import {
  collectConverseStream,
  collectInvokeStream,
  invokeJson,
  startTestEmulator,
  type TestEmulator,
  TRANSPORTS,
} from '../testing/start-test-emulator.js';
import { TEXT_FAMILY_FIXTURES } from '../testing/text-family-fixtures.js';

/* @aws-sdk/client-bedrock-runtime over HTTP/2 (its default) and HTTP/1.1 (NodeHttpHandler), on today's models. */

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());

/** Every text model of the catalogue, by the id that answers on demand: the base id, else its first profile. */
const TEXT_MODELS = listServingModels()
  .filter((model): model is TextModel => model.kind === 'text')
  .map((model) => ({
    modelId: model.onDemand ? model.modelId : `${model.profiles[0]}.${model.modelId}`,
  }));

/** gpt-oss and DeepSeek R1 always reason: no reasoning keeps their output tokens to the answer's. */
const NO_REASONING = '[[emulator:reasoning_tokens=0]]';

describe.each(TRANSPORTS)('@aws-sdk/client-bedrock-runtime over %s', (transport) => {
  it.each(TEXT_MODELS)('converses with $modelId', async ({ modelId }) => {
    // Act
    const response = await running.clients[transport].send(
      new ConverseCommand({
        modelId,
        messages: [{ role: 'user', content: [{ text: `Hello [[emulator:tokens=6]] ${NO_REASONING}` }] }],
      }),
    );

    // Assess
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage?.outputTokens).toBe(6);
  });

  it.each(TEXT_MODELS)('streams a conversation with $modelId', async ({ modelId }) => {
    // Act
    const stream = await collectConverseStream(running.clients[transport], {
      modelId,
      messages: [{ role: 'user', content: [{ text: `Hello [[emulator:tokens=7]] ${NO_REASONING}` }] }],
    });

    // Assess
    expect(stream.eventTypes[0]).toBe('messageStart');
    expect(stream.stopReason).toBe('end_turn');
    expect(stream.usage?.outputTokens).toBe(7);
  });

  it.each(TEXT_FAMILY_FIXTURES)('invokes $modelId natively, whole and streamed', async (fixture) => {
    // Act
    const whole = await invokeJson(
      running.clients[transport],
      fixture.modelId,
      fixture.body(`Hi [[emulator:tokens=5]] ${NO_REASONING}`),
    );
    const chunks = await collectInvokeStream(
      running.clients[transport],
      fixture.modelId,
      fixture.body(`Hi [[emulator:tokens=5]] ${NO_REASONING}`),
    );

    // Assess
    expect(fixture.readText(whole)).toBe(fixture.readStreamText(chunks));
    expect(fixture.readStopReason(whole)).toBe(fixture.stopReasons.end);
    expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toMatchObject({ outputTokenCount: 5 });
  });

  it.each([
    'anthropic.claude-haiku-4-5-20251001-v1:0',
    'anthropic.claude-sonnet-4-6',
    'anthropic.claude-opus-4-6-v1',
  ])('counts tokens for %s', async (modelId) => {
    // Act
    const counted = await running.clients[transport].send(
      new CountTokensCommand({
        modelId,
        input: { converse: { messages: [{ role: 'user', content: [{ text: 'How long is the Danube?' }] }] } },
      }),
    );

    // Assess
    expect(counted.inputTokens).toBeGreaterThan(5);
  });
});
