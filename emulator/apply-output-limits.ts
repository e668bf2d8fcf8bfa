import type { StopReason } from './reply.js';
import { countTokens, takeTokens } from './tokenize.js';

/** A reply text after max tokens and stop sequences have been honoured. */
export interface LimitedText {
  text: string;
  stopReason: Extract<StopReason, 'end_turn' | 'max_tokens' | 'stop_sequence'>;
  stopSequence?: string;
}

/**
 * Ends a text where a model would have stopped: at the earliest stop sequence (cut before it), or at
 * `maxTokens`, whichever comes first in the text.
 */
export function applyOutputLimits(
  text: string,
  maxTokens: number,
  stopSequences: readonly string[],
): LimitedText {
  const stop = findEarliestStopSequence(text, stopSequences);
  const candidate = stop ? text.slice(0, stop.index) : text;
  if (countTokens(candidate) > maxTokens)
    return { text: takeTokens(candidate, maxTokens), stopReason: 'max_tokens' };
  if (stop) return { text: candidate, stopReason: 'stop_sequence', stopSequence: stop.sequence };
  return { text, stopReason: 'end_turn' };
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
