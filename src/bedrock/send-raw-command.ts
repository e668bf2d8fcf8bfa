import { Readable } from 'node:stream';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';

/** A body as the SDK's Node handlers give it (an IncomingMessage or an HTTP/2 stream): bytes, destroyable. */
export type RawBody = AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void };

/** A successful call's response as Bedrock sent it, before the SDK parsed it. */
export interface RawExchange {
  /** Response headers, lower-cased. */
  headers: Record<string, string>;
  body: RawBody;
}

/** The part of a command the middleware hooks need; every Bedrock Runtime command has it. */
interface HookableCommand {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { request: unknown }) => Promise<{ response: unknown; output?: unknown }>,
      ) => (args: { request: unknown }) => Promise<{ response: unknown; output?: unknown }>,
      options: { step: 'build' | 'deserialize'; priority: 'high' | 'low'; name: string },
    ): void;
  };
}

interface HttpMessageLike {
  headers: Record<string, string>;
  body?: unknown;
}

interface HttpResponseLike extends HttpMessageLike {
  statusCode: number;
}

/**
 * Sends a command through the SDK client (its endpoint, credentials, SigV4 signing and HTTP/1.1 or HTTP/2
 * transport) but with the request body given as bytes, and hands back the successful response's body
 * unparsed. This is how the Bedrock Runtime surface forwards Bedrock's own JSON and event streams byte for
 * byte: the SDK's object model would drop members it does not know and would base64-encode again the
 * base64 text (image and document bytes) that a client's JSON carries.
 *
 * - `body`: replaces what the SDK serialized, before signing (build step), so the signature covers it.
 * - The response: a 2xx body is taken before the SDK's deserializer reads it (which then parses an empty
 *   one); an error response is left to the SDK, which throws Bedrock's exception as usual.
 */
export async function sendRawCommand(
  client: BedrockRuntimeClient,
  sdkCommand: object,
  options: { body?: Uint8Array; streaming: boolean; signal?: AbortSignal | undefined },
): Promise<RawExchange> {
  const { body } = options;
  const command = sdkCommand as HookableCommand;
  if (body) {
    command.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as HttpMessageLike;
        request.body = body;
        for (const name of Object.keys(request.headers)) {
          if (name.toLowerCase() === 'content-length') delete request.headers[name];
        }
        request.headers['content-type'] = 'application/json';
        request.headers['content-length'] = String(body.byteLength);
        return next(args);
      },
      { step: 'build', priority: 'high', name: 'sendRawBody' },
    );
  }
  let exchange: RawExchange | undefined;
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as HttpResponseLike;
      if (response.statusCode >= 200 && response.statusCode < 300) {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = value;
        exchange = { headers, body: response.body as RawBody };
        // What the SDK parses instead: nothing, so that it never reads the body handed back.
        response.body = options.streaming ? Readable.from([]) : new TextEncoder().encode('{}');
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'takeRawResponse' },
  );
  await client.send(command as never, { abortSignal: options.signal });
  if (!exchange) throw new Error('The Bedrock response was not captured.');
  return exchange;
}

/** Reads a raw body to its end. */
export async function collectRawBody(body: RawBody): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}
