import { describe, expect, it } from 'vitest';
import { loadTokenizer, type TokenizerName } from './load-tokenizer.js';
import { cutIntoPieces, joinPieces, sumTokens, takeTokens } from './tokenizer.js';

const TOKENIZER_NAMES: readonly TokenizerName[] = ['claude-2', 'llama-3', 'mistral-v1', 'o200k_base'];

/** Texts whose tokens split characters, cross scripts or spell out template tokens. */
const TRICKY_TEXTS = [
  'Hello, world!',
  '  indented\n\n\tcode();  ',
  '今日は東京へ行きます。안녕하세요! 我们走吧。',
  '👨‍👩‍👧‍👦 🇰🇷 👍🏽 1️⃣',
  '𠀋𠀌 rare ideographs',
  'e\u0301\u0302\u0303 z\u0336a\u0337l\u0338g\u0339o',
  '<s>[INST] Hi [/INST]</s><|eot_id|><EOT>',
  'ﷺ ㍿ ﬁ',
  '',
];

describe('the emulator tokenizers', () => {
  // Fixtures from each package's own test suite, which checks them against the reference implementation.
  it.each([
    ['claude-2', 'hello world!', 3],
    ['claude-2', '™', 1],
    ['claude-2', '<EOT>', 1],
    ['llama-3', 'grabbed', 2],
    ['llama-3', ' grabbed', 1],
    ['llama-3', '🦙', 3],
    ['llama-3', '<|start_header_id|>user<|end_header_id|>', 3],
    ['mistral-v1', 'grabbed', 1],
    ['mistral-v1', '🦙', 5],
    ['mistral-v1', '<s>[INST] Hello [/INST]', 9],
    ['o200k_base', 'hello world', 2],
  ] as const)('%s counts %j as %i tokens', async (name, text, expected) => {
    // Prepare
    const tokenizer = await loadTokenizer(name);

    // Act
    const count = tokenizer.countTokens(text);

    // Assess
    expect(count).toBe(expected);
  });

  it.each(TOKENIZER_NAMES)('%s splits any text into pieces that join back to it', async (name) => {
    // Prepare
    const tokenizer = await loadTokenizer(name);

    for (const text of TRICKY_TEXTS) {
      // Act
      const pieces = tokenizer.splitIntoPieces(text);

      // Assess
      expect(joinPieces(pieces)).toBe(text);
      expect(pieces.every((piece) => piece.text !== '' && piece.tokens >= 1)).toBe(true);
    }
  });

  it.each(TOKENIZER_NAMES)('%s splits into as many tokens as it counts, bar normalization', async (name) => {
    // Prepare
    const tokenizer = await loadTokenizer(name);

    for (const text of TRICKY_TEXTS.filter((text) => text === text.normalize('NFKC'))) {
      // Act
      const pieces = tokenizer.splitIntoPieces(text);

      // Assess
      expect(sumTokens(pieces)).toBe(tokenizer.countTokens(text));
    }
  });

  it('counts CJK at about one token per character with the Claude-like tokenizer', async () => {
    // Prepare
    const tokenizer = await loadTokenizer('claude-2');
    const japanese = '今日はいい天気ですね。東京タワーに行きましょう。';

    // Act
    const count = tokenizer.countTokens(japanese);

    // Assess
    expect(count).toBeGreaterThanOrEqual(japanese.length);
  });

  it('counts the NFKC form for Claude, as Anthropic does', async () => {
    // Prepare
    const tokenizer = await loadTokenizer('claude-2');

    // Act
    const ligature = tokenizer.countTokens('\ufdfa');
    const expanded = tokenizer.countTokens('\ufdfa'.normalize('NFKC'));

    // Assess
    expect(ligature).toBe(expanded);
    expect(ligature).toBeGreaterThan(5);
  });

  it('loads each tokenizer once', async () => {
    // Act
    const [first, second] = await Promise.all([loadTokenizer('o200k_base'), loadTokenizer('o200k_base')]);

    // Assess
    expect(second).toBe(first);
  });
});

describe('cutIntoPieces', () => {
  it('keeps the tokens of one split character in one piece', () => {
    // Act: "é" is two bytes, here given as two one-byte tokens.
    const pieces = cutIntoPieces('aé', [1, 1, 1]);

    // Assess
    expect(pieces).toEqual([
      { text: 'a', tokens: 1 },
      { text: 'é', tokens: 2 },
    ]);
  });

  it('joins a token that covers no byte to the next piece', () => {
    // Act
    const pieces = cutIntoPieces('ab', [0, 1, 1]);

    // Assess
    expect(pieces).toEqual([
      { text: 'a', tokens: 2 },
      { text: 'b', tokens: 1 },
    ]);
  });

  it('refuses token lengths that do not cover the text', () => {
    // Act & Assess
    expect(() => cutIntoPieces('abc', [1, 1])).toThrow(/2 bytes of a 3-byte text/);
  });
});

describe('takeTokens', () => {
  it('takes whole pieces up to the token budget', () => {
    // Prepare
    const pieces = [
      { text: 'a', tokens: 1 },
      { text: '🦙', tokens: 3 },
      { text: 'b', tokens: 1 },
    ];

    // Act & Assess
    expect(takeTokens(pieces, 3)).toEqual([{ text: 'a', tokens: 1 }]);
    expect(takeTokens(pieces, 4)).toEqual(pieces.slice(0, 2));
    expect(takeTokens(pieces, 9)).toEqual(pieces);
  });
});
