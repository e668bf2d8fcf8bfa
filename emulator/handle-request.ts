import { randomUUID } from 'node:crypto';
import { handleControlPlane } from './control-plane/handle-control-plane.js';
import { BedrockExceptionError } from './errors.js';
import { encodeException } from './event-stream.js';
import { handleConverse } from './handle-converse.js';
import { handleCountTokens } from './handle-count-tokens.js';
import { handleInvoke } from './handle-invoke.js';
import { type EmulatorRequest, type EmulatorResponse, readBody, sendError } from './http-exchange.js';
import type { EmulatorRuntime, OperationContext } from './operation-context.js';
import { checkModelIdShape, resolveModelTarget } from './resolve-model-id.js';
import { matchRoute, type Operation } from './route-request.js';

const OPERATION_HANDLERS: Record<Operation, (context: OperationContext) => Promise<void>> = {
  invoke: (context) => handleInvoke(context, { streaming: false }),
  'invoke-with-response-stream': (context) => handleInvoke(context, { streaming: true }),
  converse: (context) => handleConverse(context, { streaming: false }),
  'converse-stream': (context) => handleConverse(context, { streaming: true }),
  'count-tokens': handleCountTokens,
};

/** Which Smithy `modelId` shape each operation's path member has. */
const MODEL_ID_SHAPES: Record<Operation, 'converse' | 'invoke' | 'count-tokens'> = {
  invoke: 'invoke',
  'invoke-with-response-stream': 'invoke',
  converse: 'converse',
  'converse-stream': 'converse',
  'count-tokens': 'count-tokens',
};

/**
 * Creates the one request handler both protocols use. It routes the request, counts it, and is the single
 * place where a BedrockExceptionError becomes an HTTP error response.
 */
export function createRequestHandler(
  runtime: EmulatorRuntime,
): (request: EmulatorRequest, response: EmulatorResponse) => void {
  return (request, response) => {
    void handleRequest(runtime, request, response);
  };
}

async function handleRequest(
  runtime: EmulatorRuntime,
  request: EmulatorRequest,
  response: EmulatorResponse,
): Promise<void> {
  const requestId = randomUUID();
  const startedAt = performance.now();
  const clientGone = new AbortController();
  response.once('close', () => clientGone.abort());
  try {
    const route = matchRoute(request.method, request.url);
    if (!route) {
      throw new BedrockExceptionError(
        'UnknownOperationException',
        `The emulator does not serve ${request.method} ${request.url}. It serves POST /model/{modelId}/{invoke|invoke-with-response-stream|converse|converse-stream|count-tokens}, GET /foundation-models[/{modelIdentifier}] and GET /inference-profiles[/{inferenceProfileIdentifier}].`,
      );
    }
    if (route.kind === 'control-plane') {
      await readBody(request);
      return handleControlPlane(runtime, { ...route, response, requestId });
    }
    runtime.recorder.recordRequest(route.modelId);
    checkModelIdShape(route.modelId, MODEL_ID_SHAPES[route.operation]);
    const target = resolveModelTarget(route.modelId, runtime.applicationProfiles);
    const body = await readBody(request);
    await OPERATION_HANDLERS[route.operation]({
      runtime,
      target,
      body,
      headers: request.headers,
      response,
      requestId,
      startedAt,
      signal: clientGone.signal,
    });
  } catch (error) {
    // Nobody is left to tell when the client went away.
    if (clientGone.signal.aborted) return;
    const exception =
      error instanceof BedrockExceptionError
        ? error
        : new BedrockExceptionError('InternalServerException', `Emulator failure: ${String(error)}`);
    if (!response.headersSent) return sendError(response, requestId, exception);
    // A started stream can no longer change its status: end it with an exception frame, never silently.
    response.end(encodeException('internalServerException', { message: exception.message }));
  }
}
