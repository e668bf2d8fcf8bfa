import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_METRICS, METRICS_NAMESPACE } from '../src/http/gateway-metrics.js';
import { collectSse } from './support/read-sse.js';
import { startStack, type TestStack } from './support/start-stack.js';

type EmfDocument = Record<string, unknown> & {
  _aws: {
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }>;
  };
};

function emfDocuments(stack: TestStack): EmfDocument[] {
  return stack.logs.lines.filter((line): line is EmfDocument => '_aws' in line);
}

describe('EMF metrics', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ config: { reliability: { fallbackOnThrottle: 'immediately' } } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('emits every metric with the model and route as dimensions, and never the key', async () => {
    // Act: a fallback after a throttle, a stream, and a client error.
    const fallback = await stack.postJson('/v1/generate', {
      prompt: 'Hi [[emulator:fail=ThrottlingException@claude-sonnet-5-5]]',
    });
    await collectSse(
      await stack.fetch('/v1/generate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'Stream', model: 'nova-micro', stream: true }),
      }),
    );
    await stack.postJson('/v1/generate', { prompt: 'Hi', model: 'unknown-model' });
    const guarded = await stack.createKey({
      name: 'guarded',
      models: ['*'],
      guardrail: { identifier: 'emulatorblock', version: '1' },
    });
    const blocked = await stack.postJson(
      '/v1/generate',
      { prompt: 'Anything', model: 'nova-micro' },
      { authorization: `Bearer ${guarded}` },
    );

    // Assess
    const documents = emfDocuments(stack);
    const emitted = new Set(
      documents.flatMap((document) =>
        document._aws.CloudWatchMetrics[0]!.Metrics.map((metric) => metric.Name),
      ),
    );
    expect([...emitted].sort()).toEqual(Object.keys(GATEWAY_METRICS).sort());
    expect(blocked.body.stop_reason).toBe('guardrail_intervened');
    expect(documents.filter((document) => 'GuardrailInterventions' in document)).toEqual([
      expect.objectContaining({ GuardrailInterventions: 1, Model: 'nova-micro' }),
    ]);
    for (const document of documents) {
      const [definition] = document._aws.CloudWatchMetrics;
      expect(definition!.Namespace).toBe(METRICS_NAMESPACE);
      expect(definition!.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'Model', 'Route']));
      expect(JSON.stringify(document)).not.toContain(stack.key!);
      expect(Object.keys(document)).not.toContain('key_id');
    }
    const answered = documents.find(
      (document) => document.Model === 'claude-sonnet-5' && 'Fallbacks' in document,
    );
    expect(answered).toMatchObject({
      Route: '/v1/generate',
      Requests: 1,
      Fallbacks: 1,
      Throttles: 1,
      RetryAttempts: 1,
    });
    expect(answered!.InputTokens).toBe(fallback.body.usage.input_tokens);
    const streamed = documents.find((document) => document.Model === 'nova-micro');
    expect(streamed!.TimeToFirstByte).toEqual(expect.any(Number));
    const error = documents.find((document) => 'Errors' in document);
    expect(error).toMatchObject({ ErrorClass: '4xx', Errors: 1, Model: 'none' });
    expect(error!._aws.CloudWatchMetrics[0]!.Dimensions[0]).toContain('ErrorClass');
  });
});

describe('prompt logging', () => {
  it('logs prompt and completion only when logging.prompts is on', async () => {
    // Prepare
    const off = await startStack();
    const on = await startStack({ config: { logging: { prompts: true } } });

    // Act
    const quiet = await off.postJson('/v1/generate', { prompt: 'private words' });
    const loud = await on.postJson('/v1/generate', { prompt: 'shared words' });

    // Assess
    expect(off.logs.raw.join('\n')).not.toContain('private words');
    expect(off.logs.raw.join('\n')).not.toContain(quiet.body.output);
    const line = on.logs.lines.find((entry) => entry.request_id === loud.body.id);
    expect(line).toMatchObject({ prompt: 'shared words', completion: loud.body.output });
    await off.close();
    await on.close();
  });
});
