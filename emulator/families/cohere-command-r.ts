import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { formatTranscript } from '../format-transcript.js';
import type { Reply, StopReason } from '../reply.js';
import { validateBody } from '../validate-body.js';
import { planTextChunks } from './plan-text-chunks.js';
import type { NativeChunk, ReplyContext, TextFamily } from './text-family.js';

const chatTurnSchema = z.looseObject({ role: z.enum(['USER', 'CHATBOT', 'SYSTEM']), message: z.string() });

const bodySchema = z.looseObject({
  message: z.string(),
  chat_history: z.array(chatTurnSchema).optional(),
  preamble: z.string().optional(),
  max_tokens: z.int().min(1).optional(),
  temperature: z.number().min(0).max(1).optional(),
  p: z.number().min(0).max(1).optional(),
  k: z.int().min(0).max(500).optional(),
  stop_sequences: z.array(z.string()).max(4).optional(),
});

const FINISH_REASONS: Record<StopReason, string> = {
  end_turn: 'COMPLETE',
  max_tokens: 'MAX_TOKENS',
  stop_sequence: 'STOP_SEQUENCE',
  tool_use: 'COMPLETE',
};

function buildResponse(reply: Reply, context: ReplyContext) {
  // The body was validated on the way in; Cohere echoes the history back with this exchange appended.
  const request = bodySchema.parse(context.requestBody);
  return {
    response_id: context.requestId,
    text: reply.text,
    generation_id: randomUUID(),
    chat_history: [
      ...(request.chat_history ?? []),
      { role: 'USER', message: request.message },
      { role: 'CHATBOT', message: reply.text },
    ],
    finish_reason: FINISH_REASONS[reply.stopReason],
  };
}

/**
 * Cohere Command R (`cohere.command-r*`): the model sees the preamble, the history and the message as a
 * transcript (`system:`, `user:`, `chatbot:` lines).
 */
export const cohereCommandR: TextFamily = {
  defaultMaxTokens: 4096,
  readInvokeBody(body) {
    const request = validateBody(bodySchema, body, 'schema');
    const history = request.chat_history ?? [];
    const turns = [
      ...(request.preamble === undefined ? [] : [{ role: 'system', text: request.preamble }]),
      ...history.map((turn) => ({ role: turn.role.toLowerCase(), text: turn.message })),
      { role: 'user', text: request.message },
    ];
    return {
      prompt: formatTranscript(turns),
      maxTokens: request.max_tokens,
      stopSequences: request.stop_sequences ?? [],
      tools: [],
    };
  },
  buildInvokeResponse: buildResponse,
  buildStreamChunks(reply, context) {
    const chunks: NativeChunk[] = [
      {
        phase: 'head',
        body: { is_finished: false, event_type: 'stream-start', generation_id: randomUUID() },
      },
      ...planTextChunks(reply).map(
        (chunk): NativeChunk => ({
          phase: 'content',
          body: { is_finished: false, event_type: 'text-generation', text: chunk.text },
        }),
      ),
    ];
    chunks.push({
      phase: 'tail',
      body: {
        is_finished: true,
        event_type: 'stream-end',
        finish_reason: FINISH_REASONS[reply.stopReason],
        response: buildResponse(reply, context),
      },
    });
    return chunks;
  },
};
