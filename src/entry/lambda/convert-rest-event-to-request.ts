import { z } from 'zod';
import { InvalidRequestError, PayloadTooLargeError } from '../../core/errors.js';

/**
 * The origin of every request built from an event. The path alone says what is asked for: the Host header is
 * the caller's to choose, so it never takes part in routing (`Host: h/v1/usage?` must not turn /health into
 * /v1/usage). `.invalid` is reserved (RFC 2606), so the origin can never name a real host.
 */
export const LAMBDA_ORIGIN = 'https://lambda.invalid';

/** A token (RFC 9110 §5.6.2): what a method and a header name must be. */
const TOKEN_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Padded standard base64, as API Gateway encodes binary bodies. Node's decoder skips characters it does not
 * know, so a body that is not base64 would otherwise reach the app as some other bytes.
 */
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Characters that may stand literally in an encoded path (RFC 3986 §3.3), and `%` when it begins an escape.
 * REST APIs deliver `path` still percent-encoded (verified against live API Gateway captures, see
 * middleapi/standard-server#93 and hotsock/voker#8), so such a path passes unchanged; anything else (a
 * decoded `?` or `#`, a space, a bare `%`, non-ASCII) is escaped, so it can never become URL syntax.
 */
const UNSAFE_PATH_PART = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]+/g;

/**
 * `Host = uri-host [ ":" port ]` (RFC 9112 §3.2, RFC 3986 §3.2.2): an IP literal, or a reg-name of
 * unreserved, percent-encoded and sub-delim characters (an empty one included).
 */
const HOST_PATTERN = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::[0-9]*)?$/;

const singleValuesSchema = z.record(z.string(), z.string().nullish()).nullish();
const multiValuesSchema = z.record(z.string(), z.array(z.string()).nullish()).nullish();

/**
 * The fields of an API Gateway REST (v1) proxy event the gateway reads. Each message names the field, never
 * its value: what does not match is the caller's input and is not echoed.
 */
const restEventSchema = z.looseObject({
  httpMethod: z.string().regex(TOKEN_PATTERN),
  path: z.string().startsWith('/'),
  headers: singleValuesSchema,
  multiValueHeaders: multiValuesSchema,
  queryStringParameters: singleValuesSchema,
  multiValueQueryStringParameters: multiValuesSchema,
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().nullish(),
});

type RestEvent = z.output<typeof restEventSchema>;

const FIELD_SHAPES: Record<string, string> = {
  httpMethod: 'an HTTP method',
  path: 'a path that starts with /',
  headers: 'a map of strings',
  multiValueHeaders: 'a map of string lists',
  queryStringParameters: 'a map of strings',
  multiValueQueryStringParameters: 'a map of string lists',
  body: 'a string or null',
  isBase64Encoded: 'a boolean',
};

export interface RestEventOptions {
  /** Aborts when the client goes away; becomes the request's signal. */
  signal: AbortSignal;
  /** Largest body accepted, measured on the decoded body (`config.server.bodyLimitBytes`). */
  bodyLimitBytes: number;
}

function refuseEvent(field: string, message: string): InvalidRequestError {
  return new InvalidRequestError('invalid_event', `Invalid request: ${message}.`, { param: field });
}

function parseRestEvent(event: unknown): RestEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidRequestError('invalid_event', 'Invalid request: the Lambda event is not an object.');
  }
  const result = restEventSchema.safeParse(event);
  if (result.success) return result.data;
  // Only the top-level field is named: deeper path segments are the caller's header and parameter names.
  const field = String(result.error.issues[0]!.path[0]);
  const missing = (event as Record<string, unknown>)[field] === undefined;
  throw refuseEvent(
    field,
    missing ? `the event has no ${field}` : `the event's ${field} is not ${FIELD_SHAPES[field]}`,
  );
}

