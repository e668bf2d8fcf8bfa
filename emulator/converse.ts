import { z } from 'zod';
import {
  messageSchema,
  readConversation,
  readToolChoice,
  readTools,
  systemSchema,
  toolConfigSchema,
} from './converse-messages.js';
import { planTextChunks } from './families/plan-text-chunks.js';
import type { ModelInput } from './model-input.js';
import type { Reply } from './reply.js';
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

/** What the model reads from a checked Converse request. */
export function readConverseInput(request: ConverseRequest): ModelInput {
  return {
    ...readConversation(request.system, request.messages),
    maxTokens: request.inferenceConfig?.maxTokens,
    stopSequences: request.inferenceConfig?.stopSequences ?? [],
    tools: readTools(request.toolConfig),
    toolChoice: readToolChoice(request.toolConfig),
  };
}

/** The assistant content block of a reply, in Converse notation. */
export function buildConverseContentBlock(reply: Reply): Record<string, unknown> {
  if (!reply.toolCall) return { text: reply.text };
  const { id, name, input } = reply.toolCall;
  return { toolUse: { toolUseId: id, name, input } };
}

/** Converse usage, which also serves Nova's native responses. */
export function buildConverseUsage(reply: Reply): Record<string, number> {
  return {
    inputTokens: reply.inputTokens,
    outputTokens: reply.outputTokens,
    totalTokens: reply.inputTokens + reply.outputTokens,
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

/** The Converse response body. */
export function buildConverseResponse(
  reply: Reply,
  latencyMs: number,
  served: ServedOptions = {},
): Record<string, unknown> {
  return {
    output: { message: { role: 'assistant', content: [buildConverseContentBlock(reply)] } },
    stopReason: reply.stopReason,
    usage: buildConverseUsage(reply),
    metrics: { latencyMs },
    ...buildServedMembers(served),
  };
}

/**
 * The ConverseStream events of a reply: messageStart, contentBlockStart (tool use only), contentBlockDelta
 * per chunk, contentBlockStop, messageStop and metadata. Nova's native stream reuses them inside `bytes`.
 */
export function buildConverseStreamEvents(reply: Reply, served: ServedOptions = {}): PlannedEvent[] {
  const toolCall = reply.toolCall;
  const events: PlannedEvent[] = [
    { eventType: 'messageStart', phase: 'head', payload: { role: 'assistant' } },
  ];
  if (toolCall) {
    events.push({
      eventType: 'contentBlockStart',
      phase: 'head',
      payload: { contentBlockIndex: 0, start: { toolUse: { toolUseId: toolCall.id, name: toolCall.name } } },
    });
  }
  for (const chunk of planTextChunks(reply)) {
    events.push({
      eventType: 'contentBlockDelta',
      phase: 'content',
      payload: {
        contentBlockIndex: 0,
        delta: toolCall ? { toolUse: { input: chunk.text } } : { text: chunk.text },
      },
    });
  }
  events.push(
    { eventType: 'contentBlockStop', phase: 'tail', payload: { contentBlockIndex: 0 } },
    { eventType: 'messageStop', phase: 'tail', payload: { stopReason: reply.stopReason } },
    {
      eventType: 'metadata',
      phase: 'tail',
      payload: (timing) => ({
        usage: buildConverseUsage(reply),
        metrics: { latencyMs: timing.latencyMs },
        ...buildServedMembers(served),
      }),
    },
  );
  return events;
}
