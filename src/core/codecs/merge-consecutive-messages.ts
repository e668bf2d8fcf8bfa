import type { Message, Role } from '../generate-request.js';

/**
 * Merges runs of turns with the same role into one turn, keeping order.
 * Bedrock's chat formats need strict user/assistant alternation, while OpenAI clients often send two user
 * messages in a row (for instance a tool result followed by a text message).
 */
export function mergeConsecutiveTurns<Turn extends { role: Role }>(
  turns: readonly Turn[],
  merge: (previous: Turn, next: Turn) => Turn,
): Turn[] {
  const merged: Turn[] = [];
  for (const turn of turns) {
    const previous = merged.at(-1);
    if (previous && previous.role === turn.role) merged[merged.length - 1] = merge(previous, turn);
    else merged.push(turn);
  }
  return merged;
}

/** Merges consecutive same-role messages by concatenating their content parts. */
export function mergeConsecutiveMessages(messages: readonly Message[]): Message[] {
  return mergeConsecutiveTurns(messages, (previous, next) => ({
    role: previous.role,
    content: [...previous.content, ...next.content],
  }));
}