/** Multi-value maps win when present: API Gateway fills both, and only they keep repeated names. */
function collectPairs(
  single: Record<string, string | null | undefined> | null | undefined,
  multi: Record<string, string[] | null | undefined> | null | undefined,
): Array<[string, string]> {
  if (multi && Object.keys(multi).length > 0) {
    return Object.entries(multi).flatMap(([name, values]) =>
      (values ?? []).map((value): [string, string] => [name, value]),
    );
  }
  return Object.entries(single ?? {}).flatMap(
    ([name, value]): Array<[string, string]> => (typeof value === 'string' ? [[name, value]] : []),
  );
}

/**
 * RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message
 * that [...] contains more than one Host header field line or a Host header field with an invalid field
 * value." A missing Host is let through: API Gateway always sets one, the URL never depends on it, and
 * other invokers (tests, the console) may leave it out.
 */
function checkHost(pairs: ReadonlyArray<[string, string]>): void {
  const hosts = pairs.filter(([name]) => name.toLowerCase() === 'host');
  if (hosts.length > 1) throw refuseEvent('headers', 'the request has more than one Host header');
  if (hosts.length === 1 && !HOST_PATTERN.test(hosts[0]![1])) {
    throw refuseEvent('headers', 'the Host header is not a valid host');
  }
}

function convertHeaders(event: RestEvent): Headers {
  const headers = new Headers();
  const pairs = collectPairs(event.headers, event.multiValueHeaders);
  checkHost(pairs);
  for (const [name, value] of pairs) {
    try {
      headers.append(name, value);
    } catch {
      // A name is echoed only when it is a valid token; the value never is (it may hold a line break).
      throw TOKEN_PATTERN.test(name)
        ? refuseEvent('headers', `header ${name} has a value that is not allowed in HTTP`)
        : refuseEvent('headers', 'a header name is not allowed in HTTP');
    }
  }
  return headers;
}

function encodePath(path: string): string {
  return path.replace(UNSAFE_PATH_PART, (part) =>
    Array.from(
      Buffer.from(part, 'utf8'),
      (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    ).join(''),
  );
}

function decodeBody(event: RestEvent): Uint8Array<ArrayBuffer> {
  const body = event.body ?? '';
  if (!event.isBase64Encoded) return new TextEncoder().encode(body);
  if (!BASE64_PATTERN.test(body))
    throw refuseEvent('body', 'the event body is marked base64 but is not base64');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/**
 * An API Gateway REST (v1) proxy event as a Web Request, or a 400 (`invalid_event`) naming the field that
 * cannot be one, or a 413 when the decoded body is over the limit. The URL is the fixed origin plus the
 * event's path and query. The event carries the whole body, so its real length is known: it is checked
 * against the limit and sent as Content-Length, in place of whatever length the caller claimed, so nothing
 * downstream can be misled by it.
 */
export function convertRestEventToRequest(event: unknown, options: RestEventOptions): Request {
  const rest = parseRestEvent(event);
  const method = rest.httpMethod.toUpperCase();
  const headers = convertHeaders(rest);
  const query = new URLSearchParams(
    collectPairs(rest.queryStringParameters, rest.multiValueQueryStringParameters),
  );
  const search = query.size > 0 ? `?${query}` : '';
  const url = `${LAMBDA_ORIGIN}${encodePath(rest.path)}${search}`;
  const hasBody = rest.body !== null && rest.body !== undefined && method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? decodeBody(rest) : undefined;
  if (body && body.byteLength > options.bodyLimitBytes)
    throw new PayloadTooLargeError(options.bodyLimitBytes);
  headers.delete('transfer-encoding');
  if (body) headers.set('content-length', String(body.byteLength));
  else headers.delete('content-length');
  try {
    return new Request(url, { method, headers, signal: options.signal, ...(body ? { body } : {}) });
  } catch {
    // The Fetch standard refuses some methods (CONNECT, TRACE, TRACK); its message would echo the input.
    throw refuseEvent('httpMethod', 'the method is not one the gateway serves');
  }
}
