import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors.js';
import type { Message } from '../generate-request.js';
import { assistantText, userText } from './__fixtures__/canonical-builders.js';
import { validateConversation } from './validate-conversation.js';

function invalidConversationError(messageFragment: string) {
  return expect.objectContaining({
    name: 'InvalidRequestError',
    code: 'invalid_conversation',
    param: 'messages',
    statusCode: 400,
    message: expect.stringContaining(messageFragment),
  });
}

function catchError(act: () => void): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('validateConversation', () => {
  it('accepts a conversation starting with a user turn', () => {
    expect(() =>
      validateConversation([userText('hi'), assistantText('hello'), userText('bye')]),
    ).not.toThrow();
  });

  it('rejects an empty conversation', () => {
    const error = catchError(() => validateConversation([]));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toEqual(invalidConversationError('empty'));
  });

  it('rejects a conversation that starts with an assistant turn', () => {
    const error = catchError(() => validateConversation([assistantText('hello'), userText('hi')]));
    expect(error).toEqual(invalidConversationError("must start with a user turn, not 'assistant'"));
  });

  it('rejects a tool call in a user turn', () => {
    // Prepare
    const messages: Message[] = [
      { role: 'user', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'f', input: {} }] },
    ];

    // Act
    const error = catchError(() => validateConversation(messages));

    // Assess
    expect(error).toEqual(invalidConversationError('tool calls belong in assistant turns'));
  });

  it('rejects a tool result in an assistant turn', () => {
    // Prepare
    const messages: Message[] = [
      userText('hi'),
      { role: 'assistant', content: [{ type: 'tool-result', toolCallId: 'c1', content: 'x' }] },
    ];

    // Act
    const error = catchError(() => validateConversation(messages));

    // Assess
    expect(error).toEqual(invalidConversationError('tool results belong in user turns'));
  });
});
