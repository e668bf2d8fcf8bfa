import { z } from 'zod';
import { buildConverseContentBlock, buildConverseStreamEvents, buildConverseUsage } from '../converse.js';
import {
  checkConversation,
  messageSchema,
  readConversation,
  readToolChoice,
  readTools,
  systemSchema,
  toolConfigSchema,
} from '../converse-messages.js';
import { validateBody } from '../validate-body.js';
import { type NativeChunk, resolveChunkBody, type TextFamily } from './text-family.js';

const bodySchema = z.looseObject({
  schemaVersion: z.literal('messages-v1').optional(),
  system: systemSchema.optional(),
  messages: z.array(messageSchema).min(1),
  inferenceConfig: z
    .looseObject({
      maxTokens: z.int().min(1).optional(),
      max_new_tokens: z.int().min(1).optional(),
      temperature: z.number().min(0).max(1).optional(),
      topP: z.number().min(0).max(1).optional(),
      topK: z.int().min(0).optional(),
      stopSequences: z.array(z.string()).optional(),
    })
    .optional(),
  toolConfig: toolConfigSchema.optional(),
});

/**
 * Amazon Nova (`amazon.nova*`): Converse-shaped native bodies, so the model sees the same transcript as through
 * Converse, and its stream carries Converse-style events inside `bytes`.
 */
export const nova: TextFamily = {
  defaultMaxTokens: 4096,
  readInvokeBody(body) {
    const request = validateBody(bodySchema, body, 'schema');
    checkConversation(request.messages, request.toolConfig);
    const config = request.inferenceConfig;
    return {
      ...readConversation(request.system, request.messages),
      maxTokens: config?.maxTokens ?? config?.max_new_tokens,
      stopSequences: config?.stopSequences ?? [],
      tools: readTools(request.toolConfig),
      toolChoice: readToolChoice(request.toolConfig),
    };
  },
  buildInvokeResponse(reply) {
    return {
      output: { message: { role: 'assistant', content: [buildConverseContentBlock(reply)] } },
      stopReason: reply.stopReason,
      usage: { ...buildConverseUsage(reply), cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: 0 },
    };
  },
  buildStreamChunks(reply) {
    return buildConverseStreamEvents(reply).map(
      (event): NativeChunk => ({
        phase: event.phase,
        body: (timing) => ({ [event.eventType]: resolveChunkBody(event.payload, timing) }),
      }),
    );
  },
};
