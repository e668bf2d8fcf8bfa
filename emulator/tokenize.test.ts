import { describe, expect, it } from 'vitest';
import { countTokens, splitIntoChunks, splitIntoTokens, takeTokens } from './tokenize.js';

describe('the emulator tokenizer', () => {
  it('counts a word of up to 8 characters as one token and splits longer ones', () => {
    expect(countTokens('a river')).toBe(2);
    expect(countTokens('riverbank')).toBe(2);
    expect(countTokens('anthropic.claude-3')).toBe(3);
    expect(countTokens('  \n ')).toBe(0);
  });

  it('splits text into tokens that join back to the exact text, whitespace included', () => {
    // Prepare
    const text = '  Hello,\n\nwonderful   world  ';

    // Act
    const tokens = splitIntoTokens(text);

    // Assess
    expect(tokens.join('')).toBe(text);
    expect(tokens).toHaveLength(countTokens(text));
  });

  it('takes the first N tokens', () => {
    expect(takeTokens('one two three four', 2)).toBe('one two');
    expect(takeTokens('one two', 5)).toBe('one two');
  });

  it('splits text into chunks of three tokens that join back to the text', () => {
    // Act
    const chunks = splitIntoChunks('a b c d e f g');

    // Assess
    expect(chunks).toEqual(['a b c', ' d e f', ' g']);
  });
});
