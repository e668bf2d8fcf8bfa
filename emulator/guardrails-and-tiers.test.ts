import {
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectConverseStream,
  startTestEmulator,
  type TestEmulator,
  TRANSPORTS,
} from './testing/start-test-emulator.js';

/*
 * Guardrails (Converse `guardrailConfig`, InvokeModel's guardrail headers) and service tiers, through the AWS SDK
 * over HTTP/2 and HTTP/1.1. The emulator's guardrail intervenes when its identifier is `emulatorblock` or the prompt
 * holds `[[emulator:guardrail=intervene]]`; Bedrock then answers with the guardrail's blocked message
 * (bedrock-validation.md §8; API_runtime_InvokeModel.html).
 */

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());

const BLOCKED = 'Sorry, the model cannot answer this question.';
const NOVA = 'amazon.nova-lite-v1:0';
const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const userTurn = (text: string) => [{ role: 'user' as const, content: [{ text }] }];

describe.each(TRANSPORTS)('Converse guardrails over %s', (transport) => {
  const converse = (input: ConverseCommandInput) =>
    running.clients[transport].send(new ConverseCommand(input));

  it('intervenes for the emulatorblock guardrail, with its trace when the trace is on', async () => {
    // Act
    const response = await converse({
      modelId: NOVA,
      messages: userTurn('Tell me a secret.'),
      guardrailConfig: { guardrailIdentifier: 'emulatorblock', guardrailVersion: '1', trace: 'enabled' },
    });

    // Assess
    expect(response.stopReason).toBe('guardrail_intervened');
    expect(response.output?.message?.content).toEqual([{ text: BLOCKED }]);
    expect(response.trace?.guardrail?.inputAssessment?.emulatorblock?.topicPolicy?.topics?.[0]).toMatchObject(
      {
        action: 'BLOCKED',
        detected: true,
      },
    );
    expect(response.usage).toMatchObject({ inputTokens: 0, outputTokens: 0 });
  });

  it('intervenes for any guardrail under the directive, and not without a guardrail', async () => {
    // Act
    const blocked = await converse({
      modelId: CLAUDE,
      messages: userTurn('Hi [[emulator:guardrail=intervene]]'),
      guardrailConfig: { guardrailIdentifier: 'gr1abc', guardrailVersion: 'DRAFT' },
    });
    const unguarded = await converse({
      modelId: CLAUDE,
      messages: userTurn('Hi [[emulator:guardrail=intervene]]'),
    });
    const passed = await converse({
      modelId: CLAUDE,
      messages: userTurn('Hi'),
      guardrailConfig: { guardrailIdentifier: 'gr1abc', guardrailVersion: '2', trace: 'enabled' },
    });

    // Assess
    expect(blocked.stopReason).toBe('guardrail_intervened');
    expect(blocked.trace).toBeUndefined();
    expect(unguarded.stopReason).toBe('end_turn');
    expect(passed.stopReason).toBe('end_turn');
    expect(passed.trace?.guardrail?.inputAssessment?.gr1abc).toBeDefined();
    expect(passed.trace?.guardrail?.actionReason).toBeUndefined();
  });

  it('streams the blocked message and the trace in the metadata', async () => {
    // Act
    const response = await running.clients[transport].send(
      new ConverseStreamCommand({
        modelId: NOVA,
        messages: userTurn('Tell me a secret.'),
        guardrailConfig: {
          guardrailIdentifier: 'emulatorblock',
          guardrailVersion: '1',
          trace: 'enabled',
          streamProcessingMode: 'sync',
        },
      }),
    );
    let text = '';
    let stopReason: string | undefined;
    let trace: unknown;
    for await (const event of response.stream ?? []) {
      text += event.contentBlockDelta?.delta?.text ?? '';
      stopReason = event.messageStop?.stopReason ?? stopReason;
      trace = event.metadata?.trace ?? trace;
    }

    // Assess
    expect(text).toBe(BLOCKED);
    expect(stopReason).toBe('guardrail_intervened');
    expect(trace).toMatchObject({ guardrail: { actionReason: 'Guardrail blocked.' } });
  });
});

