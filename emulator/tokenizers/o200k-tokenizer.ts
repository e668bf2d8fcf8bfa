import { createRequire } from 'node:module';
import { createTiktokenTokenizer, type TiktokenVocabulary } from './tiktoken-tokenizer.js';
import type { Tokenizer } from './tokenizer.js';

/**
 * OpenAI's `o200k_base`, the proxy for the families whose tokenizer is not public (Nova, Titan Embeddings,
 * Cohere): a modern 200k-token multilingual BPE, so counts per language are of the right order. gpt-oss uses
 * `o200k_harmony`, the same vocabulary with chat tokens.
 */
export function createO200kTokenizer(): Promise<Tokenizer> {
  const vocabulary = createRequire(import.meta.url)(
    'tiktoken/encoders/o200k_base.json',
  ) as TiktokenVocabulary;
  return createTiktokenTokenizer(vocabulary, { name: 'o200k_base', specialTokensInText: false });
}
