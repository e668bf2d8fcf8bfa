import { describe, expect, it } from 'vitest';
import restEvent from '../../../test/__fixtures__/api-gateway-rest-event.json' with { type: 'json' };
import { GatewayError, InvalidRequestError, PayloadTooLargeError } from '../../core/errors.js';
import { convertRestEventToRequest, LAMBDA_ORIGIN } from './convert-rest-event-to-request.js';

const options = { signal: new AbortController().signal, bodyLimitBytes: 64 };

/** The recorded event with `overrides`; `headers` go into both maps, as API Gateway fills both. */
function eventWith(overrides: Record<string, unknown>, headers?: Record<string, string>) {
  const event: Record<string, unknown> = { ...restEvent, ...overrides };
  if (headers) {
    event.headers = { ...restEvent.headers, ...headers };
    event.multiValueHeaders = {
      ...restEvent.multiValueHeaders,
      ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    };
  }
  return event;
}

function refusal(event: unknown, limit = options.bodyLimitBytes): GatewayError {
  try {
    convertRestEventToRequest(event, { ...options, bodyLimitBytes: limit });
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('the event was accepted');
}

describe('convertRestEventToRequest', () => {
  it('builds the URL from the fixed origin and the path, whatever the Host header says', () => {
    // Act
    const request = convertRestEventToRequest(
      eventWith({ httpMethod: 'GET', path: '/health', body: null }, { Host: 'evil.example:8443' }),
      options,
    );

    // Assess
    expect(request.url).toBe(`${LAMBDA_ORIGIN}/health`);
  });

  it('keeps an encoded path as it is and escapes what would otherwise become URL syntax', () => {
    // Act
    const encoded = convertRestEventToRequest(eventWith({ path: '/v1/models/us.m%3A0%2Fx/invoke' }), options);
    const decoded = convertRestEventToRequest(eventWith({ path: '/v1/health?admin=1#x y%zz\\é' }), options);

    // Assess
    expect(new URL(encoded.url).pathname).toBe('/v1/models/us.m%3A0%2Fx/invoke');
    expect(new URL(decoded.url).pathname).toBe('/v1/health%3Fadmin=1%23x%20y%25zz%5C%C3%A9');
    expect(new URL(decoded.url).search).toBe('');
  });

  it('reads multi-value query strings and headers, keeping repeated names', () => {
    // Act
    const request = convertRestEventToRequest(
      eventWith({
        multiValueQueryStringParameters: { tag: ['a', 'b'], q: ['x y&z'] },
        multiValueHeaders: { ...restEvent.multiValueHeaders, 'X-Tag': ['one', 'two'] },
      }),
      options,
    );

    // Assess
    const url = new URL(request.url);
    expect(url.searchParams.getAll('tag')).toEqual(['a', 'b']);
    expect(url.searchParams.get('q')).toBe('x y&z');
    expect(request.headers.get('x-tag')).toBe('one, two');
  });

  it("sends the body's real length as Content-Length, whatever length the caller claimed", async () => {
    // Act
    const lying = convertRestEventToRequest(
      eventWith({ body: '{"prompt":"hi"}' }, { 'Content-Length': '999999', 'Transfer-Encoding': 'chunked' }),
      options,
    );
    const bodiless = convertRestEventToRequest(
      eventWith({ httpMethod: 'GET', path: '/health', body: null }, { 'Content-Length': '5' }),
      options,
    );

    // Assess
    expect(lying.headers.get('content-length')).toBe('15');
    expect(lying.headers.has('transfer-encoding')).toBe(false);
    expect(await lying.text()).toBe('{"prompt":"hi"}');
    expect(bodiless.headers.has('content-length')).toBe(false);
  });

  it('decodes a base64 body and measures the limit on the decoded bytes', async () => {
    // Prepare: 48 bytes, 64 characters once encoded; the limit is 48.
    const bytes = Buffer.alloc(48, 7);

    // Act
    const request = convertRestEventToRequest(
      eventWith({ body: bytes.toString('base64'), isBase64Encoded: true }),
      { ...options, bodyLimitBytes: 48 },
    );

    // Assess
    expect(Buffer.from(await request.arrayBuffer())).toEqual(bytes);
    expect(
      refusal(eventWith({ body: Buffer.alloc(49).toString('base64'), isBase64Encoded: true }), 48),
    ).toBeInstanceOf(PayloadTooLargeError);
  });

  it('refuses a body over the limit with 413, measured on the body itself', () => {
    // Act
    const error = refusal(eventWith({ body: 'x'.repeat(65) }, { 'Content-Length': '1' }));

    // Assess
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.statusCode).toBe(413);
  });

  it('passes the abort signal on as the request signal', () => {
    // Prepare
    const abort = new AbortController();

    // Act
    const request = convertRestEventToRequest(eventWith({}), { ...options, signal: abort.signal });
    abort.abort();

    // Assess
    expect(request.signal.aborted).toBe(true);
  });

  it.each([
    ['an event that is not an object', 'null', undefined],
    ['a missing httpMethod', eventWith({ httpMethod: undefined }), 'httpMethod'],
    ['an httpMethod that is not a token', eventWith({ httpMethod: 'GE T' }), 'httpMethod'],
    ['a method the Fetch standard refuses', eventWith({ httpMethod: 'TRACE', body: null }), 'httpMethod'],
    ['a missing path', eventWith({ path: undefined }), 'path'],
    ['a path that is not a string', eventWith({ path: 42 }), 'path'],
    ['a path without a leading slash', eventWith({ path: 'v1/generate' }), 'path'],
    ['headers that are not a map', eventWith({ headers: 'Host: x', multiValueHeaders: null }), 'headers'],
    ['a header value with a line break', eventWith({}, { 'X-Note': 'a\r\nX-Injected: 1' }), 'headers'],
    ['a header name that is not a token', eventWith({}, { 'X Bad': 'v' }), 'headers'],
    ['a Host with a space', eventWith({}, { Host: 'a b' }), 'headers'],
    ['a Host with a path in it', eventWith({}, { Host: 'h/v1/usage?' }), 'headers'],
    ['two Host headers', eventWith({ multiValueHeaders: { Host: ['a', 'b'] } }), 'headers'],
    [
      'query parameters that are not strings',
      eventWith({ queryStringParameters: { a: 1 } }),
      'queryStringParameters',
    ],
    ['a body that is not a string', eventWith({ body: { prompt: 'hi' } }), 'body'],
    ['an isBase64Encoded that is not a boolean', eventWith({ isBase64Encoded: 'yes' }), 'isBase64Encoded'],
    ['a base64 body that is not base64', eventWith({ body: 'not base64!', isBase64Encoded: true }), 'body'],
    ['a base64 body without its padding', eventWith({ body: 'YWJjZA', isBase64Encoded: true }), 'body'],
  ])('refuses %s with a 400 naming the field', (_case, event, param) => {
    // Act
    const error = refusal(event === 'null' ? null : event);

    // Assess
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.toJSON().error).toMatchObject({ code: 'invalid_event', param: param ?? null });
  });

  it('never puts the bad value in its message', () => {
    // Act
    const value = refusal(eventWith({}, { 'X-Note': '<script>\nalert(1)</script>' }));
    const name = refusal(eventWith({}, { '<script>': 'v' }));

    // Assess
    expect(value.message).toBe('Invalid request: header X-Note has a value that is not allowed in HTTP.');
    expect(name.message).not.toContain('<script>');
  });
});
