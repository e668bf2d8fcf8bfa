import { z } from 'zod';
import type { TextModel } from './catalogue/foundation-model.js';
import {
  messageSchema,
  readConversation,
  readToolChoice,
  readTools,
  systemSchema,
  toolConfigSchema,
} from './converse-messages.js';
import { planReasoningChunks, planTextChunks } from './families/plan-text-chunks.js';
import type { GuardrailRequest, ModelInput } from './model-input.js';
import { type ReasoningAsked, readReasoningRequest } from './read-reasoning-request.js';
import { type GuardrailOutcome, type Reply, sumInputTokens } from './reply.js';
import { patternString } from './smithy-pattern.js';
import { validateBody } from './validate-body.js';
import type { PlannedEvent } from './write-event-stream.js';

/** `GuardrailIdentifier` and `GuardrailVersion` (botocore bedrock-runtime 2023-09-30; bedrock-validation.md §8). */
export const GUARDRAIL_IDENTIFIER_PATTERN =
  '(|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))';
export const GUARDRAIL_VERSION_PATTERN = '(|([1-9][0-9]{0,7})|(DRAFT))';

const guardrailFields = {
  guardrailIdentifier: patternString(GUARDRAIL_IDENTIFIER_PATTERN).max(2048).optional(),
  guardrailVersion: patternString(GUARDRAIL_VERSION_PATTERN).optional(),
  trace: z.enum(['enabled', 'disabled', 'enabled_full']).optional(),
};

/** Converse's `GuardrailConfiguration`; ConverseStream's adds `streamProcessingMode`. */
const guardrailConfigSchema = z.looseObject(guardrailFields);
const guardrailStreamConfigSchema = z.looseObject({
  ...guardrailFields,
  streamProcessingMode: z.enum(['sync', 'async']).optional(),
});

/**
 * The Converse request body at the Smithy layer: members the emulator does not act on are accepted and ignored,
 * like Bedrock. Enum orders follow Bedrock's messages where one was captured (`[optimized, standard]`, §9).
 * `serviceTier.type` is not an enum here: Bedrock answers a bad tier with its own sentence (§9).
 */
function createConverseRequestSchema(streaming: boolean) {
  return z.looseObject({
    messages: z.array(messageSchema).min(1),
    system: systemSchema.optional(),
    inferenceConfig: z
      .looseObject({
        maxTokens: z.int().min(1).optional(),
        temperature: z.number().min(0).max(1).optional(),
        topP: z.number().min(0).max(1).optional(),
        stopSequences: z.array(z.string().min(1)).max(2500).optional(),
      })
      .optional(),
    toolConfig: toolConfigSchema.optional(),
    guardrailConfig: (streaming ? guardrailStreamConfigSchema : guardrailConfigSchema).optional(),
    additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
    additionalModelResponseFieldPaths: z.array(z.string().min(1).max(256)).max(10).optional(),
    performanceConfig: z.looseObject({ latency: z.enum(['optimized', 'standard']).optional() }).optional(),
    serviceTier: z.looseObject({ type: z.string() }).optional(),
    outputConfig: z
      .looseObject({
        textFormat: z
          .looseObject({
            type: z.enum(['json_schema']),
            structure: z.looseObject({
              jsonSchema: z.looseObject({
                schema: z.string(),
                name: z.string().optional(),
                description: z.string().optional(),
              }),
            }),
          })
          .optional(),
        effort: z.string().max(16).optional(),
      })
      .optional(),
  });
}

const CONVERSE_REQUEST_SCHEMAS = {
  converse: createConverseRequestSchema(false),
  stream: createConverseRequestSchema(true),
};

/** A Converse (or ConverseStream) body that passed the Smithy layer. */
export type ConverseRequest = z.output<ReturnType<typeof createConverseRequestSchema>>;

/** The Converse message list and system prompt, which CountTokens also accepts. */
export const converseInputSchema = z.looseObject({
  messages: z.array(messageSchema).min(1),
  system: systemSchema.optional(),
  toolConfig: toolConfigSchema.optional(),
});

/**
 * Validates a Converse (or ConverseStream) body at the Smithy layer, which checks shapes only, the same for every
 * model. The model's own rules come after (check-converse-request.ts).
 */
export function parseConverseRequest(body: unknown, options: { streaming: boolean }): ConverseRequest {
  return validateBody(
    options.streaming ? CONVERSE_REQUEST_SCHEMAS.stream : CONVERSE_REQUEST_SCHEMAS.converse,
    body,
    'constraint',
  );
}

