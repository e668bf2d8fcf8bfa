import { createRequire } from 'node:module';
import { createTiktokenTokenizer, type TiktokenVocabulary } from './tiktoken-tokenizer.js';
import type { Tokenizer } from './tokenizer.js';

/**
 * The Claude-like tokenizer: the vocabulary Anthropic published in `@anthropic-ai/tokenizer` (Claude 2 era),
 * with its NFKC normalization and its special tokens, counted exactly as that package's `countTokens` does.
 * Anthropic publishes no tokenizer for Claude 3 and later, so the counts are approximate for today's models,
 * but they keep the property that matters for limits: CJK, Thai and Indic text cost about one token or more
 * per character, as they do on Bedrock.
 */
export function createClaudeLikeTokenizer(): Promise<Tokenizer> {
  const vocabulary = createRequire(import.meta.url)(
    '@anthropic-ai/tokenizer/claude.json',
  ) as TiktokenVocabulary;
  return createTiktokenTokenizer(vocabulary, {
    name: 'claude-2',
    specialTokensInText: true,
    normalization: 'NFKC',
  });
}
