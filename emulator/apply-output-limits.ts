import type { StopReason } from './reply.js';
import {
  joinPieces,
  sumTokens,
  type Tokenizer,
  type TokenPiece,
  takeTokens,
} from './tokenizers/tokenizer.js';

/** A reply text after max tokens and stop sequences have been honoured. */
export interface LimitedText {
  text: string;
  /** The text's tokens; they never add up to more than the max tokens. */
  pieces: TokenPiece[];
  stopReason: Extract<StopReason, 'end_turn' | 'max_tokens' | 'stop_sequence'>;
  stopSequence?: string;
}

/**
 * Ends a text where a model would have stopped: at the earliest stop sequence (cut before it), or at
 * `maxTokens`, whichever comes first in the text. `pieces` are the text's tokens, as the model wrote them.
 */
export function applyOutputLimits(
  pieces: readonly TokenPiece[],
  maxTokens: number,
  stopSequences: readonly string[],
  tokenizer: Tokenizer,
): LimitedText {
  const text = joinPieces(pieces);
  const stop = findEarliestStopSequence(text, stopSequences);
  const candidate = stop ? tokenizer.splitIntoPieces(text.slice(0, stop.index)) : [...pieces];
  if (sumTokens(candidate) > maxTokens) {
    const kept = takeTokens(candidate, maxTokens);
    return { text: joinPieces(kept), pieces: kept, stopReason: 'max_tokens' };
  }
  if (stop) {
    return {
      text: joinPieces(candidate),
      pieces: candidate,
      stopReason: 'stop_sequence',
      stopSequence: stop.sequence,
    };
  }
  return { text, pieces: candidate, stopReason: 'end_turn' };
}

function findEarliestStopSequence(
  text: string,
  stopSequences: readonly string[],
): { index: number; sequence: string } | undefined {
  let earliest: { index: number; sequence: string } | undefined;
  for (const sequence of stopSequences) {
    if (sequence === '') continue;
    const index = text.indexOf(sequence);
    if (index >= 0 && (earliest === undefined || index < earliest.index)) earliest = { index, sequence };
  }
  return earliest;
}
