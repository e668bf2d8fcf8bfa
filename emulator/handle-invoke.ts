import type { IncomingHttpHeaders } from 'node:http';
import { GUARDRAIL_VERSION_REQUIRED } from './bedrock-messages.js';
import { beginModelCall } from './begin-model-call.js';
import { checkReplayedReasoning } from './check-replayed-reasoning.js';
import { checkServiceOptions, type ServiceOptions } from './check-service-options.js';
import { buildGuardrailTrace, GUARDRAIL_IDENTIFIER_PATTERN, GUARDRAIL_VERSION_PATTERN } from './converse.js';
import { createValidationError } from './errors.js';
import { createEmbedding } from './families/create-embedding.js';
import { countEmbeddingTokens } from './families/embedding-family.js';
import { EMBEDDING_FAMILIES, TEXT_FAMILIES } from './families/family-registry.js';
import { resolveChunkBody } from './families/text-family.js';
import { sendJson } from './http-exchange.js';
import type { GuardrailRequest } from './model-input.js';
import { measureLatency, type OperationContext } from './operation-context.js';
import type { Reply } from './reply.js';
import { type ResolvedModel, requireInvocable, requireServing } from './resolve-model-id.js';
import { parseJsonBody } from './validate-body.js';
import { type PlannedEvent, writeEventStream } from './write-event-stream.js';

type EmbeddingModel = Extract<ResolvedModel, { kind: 'embedding' }>;

/**
 * InvokeModel and InvokeModelWithResponseStream: the family's native body in, its native response out. The id
 * rules come first, then the Smithy checks of the headers, then the lifecycle, then the model's own validator.
 */
export async function handleInvoke(
  context: OperationContext,
  options: { streaming: boolean },
): Promise<void> {
  const { requestId, response, runtime } = context;
  requireInvocable(context.target);
  const served = readServiceHeaders(context.headers);
  const guardrail = readGuardrailHeaders(context.headers);
  const body = parseJsonBody(context.body);
  const model = requireServing(context.target);
  if (model.kind === 'embedding') {
    if (options.streaming) throw createValidationError('The model is unsupported for streaming.');
    return handleEmbedding(context, model, body);
  }
  checkServiceOptions(model.definition, model.modelId, served, runtime.region);
  const family = TEXT_FAMILIES[model.family];
  const input = {
    ...family.readInvokeBody(body, { definition: model.definition, modelId: model.modelId }),
    ...(guardrail ? { guardrail } : {}),
  };
  checkReplayedReasoning(model.definition, input, runtime.reasoningSigner, 'invoke');
  const call = await beginModelCall(context, model, input.prompt, options);
  const reply = call.generate(input, Math.min(family.defaultMaxTokens, model.definition.maxOutputTokens));
  const replyContext = { modelId: model.modelId, requestId, requestBody: body };
  const servedHeaders = buildServedHeaders(served);
  const caching = model.definition.capabilities.promptCaching !== undefined;
  if (!options.streaming) {
    sendJson(
      response,
      200,
      { ...family.buildInvokeResponse(reply, replyContext), ...buildGuardrailMembers(reply) },
      {
        'x-amzn-RequestId': requestId,
        'X-Amzn-Bedrock-Invocation-Latency': String(measureLatency(context)),
        'X-Amzn-Bedrock-Input-Token-Count': String(reply.inputTokens),
        'X-Amzn-Bedrock-Output-Token-Count': String(reply.outputTokens),
        // Models with prompt caching also report the cached tokens apart (code ids 53780177105, 68362872978).
        ...(caching
          ? {
              'X-Amzn-Bedrock-Cache-Read-Input-Token-Count': String(reply.cache?.readTokens ?? 0),
              'X-Amzn-Bedrock-Cache-Write-Input-Token-Count': String(reply.cache?.writeTokens ?? 0),
            }
          : {}),
        ...servedHeaders,
      },
    );
    return;
  }
  const chunks = family.buildStreamChunks(reply, replyContext);
  const events = chunks.map(
    (chunk, index): PlannedEvent => ({
      eventType: 'chunk',
      phase: chunk.phase,
      payload: (timing) => {
        const nativeChunk = resolveChunkBody(chunk.body, timing);
        // Bedrock appends the invocation metrics to the model's last chunk, with the cache counts for models that
        // cache (code id 49055726007), and the guardrail's action there too (UNCONFIRMED for streams).
        if (index === chunks.length - 1) {
          nativeChunk['amazon-bedrock-invocationMetrics'] = {
            inputTokenCount: reply.inputTokens,
            outputTokenCount: reply.outputTokens,
            invocationLatency: timing.latencyMs,
            firstByteLatency: timing.firstByteLatencyMs,
            ...(caching
              ? {
                  cacheReadInputTokenCount: reply.cache?.readTokens ?? 0,
                  cacheWriteInputTokenCount: reply.cache?.writeTokens ?? 0,
                }
              : {}),
          };
          Object.assign(nativeChunk, buildGuardrailMembers(reply));
        }
        return { bytes: Buffer.from(JSON.stringify(nativeChunk)).toString('base64') };
      },
    }),
  );
  await writeEventStream(context, {
    events,
    delayMs: call.directives.delayMs ?? 0,
    cut: call.planCut(chunks.filter((chunk) => chunk.phase === 'content').length),
    headers: { 'X-Amzn-Bedrock-Content-Type': 'application/json', ...servedHeaders },
  });
}

