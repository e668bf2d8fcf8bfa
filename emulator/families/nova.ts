import { z } from 'zod';
import { describeExtraneousKey, describeMaxTokensExceeded } from '../bedrock-messages.js';
import { checkCachePoints } from '../check-converse-request.js';
import { findBedrockMediaProblem, findModelMediaProblem } from '../check-media-blocks.js';
import { buildConverseContent, buildConverseStreamEvents, buildConverseUsage } from '../converse.js';
import {
  checkConversation,
  listConverseMediaBlocks,
  listMessagesWithText,
  messageSchema,
  readConversation,
  readToolChoice,
  readTools,
  systemSchema,
  toolConfigSchema,
} from '../converse-messages.js';
import { createValidationError } from '../errors.js';
import { readReasoningRequest } from '../read-reasoning-request.js';
import { validateBody } from '../validate-body.js';
import { type NativeChunk, resolveChunkBody, type TextFamily } from './text-family.js';

/**
 * Nova's native body. Bedrock validates it against a JSON schema that refuses unknown top-level keys: Converse's
 * extra fields reach it merged into the body, and an unknown one comes back as `#: extraneous key [...]`
 * (BerriAI/litellm#9128; bedrock-validation.md §6). `reasoningConfig` is Nova 2's (nova2 core-inference.html).
 */
const bodySchema = z.strictObject({
  schemaVersion: z.literal('messages-v1').optional(),
  system: systemSchema.optional(),
  messages: z.array(messageSchema).min(1),
  inferenceConfig: z
    .looseObject({
      maxTokens: z.int().min(1).optional(),
      max_new_tokens: z.int().min(1).optional(),
      temperature: z.number().min(0).max(1).optional(),
      topP: z.number().min(0).max(1).optional(),
      topK: z.int().min(0).max(128).optional(),
      stopSequences: z.array(z.string()).optional(),
    })
    .optional(),
  toolConfig: toolConfigSchema.optional(),
  reasoningConfig: z
    .looseObject({
      type: z.enum(['enabled', 'disabled']),
      maxReasoningEffort: z.enum(['low', 'medium', 'high']).optional(),
    })
    .optional(),
});

/**
 * Amazon Nova (`amazon.nova*`): Converse-shaped native bodies, so the model sees the same transcript as through
 * Converse, and its stream carries Converse-style events inside `bytes`.
 */
export const nova: TextFamily = {
  defaultMaxTokens: 4096,
  readInvokeBody(body, model) {
    const request = validateBody(bodySchema, body, 'schema');
    if (request.reasoningConfig && model.definition.capabilities.reasoning !== 'nova-reasoning-config') {
      throw createValidationError(describeExtraneousKey('#', 'reasoningConfig'));
    }
    checkConversation(request.messages, request.toolConfig);
    const config = request.inferenceConfig;
    const maxTokens = config?.maxTokens ?? config?.max_new_tokens;
    // The native cap is worded as on Converse: Nova's body is Converse-shaped (UNCONFIRMED for InvokeModel).
    if (maxTokens !== undefined && maxTokens > model.definition.maxOutputTokens) {
      throw createValidationError(describeMaxTokensExceeded(model.definition.maxOutputTokens));
    }
    checkCachePoints(model.definition, request, 'invoke');
    // Media meet the same rules as through Converse, worded bare (UNCONFIRMED for InvokeModel).
    const media = listConverseMediaBlocks(request.messages);
    const mediaProblem =
      findBedrockMediaProblem(model.definition, media, listMessagesWithText(request.messages)) ??
      findModelMediaProblem(model.definition, media, 'invoke');
    if (mediaProblem) throw createValidationError(mediaProblem);
    const reasoning = readReasoningRequest(model.definition, {
      ...(request.reasoningConfig ? { reasoningConfig: request.reasoningConfig } : {}),
    });
    return {
      ...readConversation(request.system, request.messages, request.toolConfig),
      maxTokens,
      stopSequences: config?.stopSequences ?? [],
      tools: readTools(request.toolConfig),
      toolChoice: readToolChoice(request.toolConfig),
      ...(reasoning ? { reasoning } : {}),
    };
  },
  buildInvokeResponse(reply) {
    const usage = buildConverseUsage(reply);
    // Nova's native usage names its cache counts `...TokenCount` (other-models.md §3).
    const {
      cacheReadInputTokens: _read,
      cacheWriteInputTokens: _write,
      cacheDetails: _details,
      ...counts
    } = usage;
    return {
      output: { message: { role: 'assistant', content: buildConverseContent(reply) } },
      stopReason: reply.stopReason,
      usage: {
        ...counts,
        cacheReadInputTokenCount: reply.cache?.readTokens ?? 0,
        cacheWriteInputTokenCount: reply.cache?.writeTokens ?? 0,
      },
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
