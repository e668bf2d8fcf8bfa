import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { APIGatewayProxyEvent, StreamifyHandler } from 'aws-lambda';
import { convertRestEventToRequest } from './convert-rest-event-to-request.js';

/** What the adapter gives the app besides the request: a way to finish work after the response. */
export interface LambdaBindings {
  waitUntil: (promise: Promise<unknown>) => void;
  /** Time left in the invocation, so retries and fallbacks end before Lambda's timeout. */
  remainingTimeMs: () => number;
}

type Fetch = (request: Request, bindings: LambdaBindings) => Response | Promise<Response>;

/** Metadata API Gateway reads from the prelude of a streamed response. */
export interface HttpResponseMetadata {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
}

function toMetadata(response: Response): HttpResponseMetadata {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') cookies.push(value);
    else headers[name] = value;
  });
  return { statusCode: response.status, headers, ...(cookies.length > 0 ? { cookies } : {}) };
}

/**
 * A Lambda handler for API Gateway REST proxy events in STREAM mode: the app's status and headers become the
 * metadata prelude, and the body is piped chunk by chunk, never buffered. The handler returns only after the
 * body has ended and the work the app handed to `waitUntil` (settling usage) has finished: Lambda may freeze
 * the instance as soon as the handler returns.
 * Written here rather than with `hono/aws-lambda`'s `streamHandle` because we need the abort signal.
 */
export function createStreamingHandler(fetch: Fetch): StreamifyHandler<APIGatewayProxyEvent, void> {
  return awslambda.streamifyResponse<APIGatewayProxyEvent, void>(async (event, responseStream, context) => {
    const abort = new AbortController();
    const afterResponse: Promise<unknown>[] = [];
    const onClose = () => abort.abort();
    responseStream.once('close', onClose);
    try {
      const response = await fetch(convertRestEventToRequest(event, abort.signal), {
        waitUntil: (promise) => afterResponse.push(promise),
        remainingTimeMs: () => context.getRemainingTimeInMillis(),
      });
      const metadata = toMetadata(response);
      const body = awslambda.HttpResponseStream.from(responseStream, { ...metadata });
      // The runtime writes the prelude on the first write: send status and headers now, even for an empty body.
      body.write(new Uint8Array(0));
      if (response.body) await pipeline(Readable.fromWeb(response.body as NodeReadableStream), body);
      else body.end();
    } finally {
      await Promise.allSettled(afterResponse);
      responseStream.off('close', onClose);
    }
  });
}
