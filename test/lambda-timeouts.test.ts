import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEDROCK_ROUTES } from './support/bedrock-routes.js';
import { type LambdaEntry, startLambdaEntry } from './support/start-lambda-entry.js';

/**
 * Attempt timeouts on Lambda: every Bedrock call here takes 3 s to answer (or to send its first event), and an
 * attempt may take 1 s. Each route must answer 504 with the reservation settled, and the abandoned prompt
 * charged, by the time the handler resolves.
 */

let entry: LambdaEntry;

beforeAll(async () => {
  entry = await startLambdaEntry(
    {
      reliability: {
        attemptTimeoutMs: 1_000,
        maxAttemptsPerModel: 1,
        circuitBreaker: { failureThreshold: 1_000 },
      },
    },
    { latencyMs: 3_000 },
  );
});
afterAll(async () => {
  await entry.close();
});

describe('Lambda entry: an attempt that times out', () => {
  it.each(BEDROCK_ROUTES)('$name answers 504 and has settled, the prompt charged', async (route) => {
    // Prepare
    const { key, keyId } = await entry.createKey({ name: 'timeouts', models: ['*'] });
    const event = route.event('Slow answer');

    // Act
    const { outcome, stream } = await entry.invoke(event, { key });
    const usage = await entry.meter.getUsage(keyId);

    // Assess
    expect(outcome).toEqual({ status: 'fulfilled' });
    const { metadata, body } = stream.parse();
    expect(metadata.statusCode).toBe(504);
    expect(JSON.parse(body).error.code).toBe('upstream_timeout');
    expect(usage.day).toMatchObject({ requests: 1, reservedTokens: 0 });
    expect(usage.day.inputTokens).toBeGreaterThan(0);
  });
});
