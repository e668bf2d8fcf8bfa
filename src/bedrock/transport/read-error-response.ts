/**
 * A Bedrock error response (any status outside 2xx), read as the AWS SDK reads it: `name` is the exception
 * (`ThrottlingException`), `message` Bedrock's text. Thrown by the transport; the invoker maps it to a
 * GatewayError with the rest of its failures (convert-transport-error.ts, then map-bedrock-error.ts).
 */
export class BedrockResponseError extends Error {
  readonly statusCode: number;
  /** Bedrock's `retry-after`, in whole seconds, when it sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(name: string, message: string, statusCode: number, retryAfterSeconds: number | undefined) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * `retry-after` as seconds or an HTTP date, in whole seconds from now. The clock is the wall clock: the header
 * is an absolute date, and no decision rests on it beyond how long to wait.
 */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * `aws.protocols#restJson1` error codes, cleaned as @smithy/core's `sanitizeErrorCode` cleans them:
 * `ThrottlingException:http://internal.amazon.com/...` and `aws.bedrock#ThrottlingException` are both
 * `ThrottlingException`.
 */
function sanitizeErrorCode(raw: string): string {
  let clean = raw;
  if (clean.includes(',')) clean = clean.split(',')[0] as string;
  if (clean.includes(':')) clean = clean.split(':')[0] as string;
  if (clean.includes('#')) clean = clean.split('#')[1] as string;
  return clean;
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The error an error response stands for. Its name comes from where the SDK's `loadRestJsonErrorCode` looks,
 * in its order: the `x-amzn-errortype` header, then the body's `code`, then its `__type`; a response naming none
 * (a proxy's 502 page) is named by its status, which maps to a plain upstream error.
 */
export function readErrorResponse(
  statusCode: number,
  headers: Record<string, string>,
  body: string,
): BedrockResponseError {
  const json = parseJsonObject(body);
  const codeKey = Object.keys(json).find((key) => key.toLowerCase() === 'code');
  const rawName =
    headers['x-amzn-errortype'] ??
    (codeKey !== undefined && typeof json[codeKey] === 'string' ? (json[codeKey] as string) : undefined) ??
    (typeof json.__type === 'string' ? json.__type : undefined);
  const found = json.message ?? json.Message;
  return new BedrockResponseError(
    rawName === undefined ? String(statusCode) : sanitizeErrorCode(rawName),
    typeof found === 'string' ? found : '',
    statusCode,
    parseRetryAfter(headers['retry-after']),
  );
}
