import { describe, expect, it } from 'vitest';
import type { Message } from '../generate-request.js';
import { assistantText, userText } from './__fixtures__/canonical-builders.js';
import { mergeConsecutiveMessages, mergeConsecutiveTurns } from './merge-consecutive-messages.js';

describe('mergeConsecutiveMessages', () => {
  it('joins the content of consecutive same-role messages in order', () => {
    // Prepare
    const toolResult: Message = {
      role: 'user',
      content: [{ type: 'tool-result', toolCallId: 'call_1', content: '42' }],
    };

    // Act
    const merged = mergeConsecutiveMessages([userText('a'), assistantText('b'), toolResult, userText('c')]);

    // Assess
    expect(merged).toEqual([
      userText('a'),
      assistantText('b'),
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', content: '42' },
          { type: 'text', text: 'c' },
        ],
      },
    ]);
  });

  it('leaves an alternating conversation as it is, without mutating the input', () => {
    // Prepare
    const messages = [userText('a'), assistantText('b'), userText('c')];
    const snapshot = structuredClone(messages);

    // Act
    const merged = mergeConsecutiveMessages(messages);

    // Assess
    expect(merged).toEqual(snapshot);
    expect(messages).toEqual(snapshot);
  });
});

describe('mergeConsecutiveTurns', () => {
  it('merges runs of three or more with the given merge function', () => {
    // Act
    const merged = mergeConsecutiveTurns(
      [
        { role: 'user' as const, text: 'a' },
        { role: 'user' as const, text: 'b' },
        { role: 'user' as const, text: 'c' },
        { role: 'assistant' as const, text: 'd' },
      ],
      (previous, next) => ({ role: previous.role, text: `${previous.text}+${next.text}` }),
    );

    // Assess
    expect(merged).toEqual([
      { role: 'user', text: 'a+b+c' },
      { role: 'assistant', text: 'd' },
    ]);
  });
});
