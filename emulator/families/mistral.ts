import { z } from 'zod';
import type { StopReason } from '../reply.js';
import { validateBody } from '../validate-body.js';
import { checkNativeMaxTokens } from './check-native-max-tokens.js';
import { planTextChunks } from './plan-text-chunks.js';
import type { NativeChunk, TextFamily } from './text-family.js';

/**
 * Mistral's text-completion body (model-parameters-mistral-text-completion.html). Unknown keys are assumed refused
 * like every other text-completion route's (`#: extraneous key [...]`, code id 61520100575; Mistral's own wording
 * UNCONFIRMED).
 */
const bodySchema = z.strictObject({
  prompt: z.string(),
  max_tokens: z.int().min(1).optional(),
  stop: z.array(z.string()).max(10).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.int().min(0).max(200).optional(),
});

/** Mistral reports a stop sequence as a plain `stop`. */
const STOP_REASONS: Record<StopReason, string> = {
  end_turn: 'stop',
  max_tokens: 'length',
  stop_sequence: 'stop',
  tool_use: 'stop',
  guardrail_intervened: 'stop',
};

/** Mistral text completion (Mistral 7B, Mixtral 8x7B): `prompt` is the raw `<s>[INST] ... [/INST]` text. */
export const mistral: TextFamily = {
  defaultMaxTokens: 512,
  readInvokeBody(body, model) {
    const request = validateBody(bodySchema, body, 'schema');
    checkNativeMaxTokens(request.max_tokens, model, '#/max_tokens');
    return {
      prompt: request.prompt,
      maxTokens: request.max_tokens,
      stopSequences: request.stop ?? [],
      tools: [],
    };
  },
  buildInvokeResponse(reply) {
    return { outputs: [{ text: reply.text, stop_reason: STOP_REASONS[reply.stopReason] }] };
  },
  buildStreamChunks(reply) {
    const chunks: NativeChunk[] = planTextChunks(reply).map((chunk) => ({
      phase: 'content',
      body: { outputs: [{ text: chunk.text, stop_reason: null }] },
    }));
    chunks.push({
      phase: 'tail',
      body: { outputs: [{ text: '', stop_reason: STOP_REASONS[reply.stopReason] }] },
    });
    return chunks;
  },
};
