import { type Message, type Role, textOf } from '../generate-request.js';
import { mergeConsecutiveTurns } from './merge-consecutive-messages.js';
import { validateConversation } from './validate-conversation.js';

/** One turn of a text-only conversation, as prompt templates need it. */
export interface TextTurn {
  role: Role;
  text: string;
}

/**
 * Flattens a validated conversation into alternating text turns for the families whose native body is a prompt
 * template or a text chat (Titan, Llama 3, Mistral, Cohere). Consecutive same-role messages are joined with a
 * blank line, so their texts stay apart. Tool parts must have been rejected before (`checkSupported`).
 */
export function convertToTextTurns(messages: readonly Message[]): TextTurn[] {
  validateConversation(messages);
  const turns = messages.map((message) => ({ role: message.role, text: textOf(message.content) }));
  return mergeConsecutiveTurns(turns, (previous, next) => ({
    role: previous.role,
    text: `${previous.text}\n\n${next.text}`,
  }));
}
