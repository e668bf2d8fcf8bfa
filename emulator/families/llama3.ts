import { z } from 'zod';
import { describeExtraneousKey } from '../bedrock-messages.js';
import { readMediaItem } from '../check-media-blocks.js';
import { createValidationError } from '../errors.js';
import type { StopReason } from '../reply.js';
import { validateBody } from '../validate-body.js';
import { checkNativeMaxTokens } from './check-native-max-tokens.js';
import { planTextChunks } from './plan-text-chunks.js';
import type { NativeChunk, TextFamily } from './text-family.js';

/**
 * Llama's body (model-parameters-meta.html). Bedrock refuses unknown keys (`#: extraneous key [max_gen_length]
 * is not permitted`, code id 4433367758). "Llama 3.2 and later add `images`: list of strings (base64)".
 */
const bodySchema = z.strictObject({
  prompt: z.string(),
  max_gen_len: z.int().min(1).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  images: z.array(z.base64()).optional(),
});

/** Llama has no stop sequences of its own, so only `stop` and `length` occur. */
const STOP_REASONS: Record<StopReason, string> = {
  end_turn: 'stop',
  max_tokens: 'length',
  stop_sequence: 'stop',
  tool_use: 'stop',
  guardrail_intervened: 'stop',
};

/**
 * Meta Llama 3 and 4 (`meta.llama3*`, `meta.llama4*`): `prompt` is the raw text, chat template tokens included;
 * Llama 4 also reads `images`, which the model only names.
 */
export const llama3: TextFamily = {
  defaultMaxTokens: 512,
  readInvokeBody(body, model) {
    const request = validateBody(bodySchema, body, 'schema');
    if (request.images !== undefined && !model.definition.capabilities.vision) {
      throw createValidationError(describeExtraneousKey('#', 'images'));
    }
    checkNativeMaxTokens(request.max_gen_len, model, '#/max_gen_len');
    // The images are not in the prompt text, but they are input tokens like Converse's.
    const media = (request.images ?? []).map((data, blockIndex) =>
      readMediaItem({
        kind: 'image',
        messageIndex: 0,
        blockIndex,
        role: 'user',
        bytes: Buffer.from(data, 'base64'),
      }),
    );
    return {
      prompt: request.prompt,
      maxTokens: request.max_gen_len,
      stopSequences: [],
      tools: [],
      ...(media.length === 0 ? {} : { media }),
    };
  },
  buildInvokeResponse(reply) {
    return {
      generation: reply.text,
      prompt_token_count: reply.inputTokens,
      generation_token_count: reply.outputTokens,
      stop_reason: STOP_REASONS[reply.stopReason],
    };
  },
  buildStreamChunks(reply) {
    const chunks: NativeChunk[] = planTextChunks(reply).map((chunk) => ({
      phase: 'content',
      body: {
        generation: chunk.text,
        prompt_token_count: chunk.index === 0 ? reply.inputTokens : null,
        generation_token_count: chunk.outputTokensSoFar,
        stop_reason: null,
      },
    }));
    chunks.push({
      phase: 'tail',
      body: {
        generation: '',
        prompt_token_count: chunks.length === 0 ? reply.inputTokens : null,
        generation_token_count: reply.outputTokens,
        stop_reason: STOP_REASONS[reply.stopReason],
      },
    });
    return chunks;
  },
};
