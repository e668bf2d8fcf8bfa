import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { BedrockExceptionError } from './errors.js';

/** A request over either protocol: Node's HTTP/1.1 message or the HTTP/2 compatibility request. */
export type EmulatorRequest = IncomingMessage | Http2ServerRequest;

/**
 * The part of a response that Node's HTTP/1.1 `ServerResponse` and HTTP/2 `Http2ServerResponse` share,
 * so one handler serves both protocols.
 */
export interface EmulatorResponse {
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  writeHead(statusCode: number, headers: OutgoingHttpHeaders): unknown;
  write(chunk: Uint8Array): boolean;
  end(chunk?: string | Uint8Array): unknown;
  once(event: 'close' | 'drain', listener: () => void): unknown;
  off(event: 'close' | 'drain', listener: () => void): unknown;
}

/** Reads a whole request body. */
export async function readBody(request: EmulatorRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Sends a JSON body with Bedrock's request id header. */
export function sendJson(
  response: EmulatorResponse,
  statusCode: number,
  body: unknown,
  headers: OutgoingHttpHeaders,
): void {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Sends a Bedrock error: the status, `x-amzn-ErrorType` and a `{"message": ...}` body. */
export function sendError(response: EmulatorResponse, requestId: string, error: BedrockExceptionError): void {
  sendJson(response, error.statusCode, error.toJSON(), {
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': error.exceptionName,
  });
}