/** The reasoning a Converse request asks for, from its members and its additional fields. */
export function readConverseReasoningAsked(request: ConverseRequest): ReasoningAsked {
  const fields = request.additionalModelRequestFields ?? {};
  const thinking = readRecord(fields.thinking);
  const outputConfig = readRecord(fields.output_config);
  // Nova 2 takes `reasoningConfig` among the additional fields, or inside their `inferenceConfig` (nova2
  // core-inference.html says both ways in different places).
  const reasoningConfig =
    readRecord(fields.reasoningConfig) ?? readRecord(readRecord(fields.inferenceConfig)?.reasoningConfig);
  const effort =
    request.outputConfig?.effort ??
    (typeof outputConfig?.effort === 'string' ? outputConfig.effort : undefined);
  return {
    ...(thinking && typeof thinking.type === 'string'
      ? {
          thinking: {
            type: thinking.type,
            ...(typeof thinking.budget_tokens === 'number' ? { budgetTokens: thinking.budget_tokens } : {}),
            ...(typeof thinking.display === 'string' ? { display: thinking.display } : {}),
          },
        }
      : {}),
    ...(effort === undefined ? {} : { effort }),
    ...(reasoningConfig && typeof reasoningConfig.type === 'string'
      ? {
          reasoningConfig: {
            type: reasoningConfig.type,
            ...(typeof reasoningConfig.maxReasoningEffort === 'string'
              ? { maxReasoningEffort: reasoningConfig.maxReasoningEffort }
              : {}),
          },
        }
      : {}),
    ...(typeof fields.reasoning_effort === 'string' ? { reasoningEffort: fields.reasoning_effort } : {}),
  };
}

function readRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The schema of `outputConfig.textFormat`, parsed (check-converse-request.ts has refused one that is not JSON), or
 * Claude's native `output_config.format` passed among the additional fields.
 */
export function readConverseOutputSchema(request: ConverseRequest): unknown {
  const schema = request.outputConfig?.textFormat?.structure.jsonSchema.schema;
  if (schema !== undefined) return JSON.parse(schema);
  const format = readRecord(readRecord(request.additionalModelRequestFields?.output_config)?.format);
  return format?.schema;
}

/** The guardrail a Converse request names, if any. */
export function readConverseGuardrail(request: ConverseRequest): GuardrailRequest | undefined {
  const config = request.guardrailConfig;
  if (!config?.guardrailIdentifier) return undefined;
  return {
    identifier: config.guardrailIdentifier,
    ...(config.guardrailVersion ? { version: config.guardrailVersion } : {}),
    trace: config.trace === 'enabled' || config.trace === 'enabled_full',
  };
}

/** What the model reads from a checked Converse request. */
export function readConverseInput(request: ConverseRequest, model: TextModel): ModelInput {
  const reasoning = readReasoningRequest(model, readConverseReasoningAsked(request));
  const outputSchema = readConverseOutputSchema(request);
  const guardrail = readConverseGuardrail(request);
  return {
    ...readConversation(request.system, request.messages, request.toolConfig),
    maxTokens: request.inferenceConfig?.maxTokens,
    stopSequences: request.inferenceConfig?.stopSequences ?? [],
    tools: readTools(request.toolConfig),
    toolChoice: readToolChoice(request.toolConfig),
    ...(reasoning ? { reasoning } : {}),
    ...(outputSchema === undefined ? {} : { outputSchema }),
    ...(guardrail ? { guardrail } : {}),
  };
}

/** The assistant content blocks of a reply, in Converse notation: reasoning first, then text or a tool call. */
export function buildConverseContent(reply: Reply): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  const reasoning = reply.reasoning;
  if (reasoning?.kind === 'redacted') blocks.push({ reasoningContent: { redactedContent: reasoning.data } });
  if (reasoning?.kind === 'text') {
    blocks.push({
      reasoningContent: {
        reasoningText: {
          text: reasoning.text,
          ...(reasoning.signature === undefined ? {} : { signature: reasoning.signature }),
        },
      },
    });
  }
  if (!reply.toolCall) return [...blocks, { text: reply.text }];
  const { id, name, input } = reply.toolCall;
  return [...blocks, { toolUse: { toolUseId: id, name, input } }];
}

/**
 * Converse usage, which also serves Nova's native responses: `inputTokens` excludes the cached tokens, which
 * `cacheReadInputTokens` and `cacheWriteInputTokens` count, and `cacheDetails` splits the writes by TTL, 1h first
 * (botocore `TokenUsage`, `CacheDetail`; claude-models.md §6). `totalTokens` adds them all up. The cache members
 * appear when the request set cache points.
 */
export function buildConverseUsage(reply: Reply): Record<string, unknown> {
  const cache = reply.cache;
  const details = cache
    ? (['1h', '5m'] as const)
        .filter((ttl) => cache.writeTokensByTtl[ttl] > 0)
        .map((ttl) => ({ ttl, inputTokens: cache.writeTokensByTtl[ttl] }))
    : [];
  return {
    inputTokens: reply.inputTokens,
    outputTokens: reply.outputTokens,
    totalTokens: sumInputTokens(reply) + reply.outputTokens,
    ...(cache ? { cacheReadInputTokens: cache.readTokens, cacheWriteInputTokens: cache.writeTokens } : {}),
    ...(details.length > 0 ? { cacheDetails: details } : {}),
  };
}

