import { describe, expect, it } from 'vitest';
import { keepUsableReasoning } from './keep-usable-reasoning.js';
import { defineCapabilities, TEXT_CAPABILITIES } from './model-capabilities.js';

const history = {
  maxTokens: 100,
  messages: [
    { role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] },
    {
      role: 'assistant' as const,
      content: [
        { type: 'reasoning' as const, text: 'unsigned' },
        { type: 'reasoning' as const, text: 'signed', signature: 'c2ln' },
        { type: 'redacted-reasoning' as const, data: 'AQID' },
        { type: 'text' as const, text: 'Hello' },
      ],
    },
    { role: 'user' as const, content: [{ type: 'text' as const, text: 'And?' }] },
  ],
};

describe('keepUsableReasoning', () => {
  it('gives Claude only signed and redacted thinking', () => {
    const claude = {
      family: 'anthropic' as const,
      capabilities: defineCapabilities({ reasoning: { mode: 'budget', minBudgetTokens: 1024 } }),
    };
    expect(keepUsableReasoning(history, claude).messages[1]!.content.map((part) => part.type)).toEqual([
      'reasoning',
      'redacted-reasoning',
      'text',
    ]);
  });

  it('gives a model that does not reason no reasoning at all', () => {
    const nova = { family: 'nova' as const, capabilities: TEXT_CAPABILITIES };
    expect(keepUsableReasoning(history, nova).messages[1]!.content).toEqual([
      { type: 'text', text: 'Hello' },
    ]);
  });

  it('returns the request itself when nothing is dropped', () => {
    const plain = { ...history, messages: [history.messages[0]!] };
    expect(keepUsableReasoning(plain, { family: 'nova', capabilities: TEXT_CAPABILITIES })).toBe(plain);
  });
});
