import { z } from 'zod';
import type { StopReason } from '../reply.js';
import { validateBody } from '../validate-body.js';
import { checkNativeMaxTokens } from './check-native-max-tokens.js';
import { planTextChunks } from './plan-text-chunks.js';
import type { NativeChunk, TextFamily } from './text-family.js';

/** Titan validates against a strict JSON schema: unknown keys are refused. */
const bodySchema = z.strictObject({
  inputText: z.string(),
  textGenerationConfig: z
    .strictObject({
      temperature: z.number().min(0).max(1).optional(),
      topP: z.number().min(0).max(1).optional(),
      maxTokenCount: z.int().min(0).optional(),
      stopSequences: z.array(z.string()).optional(),
    })
    .optional(),
});

const COMPLETION_REASONS: Record<StopReason, string> = {
  end_turn: 'FINISH',
  max_tokens: 'LENGTH',
  stop_sequence: 'STOP_CRITERIA_MET',
  tool_use: 'FINISH',
};

/** Amazon Titan Text (`amazon.titan-text-*`): `inputText` is the whole prompt. */
export const titanText: TextFamily = {
  defaultMaxTokens: 512,
  readInvokeBody(body, model) {
    const request = validateBody(bodySchema, body, 'schema');
    const config = request.textGenerationConfig;
    checkNativeMaxTokens(config?.maxTokenCount, model, '#/textGenerationConfig/maxTokenCount');
    return {
      prompt: request.inputText,
      maxTokens: config?.maxTokenCount,
      stopSequences: config?.stopSequences ?? [],
      tools: [],
    };
  },
  buildInvokeResponse(reply) {
    return {
      inputTextTokenCount: reply.inputTokens,
      results: [
        {
          tokenCount: reply.outputTokens,
          outputText: reply.text,
          completionReason: COMPLETION_REASONS[reply.stopReason],
        },
      ],
    };
  },
  buildStreamChunks(reply) {
    const chunks: NativeChunk[] = planTextChunks(reply).map((chunk) => ({
      phase: 'content',
      body: {
        outputText: chunk.text,
        index: 0,
        totalOutputTextTokenCount: chunk.outputTokensSoFar,
        completionReason: null,
        inputTextTokenCount: chunk.index === 0 ? reply.inputTokens : null,
      },
    }));
    chunks.push({
      phase: 'tail',
      body: {
        outputText: '',
        index: 0,
        totalOutputTextTokenCount: reply.outputTokens,
        completionReason: COMPLETION_REASONS[reply.stopReason],
        inputTextTokenCount: chunks.length === 0 ? reply.inputTokens : null,
      },
    });
    return chunks;
  },
};
