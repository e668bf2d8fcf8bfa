import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import restEvent from './__fixtures__/api-gateway-rest-event.json' with { type: 'json' };
import type { RecordingResponseStream } from './support/lambda-runtime-stub.js';
import { type LambdaEntry, startLambdaEntry } from './support/start-lambda-entry.js';

let entry: LambdaEntry;

beforeAll(async () => {
  entry = await startLambdaEntry();
});

afterAll(async () => {
  await entry.close();
});

/** Invokes the handler as the runtime would, with the test key in the event's headers. */
async function invoke(
  event: APIGatewayProxyEvent,
  remainingMs?: number,
): Promise<ReturnType<RecordingResponseStream['parse']>> {
  const { stream, outcome } = await entry.invoke(event, remainingMs === undefined ? {} : { remainingMs });
  expect(outcome).toEqual({ status: 'fulfilled' });
  expect(stream.contentType).toBe('application/vnd.awslambda.http-integration-response');
  return stream.parse();
}

describe('Lambda entry (API Gateway REST proxy, STREAM mode)', () => {
  it('writes the metadata prelude, the delimiter, then the JSON answer', async () => {
    // Act
    const { metadata, body } = await invoke(restEvent as unknown as APIGatewayProxyEvent);

    // Assess
    expect(metadata.statusCode).toBe(200);
    expect(metadata.headers['content-type']).toMatch(/^application\/json/);
    expect(metadata.headers['x-request-id']).toEqual(expect.any(String));
    const answer = JSON.parse(body);
    expect(answer).toMatchObject({ model: 'claude-sonnet', stop_reason: 'end_turn' });
    expect(answer.id).toBe(metadata.headers['x-request-id']);
  });

  it('decodes a base64 body and reads multi-value query strings', async () => {
    // Prepare
    const event = {
      ...restEvent,
      path: '/',
      body: Buffer.from(JSON.stringify({ input: 'seed input' })).toString('base64'),
      isBase64Encoded: true,
      multiValueQueryStringParameters: { trace: ['1'] },
    } as unknown as APIGatewayProxyEvent;

    // Act
    const { metadata, body } = await invoke(event);

    // Assess
    expect(metadata.statusCode).toBe(200);
    expect(JSON.parse(body).output.length).toBeGreaterThan(0);
  });

  it('settles usage before the handler returns', async () => {
    // Act
    const { body } = await invoke(restEvent as unknown as APIGatewayProxyEvent);

    // Assess: nothing is left reserved once the invocation is over.
    const usage = await entry.meter.getUsage(entry.keyId);
    expect(usage.day.reservedTokens).toBe(0);
    expect(usage.day.requests).toBeGreaterThan(0);
    expect(usage.day.outputTokens).toBeGreaterThanOrEqual(JSON.parse(body).usage.output_tokens);
  });

  it('refuses a request without a key with 401', async () => {
    // Act
    const { stream } = await entry.invoke(restEvent as unknown as APIGatewayProxyEvent, { key: null });

    // Assess
    const { metadata, body } = stream.parse();
    expect(metadata.statusCode).toBe(401);
    expect(JSON.parse(body).error.code).toBe('missing_api_key');
  });

  it('returns client errors with their status and error body', async () => {
    // Prepare
    const event = { ...restEvent, body: '{"prompt": 5}' } as unknown as APIGatewayProxyEvent;

    // Act
    const { metadata, body } = await invoke(event);

    // Assess
    expect(metadata.statusCode).toBe(400);
    expect(JSON.parse(body).error.code).toBe('invalid_body');
  });

  it('streams an SSE answer as the prelude, the delimiter, then several separate body writes', async () => {
    // Prepare
    const event = {
      ...restEvent,
      body: JSON.stringify({ prompt: 'Stream it [[emulator:tokens=30]]', stream: true }),
    } as unknown as APIGatewayProxyEvent;

    // Act
    const { metadata, body, bodyWrites } = await invoke(event);

    // Assess
    expect(metadata.statusCode).toBe(200);
    expect(metadata.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(bodyWrites).toBeGreaterThan(3);
    expect(body).toMatch(/^event: delta\n/);
    expect(body).toMatch(/event: done\ndata: .*"stop_reason":"end_turn"/);
  });

  it('ends a stream that would outlive the invocation with an error event, before Lambda does', async () => {
    // Prepare: 1.6 s left, less the 1 s margin; the answer would take about 2 s.
    const event = {
      ...restEvent,
      body: JSON.stringify({ prompt: 'Long [[emulator:tokens=60]] [[emulator:delay_ms=100]]', stream: true }),
    } as unknown as APIGatewayProxyEvent;

    // Act
    const { metadata, body } = await invoke(event, 1600);

    // Assess
    expect(metadata.statusCode).toBe(200);
    expect(body).toMatch(/^event: delta\n/);
    expect(body).not.toContain('event: done');
    expect(body).toMatch(/event: error\ndata: .*"code":"deadline_exceeded"/);
  });

  it('serves GET routes without a body', async () => {
    // Prepare
    const event = {
      ...restEvent,
      httpMethod: 'GET',
      path: '/health',
      body: null,
    } as unknown as APIGatewayProxyEvent;

    // Act
    const { metadata, body } = await invoke(event);

    // Assess
    expect(metadata.statusCode).toBe(200);
    expect(JSON.parse(body)).toEqual({ status: 'ok' });
  });
});
