import { type Reply, splitReplyIntoChunks } from '../reply.js';
import { countTokens } from '../tokenize.js';

/** A content chunk of a streamed reply, with the running output token count some families report. */
export interface TextChunk {
  text: string;
  index: number;
  outputTokensSoFar: number;
}

/** Splits a reply into its content chunks (see splitReplyIntoChunks) with running token counts. */
export function planTextChunks(reply: Reply): TextChunk[] {
  let soFar = '';
  return splitReplyIntoChunks(reply).map((text, index) => {
    soFar += text;
    return { text, index, outputTokensSoFar: countTokens(soFar) };
  });
}
