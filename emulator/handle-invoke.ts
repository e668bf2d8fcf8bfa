import { beginModelCall } from './begin-model-call.js';
import { createValidationError } from './errors.js';
import { createEmbedding } from './families/create-embedding.js';
import { countEmbeddingTokens } from './families/embedding-family.js';
import { EMBEDDING_FAMILIES, TEXT_FAMILIES } from './families/family-registry.js';
import { resolveChunkBody } from './families/text-family.js';
import { sendJson } from './http-exchange.js';
import type { ResolvedModel } from './model-catalogue.js';
import { measureLatency, type OperationContext } from './operation-context.js';
import { parseJsonBody } from './validate-body.js';
import { type PlannedEvent, writeEventStream } from './write-event-stream.js';

type EmbeddingModel = Extract<ResolvedModel, { kind: 'embedding' }>;

/** InvokeModel and InvokeModelWithResponseStream: the family's native body in, its native response out. */
export async function handleInvoke(
  context: OperationContext,
  options: { streaming: boolean },
): Promise<void> {
  const body = parseJsonBody(context.body);
  const { model, requestId, response } = context;
  if (model.kind === 'embedding') {
    if (options.streaming) throw createValidationError('The model is unsupported for streaming.');
    return handleEmbedding(context, model, body);
  }
  const family = TEXT_FAMILIES[model.family];
  const input = family.readInvokeBody(body);
  const call = await beginModelCall(context, input.prompt, options);
  const reply = call.generate(input, family.defaultMaxTokens);
  const replyContext = { modelId: model.modelId, requestId, requestBody: body };
  if (!options.streaming) {
    sendJson(response, 200, family.buildInvokeResponse(reply, replyContext), {
      'x-amzn-RequestId': requestId,
      'X-Amzn-Bedrock-Invocation-Latency': String(measureLatency(context)),
      'X-Amzn-Bedrock-Input-Token-Count': String(reply.inputTokens),
      'X-Amzn-Bedrock-Output-Token-Count': String(reply.outputTokens),
    });
    return;
  }
  const chunks = family.buildStreamChunks(reply, replyContext);
  const events = chunks.map(
    (chunk, index): PlannedEvent => ({
      eventType: 'chunk',
      phase: chunk.phase,
      payload: (timing) => {
        const nativeChunk = resolveChunkBody(chunk.body, timing);
        // Bedrock appends the invocation metrics to the model's last chunk.
        if (index === chunks.length - 1) {
          nativeChunk['amazon-bedrock-invocationMetrics'] = {
            inputTokenCount: reply.inputTokens,
            outputTokenCount: reply.outputTokens,
            invocationLatency: timing.latencyMs,
            firstByteLatency: timing.firstByteLatencyMs,
          };
        }
        return { bytes: Buffer.from(JSON.stringify(nativeChunk)).toString('base64') };
      },
    }),
  );
  await writeEventStream(context, {
    events,
    delayMs: call.directives.delayMs ?? 0,
    cut: call.planCut(chunks.filter((chunk) => chunk.phase === 'content').length),
    headers: { 'X-Amzn-Bedrock-Content-Type': 'application/json' },
  });
}

async function handleEmbedding(
  context: OperationContext,
  model: EmbeddingModel,
  body: unknown,
): Promise<void> {
  const { requestId, response } = context;
  const family = EMBEDDING_FAMILIES[model.family];
  const input = family.readInvokeBody(body);
  const call = await beginModelCall(context, input.texts.join('\n'), { streaming: false });
  const vectors = input.texts.map((text) =>
    createEmbedding(model.modelId, text, input.dimensions, input.normalize),
  );
  const inputTokens = countEmbeddingTokens(input.texts, call.tokenizer);
  sendJson(response, 200, family.buildInvokeResponse(vectors, input, { requestId, inputTokens }), {
    'x-amzn-RequestId': requestId,
    'X-Amzn-Bedrock-Invocation-Latency': String(measureLatency(context)),
    'X-Amzn-Bedrock-Input-Token-Count': String(inputTokens),
    'X-Amzn-Bedrock-Output-Token-Count': '0',
  });
}
