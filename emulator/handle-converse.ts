import { CONVERSE_UNSUPPORTED } from './bedrock-messages.js';
import { beginModelCall } from './begin-model-call.js';
import { checkConverseRequest } from './check-converse-request.js';
import { checkReplayedReasoning } from './check-replayed-reasoning.js';
import {
  buildConverseResponse,
  buildConverseStreamEvents,
  parseConverseRequest,
  readConverseInput,
} from './converse.js';
import { createValidationError } from './errors.js';
import { TEXT_FAMILIES } from './families/family-registry.js';
import { sendJson } from './http-exchange.js';
import { measureLatency, type OperationContext } from './operation-context.js';
import { requireInvocable, requireServing } from './resolve-model-id.js';
import { parseJsonBody } from './validate-body.js';
import { writeEventStream } from './write-event-stream.js';

/**
 * Converse and ConverseStream: one request shape for every text family. The checks run in Bedrock's order: the
 * id, the Smithy shape, the lifecycle, then the model's own rules (check-converse-request.ts).
 */
export async function handleConverse(
  context: OperationContext,
  options: { streaming: boolean },
): Promise<void> {
  const { requestId, response, runtime } = context;
  requireInvocable(context.target);
  const request = parseConverseRequest(parseJsonBody(context.body), options);
  const model = requireServing(context.target);
  if (model.kind === 'embedding') throw createValidationError(CONVERSE_UNSUPPORTED);
  checkConverseRequest(model.definition, request, {
    modelId: model.modelId,
    streaming: options.streaming,
    region: runtime.region,
  });
  const input = readConverseInput(request, model.definition);
  checkReplayedReasoning(model.definition, input, runtime.reasoningSigner, 'converse');
  const call = await beginModelCall(context, model, input.prompt, options);
  const family = TEXT_FAMILIES[model.family];
  const reply = call.generate(input, Math.min(family.defaultMaxTokens, model.definition.maxOutputTokens));
  const served = {
    serviceTier: request.serviceTier?.type,
    latency: request.performanceConfig?.latency,
  };
  if (!options.streaming) {
    sendJson(response, 200, buildConverseResponse(reply, measureLatency(context), served), {
      'x-amzn-RequestId': requestId,
    });
    return;
  }
  const events = buildConverseStreamEvents(reply, served);
  await writeEventStream(context, {
    events,
    delayMs: call.directives.delayMs ?? 0,
    cut: call.planCut(events.filter((event) => event.phase === 'content').length),
  });
}