const HEADER_ENUMS = {
  'x-amzn-bedrock-trace': { member: 'trace', values: ['ENABLED', 'DISABLED', 'ENABLED_FULL'] },
  'x-amzn-bedrock-performanceconfig-latency': {
    member: 'performanceConfigLatency',
    values: ['optimized', 'standard'],
  },
} as const;

const HEADER_PATTERNS = {
  'x-amzn-bedrock-guardrailidentifier': {
    member: 'guardrailIdentifier',
    pattern: GUARDRAIL_IDENTIFIER_PATTERN,
  },
  'x-amzn-bedrock-guardrailversion': { member: 'guardrailVersion', pattern: GUARDRAIL_VERSION_PATTERN },
} as const;

function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * InvokeModel's service options travel in headers (botocore `InvokeModelRequest`): their Smithy constraints are
 * worded like Converse's members, by member name (bedrock-validation.md §8, §9, §18).
 */
function readServiceHeaders(headers: IncomingHttpHeaders): ServiceOptions {
  for (const [name, { member, values }] of Object.entries(HEADER_ENUMS)) {
    const value = readHeader(headers, name);
    if (value !== undefined && !(values as readonly string[]).includes(value)) {
      throw createValidationError(
        `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
      );
    }
  }
  for (const [name, { member, pattern }] of Object.entries(HEADER_PATTERNS)) {
    const value = readHeader(headers, name);
    if (value !== undefined && !new RegExp(`^(?:${pattern})$`).test(value)) {
      throw createValidationError(
        `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
      );
    }
  }
  return {
    serviceTier: readHeader(headers, 'x-amzn-bedrock-service-tier'),
    latency: readHeader(headers, 'x-amzn-bedrock-performanceconfig-latency'),
  };
}

/**
 * The guardrail InvokeModel's headers name. A version is required with an identifier ("An error will be thrown ...
 * You provide a guardrail identifier, but guardrailVersion isn't specified", API_runtime_InvokeModel.html).
 */
function readGuardrailHeaders(headers: IncomingHttpHeaders): GuardrailRequest | undefined {
  const identifier = readHeader(headers, 'x-amzn-bedrock-guardrailidentifier');
  if (!identifier) return undefined;
  const version = readHeader(headers, 'x-amzn-bedrock-guardrailversion');
  if (!version) throw createValidationError(GUARDRAIL_VERSION_REQUIRED);
  const trace = readHeader(headers, 'x-amzn-bedrock-trace');
  return { identifier, version, trace: trace === 'ENABLED' || trace === 'ENABLED_FULL' };
}

/**
 * What a guardrail adds to a native body: `amazon-bedrock-guardrailAction` (`INTERVENED` or `NONE`) and, with the
 * trace on, `amazon-bedrock-trace.guardrail` (API_runtime_InvokeModel.html's example; code ids 54009061409,
 * 60947402114).
 */
function buildGuardrailMembers(reply: Reply): Record<string, unknown> {
  const guardrail = reply.guardrail;
  if (!guardrail) return {};
  return {
    'amazon-bedrock-guardrailAction': guardrail.action,
    ...(guardrail.trace ? { 'amazon-bedrock-trace': { guardrail: buildGuardrailTrace(guardrail) } } : {}),
  };
}

/** Bedrock echoes the serving options in the response headers the SDK reads back (`InvokeModelResponse`). */
function buildServedHeaders(served: ServiceOptions): Record<string, string> {
  return {
    ...(served.serviceTier ? { 'X-Amzn-Bedrock-Service-Tier': served.serviceTier } : {}),
    ...(served.latency ? { 'X-Amzn-Bedrock-PerformanceConfig-Latency': served.latency } : {}),
  };
}

async function handleEmbedding(
  context: OperationContext,
  model: EmbeddingModel,
  body: unknown,
): Promise<void> {
  const { requestId, response } = context;
  const family = EMBEDDING_FAMILIES[model.family];
  const input = family.readInvokeBody(body, model.definition);
  const call = await beginModelCall(context, model, input.texts.join('\n'), { streaming: false });
  const vectors = input.texts.map((text) =>
    createEmbedding(model.modelId, text, input.dimensions, input.normalize),
  );
  const inputTokens = countEmbeddingTokens(input.texts, call.tokenizer);
  sendJson(
    response,
    200,
    family.buildInvokeResponse(vectors, input, { requestId, inputTokens, model: model.definition }),
    {
      'x-amzn-RequestId': requestId,
      'X-Amzn-Bedrock-Invocation-Latency': String(measureLatency(context)),
      'X-Amzn-Bedrock-Input-Token-Count': String(inputTokens),
      'X-Amzn-Bedrock-Output-Token-Count': '0',
    },
  );
}
