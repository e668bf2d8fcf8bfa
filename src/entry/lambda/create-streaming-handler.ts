import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { StreamifyHandler } from 'aws-lambda';
import { GatewayError, InternalError } from '../../core/errors.js';
import { convertRestEventToRequest } from './convert-rest-event-to-request.js';
import { pipeResponseBody } from './pipe-response-body.js';

/** What the adapter gives the app besides the request: a way to finish work after the response. */
export interface LambdaBindings {
  waitUntil: (promise: Promise<unknown>) => void;
  /** Time left in the invocation, so retries and fallbacks end before Lambda's timeout. */
  remainingTimeMs: () => number;
}

type Fetch = (request: Request, bindings: LambdaBindings) => Response | Promise<Response>;

export interface StreamingHandlerOptions {
  /** The gateway's logger: an event the adapter refuses, or a failure it cannot answer, gets one line. */
  logger: Logger;
  /** `config.server.bodyLimitBytes`: checked on the decoded body the event carries. */
  bodyLimitBytes: number;
}

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
 * Work handed to `waitUntil`, awaited until none is left: a settlement may be handed over while an earlier
 * one is awaited (a stream's `finally` runs late), and whatever is pending when the handler returns may
 * never run, since Lambda can freeze the instance.
 */
function createPendingWork() {
  const pending: Promise<unknown>[] = [];
  return {
    waitUntil: (promise: Promise<unknown>) => {
      pending.push(promise);
    },
    async drain(): Promise<void> {
      while (pending.length > 0) await Promise.allSettled(pending.splice(0));
    },
  };
}

/**
 * The answer to an event the app never sees (it is not a valid request) or to an app that failed outright:
 * the gateway's error body, with a request id, and one log line, as every request has.
 */
function answerWithoutApp(error: unknown, logger: Logger): Response {
  const requestId = randomUUID();
  const gatewayError = error instanceof GatewayError ? error : new InternalError(error);
  if (gatewayError instanceof InternalError) {
    logger.error('unhandled error', { request_id: requestId, error: gatewayError.cause as Error });
  }
  logger.info('request', {
    request_id: requestId,
    status: gatewayError.statusCode,
    error_code: gatewayError.code,
    ...(gatewayError.param ? { param: gatewayError.param } : {}),
  });
  return Response.json(gatewayError.toJSON(requestId), {
    status: gatewayError.statusCode,
    headers: { 'x-request-id': requestId },
  });
}

async function writeResponse(response: Response, responseStream: Writable, hungUp: AbortSignal) {
  if (hungUp.aborted) {
    // Nobody is listening; the body is still cancelled so that whatever produces it ends now.
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  const stream = awslambda.HttpResponseStream.from(responseStream, { ...toMetadata(response) });
  // The runtime writes the prelude on the first write: send status and headers now, even for an empty body.
  stream.write(new Uint8Array(0));
  if (response.body) await pipeResponseBody(response.body, stream, hungUp);
  else await new Promise<void>((resolve) => stream.end(() => resolve()));
}

/**
 * A Lambda handler for API Gateway REST proxy events in STREAM mode: the app's status and headers become the
 * metadata prelude, and the body is written chunk by chunk, never buffered.
 *
 * The handler resolves, never rejects, and only once everything the request started has ended: the body
 * (or its cancellation, when the client hangs up), the upstream call, and the work handed to `waitUntil`
 * (settling usage). Lambda may freeze the instance as soon as the handler returns, so nothing may be left
 * for later; and a client that hangs up is no invocation error.
 * Written here rather than with `hono/aws-lambda`'s `streamHandle` because we need the abort signal.
 */
export function createStreamingHandler(
  fetch: Fetch,
  options: StreamingHandlerOptions,
): StreamifyHandler<unknown, void> {
  const { logger, bodyLimitBytes } = options;
  return awslambda.streamifyResponse<unknown, void>(async (event, responseStream, context) => {
    const hangUp = new AbortController();
    // `close` after the body has finished is the normal end; before it, the client went away.
    const onClose = () => {
      if (!responseStream.writableFinished) hangUp.abort();
    };
    responseStream.once('close', onClose);
    const work = createPendingWork();
    try {
      let response: Response;
      try {
        const request = convertRestEventToRequest(event, { signal: hangUp.signal, bodyLimitBytes });
        response = await fetch(request, {
          waitUntil: work.waitUntil,
          remainingTimeMs: () => context.getRemainingTimeInMillis(),
        });
      } catch (error) {
        response = answerWithoutApp(error, logger);
      }
      await writeResponse(response, responseStream, hangUp.signal);
    } catch (error) {
      // The status line has gone out: the body can only stop. The error is logged, not thrown, since the
      // runtime could do no more with it than cut the stream too.
      logger.error('response body failed', { error: error as Error });
      if (!responseStream.destroyed) responseStream.end();
    } finally {
      await work.drain();
      responseStream.off('close', onClose);
    }
  });
}
