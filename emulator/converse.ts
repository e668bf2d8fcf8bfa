import { z } from 'zod';
import {
  checkConversation,
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
import { validateBody } from './validate-body.js';
import type { PlannedEvent } from './write-event-stream.js';

/** The Converse request body. Members the emulator does not act on are accepted and ignored, like Bedrock. */
const converseRequestSchema = z.looseObject({
  messages: z.array(messageSchema).min(1),
  system: systemSchema.optional(),
  inferenceConfig: z
    .looseObject({
      maxTokens: z.int().min(1).optional(),
      temperature: z.number().min(0).max(1).optional(),
      topP: z.number().min(0).max(1).optional(),
      stopSequences: z.array(z.string()).max(2500).optional(),
    })
    .optional(),
  toolConfig: toolConfigSchema.optional(),
  additionalModelRequestFields: z.unknown().optional(),
});

/** The Converse message list and system prompt, which CountTokens also accepts. */
export const converseInputSchema = z.looseObject({
  messages: z.array(messageSchema).min(1),
  system: systemSchema.optional(),
  toolConfig: toolConfigSchema.optional(),
});

/** Validates a Converse (or ConverseStream) body like Bedrock and reads what the model sees. */
export function readConverseBody(body: unknown): ModelInput {
  const request = validateBody(converseRequestSchema, body, 'constraint');
  checkConversation(request.messages, request.toolConfig);
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

/** The Converse response body. */
export function buildConverseResponse(reply: Reply, latencyMs: number): Record<string, unknown> {
  return {
    output: { message: { role: 'assistant', content: [buildConverseContentBlock(reply)] } },
    stopReason: reply.stopReason,
    usage: buildConverseUsage(reply),
    metrics: { latencyMs },
  };
}

/**
 * The ConverseStream events of a reply: messageStart, contentBlockStart (tool use only), contentBlockDelta
 * per chunk, contentBlockStop, messageStop and metadata. Nova's native stream reuses them inside `bytes`.
 */
export function buildConverseStreamEvents(reply: Reply): PlannedEvent[] {
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
      payload: (timing) => ({ usage: buildConverseUsage(reply), metrics: { latencyMs: timing.latencyMs } }),
    },
  );
  return events;
}
