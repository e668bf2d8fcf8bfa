import { InvalidRequestError } from '../errors.js';
import type { Message } from '../generate-request.js';

function invalidConversation(message: string): InvalidRequestError {
  return new InvalidRequestError('invalid_conversation', message, { param: 'messages' });
}

/**
 * Checks the conversation rules every Bedrock chat format shares: at least one message, a user turn first,
 * tool calls only in assistant turns and tool results only in user turns.
 * Throws InvalidRequestError (`invalid_conversation`, param `messages`) naming the broken rule.
 */
export function validateConversation(messages: readonly Message[]): void {
  const first = messages[0];
  if (!first) throw invalidConversation('The conversation is empty: send at least one user message.');
  if (first.role !== 'user') {
    throw invalidConversation(`The conversation must start with a user turn, not '${first.role}'.`);
  }
  for (const message of messages) {
    for (const part of message.content) {
      if (part.type === 'tool-call' && message.role !== 'assistant') {
        throw invalidConversation(
          `A ${message.role} turn holds a tool call: tool calls belong in assistant turns.`,
        );
      }
      if (part.type === 'tool-result' && message.role !== 'user') {
        throw invalidConversation(
          `A ${message.role} turn holds a tool result: tool results belong in user turns.`,
        );
      }
      if ((part.type === 'image' || part.type === 'document') && message.role !== 'user') {
        throw invalidConversation(
          `An ${message.role} turn holds a ${part.type}: images and documents belong in user turns.`,
        );
      }
      if ((part.type === 'reasoning' || part.type === 'redacted-reasoning') && message.role !== 'assistant') {
        throw invalidConversation(
          `A ${message.role} turn holds reasoning: reasoning belongs in assistant turns.`,
        );
      }
    }
  }
}
