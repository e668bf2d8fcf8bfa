import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { type BedrockAuthOptions, createRequestAuthorizer } from './create-request-authorizer.js';
import { type BedrockOperation, encodeModelPath } from './encode-model-path.js';
import { readErrorResponse } from './read-error-response.js';

export interface BedrockTransportOptions extends BedrockAuthOptions {
  region: string;
  /** Unset: the regional endpoint, `https://bedrock-runtime.{region}.amazonaws.com`. Set it to reach the emulator. */
  endpoint?: string;
  /** How long a socket may stay silent, waiting for the answer or between stream frames, before the call fails. */
  requestTimeoutMs: number;
}

/** One Bedrock Runtime call, as bytes: the transport adds the path, the signature and nothing else. */
export interface BedrockCall {
  operation: BedrockOperation;
  modelId: string;
  body: Uint8Array;
  /** Headers beside the body (`content-type`, `accept`, `x-amzn-bedrock-*`), with lower-case names. */
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** A successful (2xx) answer: its headers, lower-cased, and its body, unread. */
export interface BedrockAnswer {
  statusCode: number;
  headers: Record<string, string>;
  /**
   * The body as it arrives. It must be read to its end (or destroyed), so that its socket goes back to the pool.
   * Aborting the call's signal, or a silent socket, destroys it with an `AbortError` or a `TimeoutError`.
   */
  body: IncomingMessage;
}

/** Bedrock Runtime over signed HTTP/1.1 keep-alive requests: the gateway's hot path to Bedrock. */
export interface BedrockTransport {
  /** Resolves once a 2xx answer's headers arrive; rejects with a `BedrockResponseError` for any other status. */
  send(call: BedrockCall): Promise<BedrockAnswer>;
  /** Closes the pooled sockets. */
  close(): void;
}

/** The most of an error body the transport reads: Bedrock's are a line of JSON. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** How a socket the server already closed fails a request written to it. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** A request that failed on a reused socket before any answer: safe to send again on a new one. */
class StaleSocketError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
    this.name = 'StaleSocketError';
  }
}

function namedError(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return error;
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

async function readErrorBody(body: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (length < ERROR_BODY_LIMIT) chunks.push(chunk);
    length += chunk.byteLength;
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString('utf8');
}

/**
 * The lean transport: each call is signed with @smithy/signature-v4 (or carries a bearer key) and sent over
 * node:http(s) with a keep-alive Agent, so a warm call costs a signature and a socket write rather than the AWS
 * SDK's middleware stack and HTTP/2 session (issue 18: about 0.3 ms of CPU against 1.6 ms). The SDK makes one
 * attempt in the same way: the gateway owns retries, deadlines and fallbacks.
 */
export function createBedrockTransport(options: BedrockTransportOptions): BedrockTransport {
  const url = new URL(options.endpoint ?? `https://bedrock-runtime.${options.region}.amazonaws.com`);
  const secure = url.protocol === 'https:';
  const requestFunction = secure ? https.request : http.request;
  // One socket per concurrent call, kept open between calls; no cap, since a stream holds its socket for as long
  // as the answer lasts and a cap would queue new calls behind it.
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  // An endpoint with a path (behind a proxy) keeps it before `/model/...`, as the SDK does.
  const basePath = url.pathname.replace(/\/+$/, '');
  const authorize = createRequestAuthorizer(options.region, options);

  async function send(call: BedrockCall): Promise<BedrockAnswer> {
    const { signal } = call;
    if (signal?.aborted) throw namedError('AbortError', 'The Bedrock call was aborted.', signal.reason);
    const path = basePath + encodeModelPath(call.modelId, call.operation);
    const unsigned: Record<string, string> = {
      host: url.host,
      'content-type': 'application/json',
      ...call.headers,
      'content-length': String(call.body.byteLength),
    };
    const headers = await authorize({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port,
      path,
      query: {},
      headers: unsigned,
      body: call.body,
    });
    if (signal?.aborted) throw namedError('AbortError', 'The Bedrock call was aborted.', signal.reason);

    const requestOptions = {
      agent,
      method: 'POST',
      hostname: url.hostname,
      port,
      path,
      headers: { ...unsigned, ...headers },
    };
    try {
      return await exchange(requestOptions, call.body, signal);
    } catch (error) {
      // A kept-alive socket the server closed while idle (or one a frozen Lambda kept) fails the next request
      // before any answer; Node's `request.reusedSocket` documentation advises sending it again. Once, on a new
      // connection: the model chain retries a network failure anyway, this only spares it the backoff.
      if (!(error instanceof StaleSocketError)) throw error;
      return exchange(requestOptions, call.body, signal, false);
    }
  }

  function exchange(
    requestOptions: http.RequestOptions,
    body: Uint8Array,
    signal: AbortSignal | undefined,
    mayReuse = true,
  ): Promise<BedrockAnswer> {
    return new Promise<BedrockAnswer>((resolve, reject) => {
      // The second try takes a connection of its own (`agent: false`): the pool may hold other stale ones.
      const request = requestFunction(mayReuse ? requestOptions : { ...requestOptions, agent: false });
      let response: IncomingMessage | undefined;
      // Ends the call wherever it is: waiting for headers (the promise rejects) or mid-body (the body's reader
      // gets the error), and frees the socket rather than returning a half-read one to the pool.
      const fail = (error: Error) => {
        request.destroy(error);
        response?.destroy(error);
        reject(error);
      };
      const onAbort = () => fail(namedError('AbortError', 'The Bedrock call was aborted.', signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
      const release = () => signal?.removeEventListener('abort', onAbort);
      request.setTimeout(options.requestTimeoutMs, () =>
        fail(namedError('TimeoutError', `Bedrock sent nothing for ${options.requestTimeoutMs} ms.`)),
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        release();
        const stale =
          mayReuse &&
          response === undefined &&
          request.reusedSocket &&
          STALE_SOCKET_CODES.has(error.code ?? '');
        reject(stale ? new StaleSocketError(error) : error);
      });
      request.on('response', (answer) => {
        response = answer;
        // A body nobody reads any more (its reader already gone) must not crash the process when it is destroyed.
        answer.on('error', () => {});
        answer.on('close', release);
        const statusCode = answer.statusCode ?? 0;
        const answerHeaders = flattenHeaders(answer.headers);
        if (statusCode >= 200 && statusCode < 300) {
          resolve({ statusCode, headers: answerHeaders, body: answer });
          return;
        }
        readErrorBody(answer).then(
          (text) => reject(readErrorResponse(statusCode, answerHeaders, text)),
          (error: unknown) => reject(error),
        );
      });
      request.end(body);
    });
  }

  return { send, close: () => agent.destroy() };
}

/** Reads a body to its end, as one byte array. */
export async function collectBody(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}