/**
 * A guardrail's trace (Converse `GuardrailTraceAssessment`): the emulator's guardrail assesses the input, and
 * blocks it by a denied topic.
 */
export function buildGuardrailTrace(guardrail: GuardrailOutcome): Record<string, unknown> {
  const assessment = {
    ...(guardrail.action === 'INTERVENED'
      ? { topicPolicy: { topics: [{ name: 'Emulated', type: 'DENY', action: 'BLOCKED', detected: true }] } }
      : {}),
    invocationMetrics: {
      guardrailProcessingLatency: 0,
      usage: {
        topicPolicyUnits: 1,
        contentPolicyUnits: 0,
        wordPolicyUnits: 0,
        sensitiveInformationPolicyUnits: 0,
        sensitiveInformationPolicyFreeUnits: 0,
        contextualGroundingPolicyUnits: 0,
      },
    },
  };
  return {
    inputAssessment: { [guardrail.identifier]: assessment },
    ...(guardrail.action === 'INTERVENED' ? { actionReason: 'Guardrail blocked.' } : {}),
  };
}

/** The serving options a request asked for, which Bedrock echoes in the response and the stream's metadata. */
export interface ServedOptions {
  serviceTier?: string;
  latency?: string;
}

function buildServedMembers(served: ServedOptions): Record<string, unknown> {
  return {
    ...(served.latency ? { performanceConfig: { latency: served.latency } } : {}),
    ...(served.serviceTier ? { serviceTier: { type: served.serviceTier } } : {}),
  };
}

function buildTraceMember(reply: Reply): Record<string, unknown> {
  return reply.guardrail?.trace ? { trace: { guardrail: buildGuardrailTrace(reply.guardrail) } } : {};
}

/** The Converse response body. */
export function buildConverseResponse(
  reply: Reply,
  latencyMs: number,
  served: ServedOptions = {},
): Record<string, unknown> {
  return {
    output: { message: { role: 'assistant', content: buildConverseContent(reply) } },
    stopReason: reply.stopReason,
    usage: buildConverseUsage(reply),
    metrics: { latencyMs },
    ...buildTraceMember(reply),
    ...buildServedMembers(served),
  };
}

/**
 * The ConverseStream events of a reply: messageStart; the reasoning, if any, as `reasoningContent` deltas of
 * block 0 (text chunks then its signature, or its redacted content) and a contentBlockStop; contentBlockStart
 * for a tool call; contentBlockDelta per chunk, carrying text or `toolUse.input` partial JSON; contentBlockStop;
 * messageStop and metadata (botocore `ReasoningContentBlockDelta`, claude-models.md §5). Nova's native stream
 * reuses them inside `bytes`.
 */
export function buildConverseStreamEvents(reply: Reply, served: ServedOptions = {}): PlannedEvent[] {
  const toolCall = reply.toolCall;
  const events: PlannedEvent[] = [
    { eventType: 'messageStart', phase: 'head', payload: { role: 'assistant' } },
  ];
  const reasoning = reply.reasoning;
  let index = 0;
  if (reasoning) {
    const delta = (reasoningContent: Record<string, unknown>): PlannedEvent => ({
      eventType: 'contentBlockDelta',
      phase: 'content',
      payload: { contentBlockIndex: 0, delta: { reasoningContent } },
    });
    if (reasoning.kind === 'redacted') events.push(delta({ redactedContent: reasoning.data }));
    else {
      for (const chunk of planReasoningChunks(reply)) events.push(delta({ text: chunk.text }));
      if (reasoning.signature !== undefined) events.push(delta({ signature: reasoning.signature }));
    }
    events.push({ eventType: 'contentBlockStop', phase: 'content', payload: { contentBlockIndex: 0 } });
    index = 1;
  }
  if (toolCall) {
    events.push({
      eventType: 'contentBlockStart',
      phase: 'head',
      payload: {
        contentBlockIndex: index,
        start: { toolUse: { toolUseId: toolCall.id, name: toolCall.name } },
      },
    });
  }
  for (const chunk of planTextChunks(reply)) {
    events.push({
      eventType: 'contentBlockDelta',
      phase: 'content',
      payload: {
        contentBlockIndex: index,
        delta: toolCall ? { toolUse: { input: chunk.text } } : { text: chunk.text },
      },
    });
  }
  events.push(
    { eventType: 'contentBlockStop', phase: 'tail', payload: { contentBlockIndex: index } },
    { eventType: 'messageStop', phase: 'tail', payload: { stopReason: reply.stopReason } },
    {
      eventType: 'metadata',
      phase: 'tail',
      payload: (timing) => ({
        usage: buildConverseUsage(reply),
        metrics: { latencyMs: timing.latencyMs },
        ...buildTraceMember(reply),
        ...buildServedMembers(served),
      }),
    },
  );
  return events;
}
