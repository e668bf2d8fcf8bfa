import { z } from 'zod';
import { readReasoningRequest } from '../read-reasoning-request.js';
import type { Reply, StopReason } from '../reply.js';
import { validateBody } from '../validate-body.js';
import { checkNativeMaxTokens } from './check-native-max-tokens.js';
import { planReasoningChunks, planTextChunks } from './plan-text-chunks.js';
import type { NativeChunk, TextFamily } from './text-family.js';

/**
 * DeepSeek R1's body (model-parameters-deepseek.html): `prompt` with DeepSeek's chat template, `temperature` and
 * `top_p` up to 1, `max_tokens` 1..32,768, at most 10 `stop` strings. Unknown keys are refused like the other
 * text-completion routes' (code id 61520100575; DeepSeek's own wording UNCONFIRMED).
 */
const bodySchema = z.strictObject({
  prompt: z.string(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.int().min(1).optional(),
  stop: z.array(z.string()).max(10).optional(),
});

const STOP_REASONS: Record<StopReason, string> = {
  end_turn: 'stop',
  max_tokens: 'length',
  stop_sequence: 'stop',
  tool_use: 'stop',
  guardrail_intervened: 'stop',
};

/**
 * Where R1's reasoning ends in its text: the chat template opens `<think>`, the model closes it before its answer
 * (LiteLLM reads the text up to `</think>` as reasoning, other-models.md §3). The exact spacing is UNCONFIRMED.
 */
const END_OF_THINKING = '\n</think>\n\n';

/** The whole text R1 writes: its reasoning, the end of thinking, then the answer. */
function composeText(reply: Reply): string {
  return reply.reasoning?.kind === 'text'
    ? `${reply.reasoning.text}${END_OF_THINKING}${reply.text}`
    : reply.text;
}

/**
 * DeepSeek R1 (`deepseek.r1*`): `prompt` in, `choices[{text, stop_reason}]` out; it reasons on every request, and
 * the reasoning comes first in the text. Stream chunks carry the same `choices`, the last with the stop reason: the
 * docs and LiteLLM's Llama-style parser disagree, so the stream shape is UNCONFIRMED (other-models.md §4).
 */
export const deepseekR1: TextFamily = {
  defaultMaxTokens: 4096,
  readInvokeBody(body, model) {
    const request = validateBody(bodySchema, body, 'schema');
    checkNativeMaxTokens(request.max_tokens, model, '#/max_tokens');
    const reasoning = readReasoningRequest(model.definition, {});
    return {
      prompt: request.prompt,
      maxTokens: request.max_tokens,
      stopSequences: request.stop ?? [],
      tools: [],
      ...(reasoning ? { reasoning } : {}),
    };
  },
  buildInvokeResponse(reply) {
    return { choices: [{ text: composeText(reply), stop_reason: STOP_REASONS[reply.stopReason] }] };
  },
  buildStreamChunks(reply) {
    const texts = [
      ...planReasoningChunks(reply).map((chunk) => chunk.text),
      ...(reply.reasoning?.kind === 'text' ? [END_OF_THINKING] : []),
      ...planTextChunks(reply).map((chunk) => chunk.text),
    ];
    const chunks: NativeChunk[] = texts.map((text) => ({
      phase: 'content',
      body: { choices: [{ text, stop_reason: null }] },
    }));
    chunks.push({
      phase: 'tail',
      body: { choices: [{ text: '', stop_reason: STOP_REASONS[reply.stopReason] }] },
    });
    return chunks;
  },
};
