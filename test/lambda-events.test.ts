import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import restEvent from './__fixtures__/api-gateway-rest-event.json' with { type: 'json' };
import { type LambdaEntry, restEventWith, startLambdaEntry } from './support/start-lambda-entry.js';

/**
 * Events the adapter cannot turn into a faithful request: the handler must still answer (a 400 or 413 in the
 * gateway's error shape), write one log line, and never echo the bad input.
 */

const BODY_LIMIT = 2_048;
/** Stands in for hostile input: it must appear neither in a response nor in a log line. */
const MARKER = 'X-Injected: <script>alert(1)</script>';

let entry: LambdaEntry;

beforeAll(async () => {
  entry = await startLambdaEntry({ server: { bodyLimitBytes: BODY_LIMIT } });
});
afterAll(async () => {
  await entry.close();
});

/** The recorded event with the test key and `headers` set in both maps, as API Gateway fills both. */
function withHeaders(headers: Record<string, string>, overrides: Record<string, unknown> = {}) {
  const all = { ...restEvent.headers, Authorization: `Bearer ${entry.key}`, ...headers };
  return restEventWith({
    ...overrides,
    headers: all,
    multiValueHeaders: Object.fromEntries(Object.entries(all).map(([name, value]) => [name, [value]])),
  });
}

describe('Lambda entry: malformed events', () => {
  const cases: Array<[string, () => unknown, string | null]> = [
    ['a missing httpMethod', () => restEventWith({ httpMethod: undefined }), 'httpMethod'],
    ['an httpMethod that is not a string', () => restEventWith({ httpMethod: 7 }), 'httpMethod'],
    ['a missing path', () => restEventWith({ path: undefined }), 'path'],
    ['a path that is not a string', () => restEventWith({ path: ['/v1/generate'] }), 'path'],
    ['Host: a b', () => withHeaders({ Host: 'a b' }), 'headers'],
    ['a header value with a line break', () => withHeaders({ 'X-Note': `ok\r\n${MARKER}` }), 'headers'],
    ['a header name that is not a token', () => withHeaders({ [MARKER]: 'v' }), 'headers'],
    [
      'headers that are not a map',
      () => restEventWith({ headers: MARKER, multiValueHeaders: null }),
      'headers',
    ],
    ['a body that is not a string', () => restEventWith({ body: { prompt: MARKER } }), 'body'],
    [
      'a base64 body that is not base64',
      () => restEventWith({ body: `${MARKER}==`, isBase64Encoded: true }),
      'body',
    ],
    ['an event that is not an object', () => MARKER, null],
  ];

  it.each(cases)(
    'answers %s with a 400 in the error shape and one log line',
    async (_case, buildEvent, param) => {
      // Prepare
      const linesBefore = entry.logs.raw.length;

      // Act
      const { outcome, stream } = await entry.invoke(buildEvent() as never, { key: null });

      // Assess
      expect(outcome).toEqual({ status: 'fulfilled' });
      const { metadata, body } = stream.parse();
      expect(metadata.statusCode).toBe(400);
      expect(metadata.headers['content-type']).toMatch(/^application\/json/);
      const { error } = JSON.parse(body);
      expect(error).toEqual({
        type: 'invalid_request_error',
        code: 'invalid_event',
        message: expect.stringMatching(/^Invalid request: /),
        param,
        request_id: metadata.headers['x-request-id'],
      });
      const lines = entry.logs.lines.filter((line) => line.request_id === error.request_id);
      expect(lines).toEqual([expect.objectContaining({ message: 'request', status: 400 })]);
      expect(body).not.toContain('X-Injected');
      expect(entry.logs.raw.slice(linesBefore).join('\n')).not.toContain('X-Injected');
    },
  );
});

describe('Lambda entry: the URL comes from the path, never from Host', () => {
  it('refuses a Host that carries a path and query, instead of serving that path', async () => {
    // Act: on a Host-built URL this became https://h/v1/usage?/health, the key's usage.
    const { stream } = await entry.invoke(
      withHeaders({ Host: 'h/v1/usage?' }, { httpMethod: 'GET', path: '/health', body: null }),
      { key: null },
    );

    // Assess
    const { metadata, body } = stream.parse();
    expect(metadata.statusCode).toBe(400);
    expect(JSON.parse(body).error).toMatchObject({ code: 'invalid_event', param: 'headers' });
  });

  it('serves the path of the event, whatever host the Host header names', async () => {
    // Act
    const { stream } = await entry.invoke(
      withHeaders({ Host: 'other.example:8443' }, { httpMethod: 'GET', path: '/health', body: null }),
      { key: null },
    );

    // Assess
    const { metadata, body } = stream.parse();
    expect(metadata.statusCode).toBe(200);
    expect(JSON.parse(body)).toEqual({ status: 'ok' });
  });
});

describe('Lambda entry: the body limit is measured on the body the event carries', () => {
  it('answers 413 to a body over the limit that claims a small Content-Length', async () => {
    // Prepare
    const body = JSON.stringify({ prompt: 'x'.repeat(BODY_LIMIT * 2) });

    // Act
    const { outcome, stream } = await entry.invoke(withHeaders({ 'Content-Length': '10' }, { body }), {
      key: null,
    });

    // Assess
    expect(outcome).toEqual({ status: 'fulfilled' });
    const { metadata, body: answer } = stream.parse();
    expect(metadata.statusCode).toBe(413);
    const { error } = JSON.parse(answer);
    expect(error).toMatchObject({ type: 'request_too_large', code: 'body_too_large' });
    expect(entry.logs.lines.filter((line) => line.request_id === error.request_id)).toHaveLength(1);
  });

  it('answers 413 to a base64 body whose decoded bytes are over the limit', async () => {
    // Prepare
    const body = Buffer.from(JSON.stringify({ prompt: 'y'.repeat(BODY_LIMIT) })).toString('base64');

    // Act
    const { stream } = await entry.invoke(restEventWith({ body, isBase64Encoded: true }));

    // Assess
    expect(stream.parse().metadata.statusCode).toBe(413);
  });

  it('serves a body within the limit that claims a huge Content-Length', async () => {
    // Act
    const { stream } = await entry.invoke(withHeaders({ 'Content-Length': '99999999' }), { key: null });

    // Assess
    const { metadata, body } = stream.parse();
    expect(metadata.statusCode).toBe(200);
    expect(JSON.parse(body).output.length).toBeGreaterThan(0);
  });
});
