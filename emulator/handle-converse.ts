import { beginModelCall } from './begin-model-call.js';
import { buildConverseResponse, buildConverseStreamEvents, readConverseBody } from './converse.js';
import { createValidationError } from './errors.js';
import { TEXT_FAMILIES } from './families/family-registry.js';
import { sendJson } from './http-exchange.js';
import { measureLatency, type OperationContext } from './operation-context.js';
import { parseJsonBody } from './validate-body.js';
import { writeEventStream } from './write-event-stream.js';

/** Bedrock's answer when Converse is called on a model that cannot chat. */
export const CONVERSE_UNSUPPORTED_MESSAGE =
  "This action doesn't support the model that you provided. Try again with a supported text or chat model.";

/** Converse and ConverseStream: one request shape for every text family. */
export async function handleConverse(
  context: OperationContext,
  options: { streaming: boolean },
): Promise<void> {
  const { model, requestId, response } = context;
  if (model.kind === 'embedding') throw createValidationError(CONVERSE_UNSUPPORTED_MESSAGE);
  const input = readConverseBody(parseJsonBody(context.body));
  const call = await beginModelCall(context, input.prompt, options);
  const reply = call.generate(input, TEXT_FAMILIES[model.family].defaultMaxTokens);
  if (!options.streaming) {
    sendJson(response, 200, buildConverseResponse(reply, measureLatency(context)), {
      'x-amzn-RequestId': requestId,
    });
    return;
  }
  const events = buildConverseStreamEvents(reply);
  await writeEventStream(context, {
    events,
    delayMs: call.directives.delayMs ?? 0,
    cut: call.planCut(events.filter((event) => event.phase === 'content').length),
  });
}