describe.each(TRANSPORTS)('InvokeModel guardrail headers over %s', (transport) => {
  const claudeBody = JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 50,
    messages: [{ role: 'user', content: 'Hi' }],
  });
  const decode = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8'));

  it("flags an intervention in the native body, with Claude's reply the blocked message", async () => {
    // Act
    const response = await running.clients[transport].send(
      new InvokeModelCommand({
        modelId: CLAUDE,
        body: claudeBody,
        contentType: 'application/json',
        guardrailIdentifier: 'emulatorblock',
        guardrailVersion: 'DRAFT',
        trace: 'ENABLED',
      }),
    );

    // Assess
    const body = decode(response.body);
    expect(body['amazon-bedrock-guardrailAction']).toBe('INTERVENED');
    expect(body.content).toEqual([{ type: 'text', text: BLOCKED }]);
    expect(body.stop_reason).toBe('end_turn');
    expect(body['amazon-bedrock-trace'].guardrail.inputAssessment.emulatorblock).toBeDefined();
  });

  it('says NONE when the guardrail lets the answer through, also at the end of a stream', async () => {
    // Act
    const whole = await running.clients[transport].send(
      new InvokeModelCommand({
        modelId: CLAUDE,
        body: claudeBody,
        contentType: 'application/json',
        guardrailIdentifier: 'gr1abc',
        guardrailVersion: '1',
      }),
    );
    const stream = await running.clients[transport].send(
      new InvokeModelWithResponseStreamCommand({
        modelId: CLAUDE,
        body: claudeBody,
        contentType: 'application/json',
        guardrailIdentifier: 'gr1abc',
        guardrailVersion: '1',
      }),
    );
    const chunks: Array<Record<string, unknown>> = [];
    for await (const event of stream.body ?? [])
      if (event.chunk?.bytes) chunks.push(decode(event.chunk.bytes));

    // Assess
    expect(decode(whole.body)['amazon-bedrock-guardrailAction']).toBe('NONE');
    expect(chunks.at(-1)?.['amazon-bedrock-guardrailAction']).toBe('NONE');
  });

  it('refuses a guardrail identifier without a version', async () => {
    // Act
    const error = await running.clients[transport]
      .send(
        new InvokeModelCommand({
          modelId: CLAUDE,
          body: claudeBody,
          contentType: 'application/json',
          guardrailIdentifier: 'gr1abc',
        }),
      )
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
  });
});

describe.each(TRANSPORTS)('service tiers over %s', (transport) => {
  it('echoes a tier the model serves in the Converse response, the stream metadata and the InvokeModel headers', async () => {
    // Act
    const converse = await running.clients[transport].send(
      new ConverseCommand({
        modelId: 'openai.gpt-oss-120b-1:0',
        messages: userTurn('Hi'),
        serviceTier: { type: 'priority' },
      }),
    );
    const streamed = await running.clients[transport].send(
      new ConverseStreamCommand({
        modelId: 'openai.gpt-oss-120b-1:0',
        messages: userTurn('Hi'),
        serviceTier: { type: 'flex' },
      }),
    );
    let metadataTier: string | undefined;
    for await (const event of streamed.stream ?? [])
      metadataTier = event.metadata?.serviceTier?.type ?? metadataTier;
    const invoked = await running.clients[transport].send(
      new InvokeModelWithResponseStreamCommand({
        modelId: 'global.amazon.nova-2-lite-v1:0',
        body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }),
        contentType: 'application/json',
        serviceTier: 'flex',
      }),
    );

    // Assess
    expect(converse.serviceTier).toEqual({ type: 'priority' });
    expect(metadataTier).toBe('flex');
    expect(invoked.serviceTier).toBe('flex');
  });

  it('refuses a tier the model does not serve', async () => {
    // Act
    const error = await collectConverseStream(running.clients[transport], {
      modelId: CLAUDE,
      messages: userTurn('Hi'),
      serviceTier: { type: 'flex' },
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe('The provided service tier is not supported for this model.');
  });
});
