import type { Reply } from '../reply.js';
import type { TokenPiece } from '../tokenizers/tokenizer.js';

/** How many tokens each stream chunk carries: small enough that even short replies stream in several chunks. */
export const TOKENS_PER_CHUNK = 3;

/** A content chunk of a streamed reply, with the running output token count some families report. */
export interface TextChunk {
  text: string;
  index: number;
  outputTokensSoFar: number;
}

/**
 * Splits a reply's content (its text, or its tool input as JSON) into stream chunks of TOKENS_PER_CHUNK
 * tokens, the last one shorter. The running counts come from the reply's own tokens, so the last chunk's
 * count is the reply's output tokens.
 */
export function planTextChunks(reply: Reply): TextChunk[] {
  return planPieceChunks(reply.pieces, reply.reasoning?.tokens ?? 0);
}

/** The reasoning text of a reply in stream chunks, the same way; none when it has no text to show. */
export function planReasoningChunks(reply: Reply): TextChunk[] {
  const reasoning = reply.reasoning;
  if (reasoning?.kind !== 'text' || reasoning.text === '') return [];
  return planPieceChunks(reasoning.pieces, 0);
}

/** Chunks of TOKENS_PER_CHUNK tokens, counting on from `tokensBefore`. */
function planPieceChunks(pieces: readonly TokenPiece[], tokensBefore: number): TextChunk[] {
  const chunks: TextChunk[] = [];
  let text = '';
  let tokens = 0;
  let outputTokensSoFar = tokensBefore;
  const flush = () => {
    outputTokensSoFar += tokens;
    chunks.push({ text, index: chunks.length, outputTokensSoFar });
    text = '';
    tokens = 0;
  };
  for (const piece of pieces) {
    text += piece.text;
    tokens += piece.tokens;
    if (tokens >= TOKENS_PER_CHUNK) flush();
  }
  if (tokens > 0 || text !== '') flush();
  return chunks;
}
