import { z } from 'zod';
import { describeMaxTokensExceeded } from '../bedrock-messages.js';
import { createValidationError } from '../errors.js';
import { readReasoningRequest } from '../read-reasoning-request.js';
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
  readStopSequences,
} from './chat-completions.js';
import { planReasoningChunks, planTextChunks } from './plan-text-chunks.js';
import type { NativeChunk, ReplyContext, TextFamily } from './text-family.js';

/**
 * OpenAI's chat-completion request, as gpt-oss takes it on InvokeModel (model-parameters-openai.html): `model` may
 * be omitted, `stream` is decided by the operation. OpenAI's body has many optional members, so unknown ones are
 * ignored; Bedrock's wording for a refused one is UNCONFIRMED.
 */
const bodySchema = z.looseObject({
  messages: z.array(chatMessageSchema).min(1),
  max_completion_tokens: z.int().min(1).optional(),
  max_tokens: z.int().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  stop: z.union([z.string(), z.array(z.string())]).optional(),
  tools: z.array(chatToolSchema).optional(),
  tool_choice: chatToolChoiceSchema.optional(),
  reasoning_effort: z.enum(['low', 'medium', 'high']).optional(),
  response_format: z
    .union([
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({ type: z.literal('json_object') }),
      z.looseObject({
        type: z.literal('json_schema'),
        json_schema: z.looseObject({
          name: z.string(),
          schema: z.unknown().optional(),
          strict: z.boolean().optional(),
        }),
      }),
    ])
    .optional(),
});

type Body = z.output<typeof bodySchema>;

/**
 * `response_format` ("with open-weight models use `response_format`", structured-output.html). `json_object` asks
 * for any JSON object: the emulator answers `{"answer": "..."}`.
 */
function readOutputSchema(format: Body['response_format']): unknown {
  if (format?.type === 'json_schema') return format.json_schema.schema ?? { type: 'object' };
  if (format?.type === 'json_object') {
    return { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
  }
  return undefined;
}

/**
 * gpt-oss's reasoning on InvokeModel: text "wrapped in `<reasoning>…</reasoning>` before the answer"
 * (model-parameters-openai.html, other-models.md §3). Streamed, each chunk of reasoning comes wrapped on its own
 * (browseros-ai/BrowserOS#167 shows `<reasoning>…</reasoning><reasoning>…</reasoning>` in streamed content;
 * UNCONFIRMED for InvokeModelWithResponseStream).
 */
function wrapReasoning(text: string): string {
  return `<reasoning>${text}</reasoning>`;
}

function readReasoningText(reply: Reply): string {
  return reply.reasoning?.kind === 'text' ? wrapReasoning(reply.reasoning.text) : '';
}

function buildCompletionId(context: ReplyContext): string {
  return `chatcmpl-${context.requestId.replaceAll('-', '').slice(0, 24)}`;
}

function buildToolCallId(reply: Reply): string {
  return `call_${reply.toolCall!.id.replace(/^tooluse_/, '')}`;
}

function buildUsage(reply: Reply) {
  return {
    prompt_tokens: reply.inputTokens,
    completion_tokens: reply.outputTokens,
    total_tokens: reply.inputTokens + reply.outputTokens,
  };
}

/**
 * OpenAI chat completions (gpt-oss; DeepSeek V3.2 assumed, UNCONFIRMED): the OpenAI body in, a `chat.completion`
 * object out, and `chat.completion.chunk` objects in streams (Bedrock's stream chunks for gpt-oss are UNCONFIRMED:
 * OpenAI's own chunk shape is used).
 */
export const openaiChat: TextFamily = {
  defaultMaxTokens: 4096,
  readInvokeBody(body, model) {
    const request = validateBody(bodySchema, body, 'schema');
    const maxTokens = request.max_completion_tokens ?? request.max_tokens;
    // Worded as on Converse: Bedrock's wording for this body is UNCONFIRMED.
    if (maxTokens !== undefined && maxTokens > model.definition.maxOutputTokens) {
      throw createValidationError(describeMaxTokensExceeded(model.definition.maxOutputTokens));
    }
    const reasoning = readReasoningRequest(model.definition, {
      ...(request.reasoning_effort ? { reasoningEffort: request.reasoning_effort } : {}),
    });
    const outputSchema = readOutputSchema(request.response_format);
    return {
      ...readChatConversation(request.messages),
      maxTokens,
      stopSequences: readStopSequences(request.stop),
      tools: readChatTools(request.tools),
      toolChoice: readChatToolChoice(request.tool_choice),
      ...(reasoning ? { reasoning } : {}),
      ...(outputSchema === undefined ? {} : { outputSchema }),
    };
  },
  buildInvokeResponse(reply, context) {
    const reasoning = readReasoningText(reply);
    const message = reply.toolCall
      ? {
          role: 'assistant',
          content: reasoning === '' ? null : reasoning,
          tool_calls: [buildChatToolCall(reply, buildToolCallId(reply))],
        }
      : { role: 'assistant', content: `${reasoning}${reply.text}` };
    return {
      id: buildCompletionId(context),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: context.modelId,
      choices: [{ index: 0, message, finish_reason: mapChatFinishReason(reply) }],
      usage: buildUsage(reply),
    };
  },
  buildStreamChunks(reply, context) {
    const envelope = {
      id: buildCompletionId(context),
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: context.modelId,
    };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
      ...envelope,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    const call = reply.toolCall && buildChatToolCall(reply, buildToolCallId(reply));
    const opening = call
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, ...call, function: { ...call.function, arguments: '' } }],
        }
      : { role: 'assistant', content: '' };
    return [
      { phase: 'head', body: chunk(opening, null) },
      ...planReasoningChunks(reply).map(
        (piece): NativeChunk => ({
          phase: 'content',
          body: chunk({ content: wrapReasoning(piece.text) }, null),
        }),
      ),
      ...planTextChunks(reply).map(
        (piece): NativeChunk => ({
          phase: 'content',
          body: chunk(
            call
              ? { tool_calls: [{ index: 0, function: { arguments: piece.text } }] }
              : { content: piece.text },
            null,
          ),
        }),
      ),
      { phase: 'tail', body: { ...chunk({}, mapChatFinishReason(reply)), usage: buildUsage(reply) } },
    ];
  },
};
