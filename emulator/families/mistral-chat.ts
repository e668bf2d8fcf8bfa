import { z } from 'zod';
import type { Reply } from '../reply.js';
import { validateBody } from '../validate-body.js';
import {
  buildChatToolCall,
  chatMessageSchema,
  chatToolChoiceSchema,
  chatToolSchema,
  mapChatFinishReason,
  readChatConversation,
  readChatToolChoice,
  readChatTools,
} from './chat-completions.js';
import { checkNativeMaxTokens } from './check-native-max-tokens.js';
import { planTextChunks } from './plan-text-chunks.js';
import type { NativeChunk, TextFamily } from './text-family.js';

/**
 * Mistral's chat-completion body (model-parameters-mistral-chat-completion.html, written for Mistral Large 24.02
 * and Large 2): messages, function tools, `tool_choice` `auto | any | none`, `max_tokens`, `top_p`, `temperature`.
 * That Mistral Large 3 and Pixtral Large take the same body on InvokeModel is UNCONFIRMED (other-models.md §4).
 * Unknown keys are refused like the other JSON-schema families' (Mistral's own wording UNCONFIRMED).
 */
const bodySchema = z.strictObject({
  messages: z.array(chatMessageSchema).min(1),
  tools: z.array(chatToolSchema).optional(),
  tool_choice: chatToolChoiceSchema.optional(),
  max_tokens: z.int().min(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  temperature: z.number().min(0).max(1).optional(),
});

/** Mistral's Converse route requires 9-character alphanumeric tool-call ids (vercel/ai normalize-tool-call-id.ts). */
function buildToolCallId(reply: Reply): string {
  return reply.toolCall!.id.replace(/[^a-zA-Z0-9]/g, '').slice(-9);
}

/**
 * Mistral chat (Mistral Large 3, Pixtral Large): `choices[{index, message, finish_reason}]` out. Stream chunks
 * carry the same `choices` with `message` and `stop_reason` (UNCONFIRMED: no capture of Bedrock's Mistral chat
 * stream was found).
 */
export const mistralChat: TextFamily = {
  defaultMaxTokens: 4096,
  readInvokeBody(body, model) {
    const request = validateBody(bodySchema, body, 'schema');
    checkNativeMaxTokens(request.max_tokens, model, '#/max_tokens');
    return {
      ...readChatConversation(request.messages),
      maxTokens: request.max_tokens,
      stopSequences: [],
      tools: readChatTools(request.tools),
      toolChoice: readChatToolChoice(request.tool_choice),
    };
  },
  buildInvokeResponse(reply) {
    const message = reply.toolCall
      ? { role: 'assistant', content: '', tool_calls: [buildChatToolCall(reply, buildToolCallId(reply))] }
      : { role: 'assistant', content: reply.text };
    return { choices: [{ index: 0, message, finish_reason: mapChatFinishReason(reply) }] };
  },
  buildStreamChunks(reply) {
    const chunk = (message: Record<string, unknown>, stopReason: string | null) => ({
      choices: [{ index: 0, message: { role: 'assistant', ...message }, stop_reason: stopReason }],
    });
    const call = reply.toolCall && buildChatToolCall(reply, buildToolCallId(reply));
    const chunks: NativeChunk[] = planTextChunks(reply).map((piece) => ({
      phase: 'content',
      body: call
        ? chunk(
            { content: '', tool_calls: [{ ...call, function: { ...call.function, arguments: piece.text } }] },
            null,
          )
        : chunk({ content: piece.text }, null),
    }));
    chunks.push({ phase: 'tail', body: chunk({ content: '' }, mapChatFinishReason(reply)) });
    return chunks;
  },
};
