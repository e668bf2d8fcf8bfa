import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEDROCK_ROUTES, PLAIN_ROUTES, STREAMED_ROUTES } from './support/bedrock-routes.js';
import { type LambdaEntry, startLambdaEntry, waitFor } from './support/start-lambda-entry.js';

/**
 * On Lambda the instance may be frozen the moment the handler's promise resolves, so whatever a request
 * reserved must be settled by then, on every path: the client hanging up, a timeout, the invocation's
 * deadline, an upstream failure before or after the first byte. Each test reads the usage table right after
 * the handler resolved, never later. Attempt timeouts are in lambda-timeouts.test.ts.
 */

let entry: LambdaEntry;

beforeAll(async () => {
  entry = await startLambdaEntry({
    reliability: {
      maxAttemptsPerModel: 2,
      baseDelayMs: 10,
      maxDelayMs: 20,
      // Every test here fails on purpose; an open circuit would change what the next one sees.
      circuitBreaker: { failureThreshold: 1_000 },
    },
  });
});
afterAll(async () => {
  await entry.close();
});

/** A key of its own for each test, so its usage counters are its alone. */
function createTestKey() {
  return entry.createKey({ name: 'settlement', models: ['*'] });
}

function requestLine(keyId: string) {
  return entry.logs.lines.find((line) => line.message === 'request' && line.key_id === keyId);
}

function totalCalls(): number {
  return [...entry.emulator.stats.requestsByModel.values()].reduce((total, calls) => total + calls, 0);
}

describe('Lambda entry: a client that hangs up mid-stream', () => {
  it.each(STREAMED_ROUTES)(
    '$name ends the handler cleanly, closes the Bedrock stream and has settled when the handler returns',
    async (route) => {
      // Prepare: a long answer, so the hang-up comes while Bedrock is still streaming.
      const { key, keyId } = await createTestKey();
      const event = route.event('Long [[emulator:tokens=600]] [[emulator:delay_ms=20]]');

      // Act
      const { outcome } = await entry.invoke(event, { key, hangUpAfterBodyWrites: 2 });
      const usage = await entry.meter.getUsage(keyId);

      // Assess: no invocation error, nothing left reserved, the prompt charged, Bedrock told to stop.
      expect(outcome).toEqual({ status: 'fulfilled' });
      expect(usage.day).toMatchObject({ requests: 1, reservedTokens: 0 });
      expect(usage.day.inputTokens).toBeGreaterThan(0);
      expect(await waitFor(() => entry.emulator.stats.openStreams === 0)).toBe(true);
    },
  );
});

describe('Lambda entry: a client that hangs up before the answer', () => {
  it.each(PLAIN_ROUTES)(
    '$name aborts the Bedrock call, writes nothing and has settled when the handler returns',
    async (route) => {
      // Prepare: an answer that takes 3 s, so the hang-up comes while Bedrock is working on it.
      const { key, keyId } = await createTestKey();
      const event = route.event('Slow [[emulator:delay_ms=3000]]');
      const callsBefore = totalCalls();

      // Act: hang up once Bedrock has the call.
      const running = entry.start(event, { key });
      expect(await waitFor(() => totalCalls() > callsBefore)).toBe(true);
      running.stream.destroy();
      const outcome = await running.outcome;
      const usage = await entry.meter.getUsage(keyId);

      // Assess: the app saw the client go (499) instead of waiting for the answer.
      expect(outcome).toEqual({ status: 'fulfilled' });
      expect(usage.day).toMatchObject({ requests: 1, reservedTokens: 0 });
      expect(running.stream.writes).toHaveLength(0);
      expect(requestLine(keyId)).toMatchObject({ status: 499, error_code: 'client_closed_request' });
    },
  );
});

describe('Lambda entry: Bedrock fails before the first byte', () => {
  it.each(BEDROCK_ROUTES)('$name answers with a real HTTP error and has settled', async (route) => {
    // Prepare
    const { key, keyId } = await createTestKey();
    const event = route.event('Fail [[emulator:fail=ServiceUnavailableException]]');

    // Act
    const { outcome, stream } = await entry.invoke(event, { key });
    const usage = await entry.meter.getUsage(keyId);

    // Assess
    expect(outcome).toEqual({ status: 'fulfilled' });
    const { metadata, body } = stream.parse();
    expect(metadata.statusCode).toBe(503);
    expect(JSON.parse(body).error).toMatchObject({ type: expect.any(String), code: expect.any(String) });
    expect(usage.day).toMatchObject({ requests: 1, reservedTokens: 0 });
  });
});

describe('Lambda entry: Bedrock fails after the first byte', () => {
  it.each(STREAMED_ROUTES)('$name ends the stream with an error event and has settled', async (route) => {
    // Prepare
    const { key, keyId } = await createTestKey();
    const event = route.event('Cut [[emulator:tokens=60]] [[emulator:cut_after=2]]');

    // Act
    const { outcome, stream } = await entry.invoke(event, { key });
    const usage = await entry.meter.getUsage(keyId);

    // Assess
    expect(outcome).toEqual({ status: 'fulfilled' });
    const { metadata, body } = stream.parse();
    expect(metadata.statusCode).toBe(200);
    expect(body).toContain('"code":"model_stream_error"');
    expect(usage.day).toMatchObject({ requests: 1, reservedTokens: 0 });
    expect(usage.day.outputTokens).toBeGreaterThan(0);
  });
});

describe("Lambda entry: the invocation's deadline", () => {
  it.each(PLAIN_ROUTES)('$name answers 504 before Lambda would time out, and has settled', async (route) => {
    // Prepare: 1.6 s left, less the 1 s margin; the answer would take 3 s.
    const { key, keyId } = await createTestKey();
    const event = route.event('Slow [[emulator:delay_ms=3000]]');

    // Act
    const { outcome, stream } = await entry.invoke(event, { key, remainingMs: 1_600 });
    const usage = await entry.meter.getUsage(keyId);

    // Assess
    expect(outcome).toEqual({ status: 'fulfilled' });
    expect(stream.parse().metadata.statusCode).toBe(504);
    expect(usage.day).toMatchObject({ requests: 1, reservedTokens: 0 });
  });

  it.each(STREAMED_ROUTES)(
    '$name ends the stream with deadline_exceeded before Lambda would time out, and has settled',
    async (route) => {
      // Prepare: 1.6 s left, less the 1 s margin; the answer would take about 6 s.
      const { key, keyId } = await createTestKey();
      const event = route.event('Long [[emulator:tokens=60]] [[emulator:delay_ms=100]]');

      // Act
      const { outcome, stream } = await entry.invoke(event, { key, remainingMs: 1_600 });
      const usage = await entry.meter.getUsage(keyId);

      // Assess
      expect(outcome).toEqual({ status: 'fulfilled' });
      const { metadata, body } = stream.parse();
      expect(metadata.statusCode).toBe(200);
      expect(body).toContain('"code":"deadline_exceeded"');
      expect(usage.day).toMatchObject({ requests: 1, reservedTokens: 0 });
    },
  );
});
