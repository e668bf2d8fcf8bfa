import { ConverseCommand, ModelStreamErrorException } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { createFaultInjector, parseFaultConfig } from './faults.js';
import { collectConverseStream, startTestEmulator } from './testing/start-test-emulator.js';

describe('parseFaultConfig', () => {
  it('reads rates per model id substring', () => {
    // Act
    const config = parseFaultConfig(
      '{"claude":{"throttle":0.2,"serverError":0.1,"latencyMs":50,"streamCut":0.05}}',
    );

    // Assess
    expect(config).toEqual({ claude: { throttle: 0.2, serverError: 0.1, latencyMs: 50, streamCut: 0.05 } });
  });

  it.each([
    ['{"claude":', 'not valid JSON'],
    ['{"claude":{"throttle":1.5}}', 'claude.throttle'],
    ['{"claude":{"throtle":0.5}}', 'throtle'],
    ['{"claude":{"latencyMs":-1}}', 'claude.latencyMs'],
  ])('refuses %s, naming the problem', (json, message) => {
    expect(() => parseFaultConfig(json)).toThrow(message);
  });
});

describe('createFaultInjector', () => {
  const config = { claude: { throttle: 0.3, serverError: 0.3, latencyMs: 100, streamCut: 0.5 } };

  it('repeats the same decisions for the same seed', () => {
    // Prepare
    const first = createFaultInjector(config, 7);
    const second = createFaultInjector(config, 7);

    // Act
    const firstRun = Array.from({ length: 50 }, () => first('anthropic.claude-haiku-4-5'));
    const secondRun = Array.from({ length: 50 }, () => second('anthropic.claude-haiku-4-5'));

    // Assess
    expect(secondRun).toEqual(firstRun);
  });

  it('makes other decisions for another seed', () => {
    // Act
    const seven = Array.from({ length: 50 }, createFaultInjectorCalls(config, 7));
    const eight = Array.from({ length: 50 }, createFaultInjectorCalls(config, 8));

    // Assess
    expect(eight).not.toEqual(seven);
  });

  it('injects each fault kind at roughly its rate, within bounds', () => {
    // Prepare
    const inject = createFaultInjector(config, 1);

    // Act
    const decisions = Array.from({ length: 2000 }, () => inject('claude'));

    // Assess
    const throttles = decisions.filter((decision) => decision.exceptionName === 'ThrottlingException').length;
    const serverErrors = decisions.filter((decision) =>
      ['InternalServerException', 'ServiceUnavailableException'].includes(decision.exceptionName ?? ''),
    ).length;
    expect(throttles / 2000).toBeCloseTo(0.3, 1);
    // Server errors are drawn only when no throttle was: 0.7 * 0.3.
    expect(serverErrors / 2000).toBeCloseTo(0.21, 1);
    expect(
      decisions.every((decision) => decision.extraLatencyMs >= 0 && decision.extraLatencyMs <= 100),
    ).toBe(true);
    expect(decisions.some((decision) => decision.streamCutFraction !== undefined)).toBe(true);
  });

  it('leaves unmatched models alone without advancing the sequence', () => {
    // Prepare
    const interleaved = createFaultInjector(config, 3);
    const plain = createFaultInjector(config, 3);

    // Act
    const withOthers = Array.from({ length: 20 }, () => {
      const other = interleaved('amazon.nova-micro-v1:0');
      expect(other).toEqual({ extraLatencyMs: 0 });
      return interleaved('claude');
    });
    const alone = Array.from({ length: 20 }, () => plain('claude'));

    // Assess
    expect(withOthers).toEqual(alone);
  });
});

function createFaultInjectorCalls(config: Parameters<typeof createFaultInjector>[0], seed: number) {
  const inject = createFaultInjector(config, seed);
  return () => inject('claude');
}

describe('faults through the SDK', () => {
  async function recordOutcomes(seed: number): Promise<string[]> {
    const running = await startTestEmulator({ seed, faults: { haiku: { throttle: 0.4, serverError: 0.2 } } });
    try {
      const outcomes: string[] = [];
      for (let call = 0; call < 20; call++) {
        const outcome = await running.clients.http2
          .send(
            new ConverseCommand({
              modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
              messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
            }),
          )
          .then(
            () => 'ok',
            (error: Error) => error.name,
          );
        outcomes.push(outcome);
      }
      return outcomes;
    } finally {
      await running.close();
    }
  }

  it('repeats the same sequence of failures for the same seed', async () => {
    // Act
    const first = await recordOutcomes(42);
    const second = await recordOutcomes(42);

    // Assess
    expect(second).toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('ThrottlingException');
  });

  it('cuts streams when streamCut is certain', async () => {
    // Prepare
    const running = await startTestEmulator({ faults: { nova: { streamCut: 1 } } });

    // Act
    const error = await collectConverseStream(running.clients.http2, {
      modelId: 'amazon.nova-lite-v1:0',
      messages: [{ role: 'user', content: [{ text: 'Stream [[emulator:tokens=30]]' }] }],
    }).catch((caught: unknown) => caught);
    await running.close();

    // Assess
    expect(error).toBeInstanceOf(ModelStreamErrorException);
  });

  it('adds the base latency to every reply', async () => {
    // Prepare
    const running = await startTestEmulator({ latencyMs: 150 });
    const startedAt = performance.now();

    // Act
    await running.clients.http1.send(
      new ConverseCommand({
        modelId: 'amazon.nova-lite-v1:0',
        messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
      }),
    );
    const elapsed = performance.now() - startedAt;
    await running.close();

    // Assess
    expect(elapsed).toBeGreaterThanOrEqual(145);
  });
});
