import type { FamilyName } from '../catalogue/foundation-model.js';
import { createClaudeLikeTokenizer } from './claude-like-tokenizer.js';
import { createLlama3Tokenizer } from './llama3-tokenizer.js';
import { createMistralTokenizer } from './mistral-tokenizer.js';
import { createO200kTokenizer } from './o200k-tokenizer.js';
import type { Tokenizer } from './tokenizer.js';

/** The tokenizers the emulator has; see the README for which count exactly and which stand in for another. */
export type TokenizerName = 'claude-2' | 'llama-3' | 'mistral-v1' | 'o200k_base';

/** Each family's tokenizer: its own where npm has it, else the closest public one. */
export const TOKENIZER_BY_FAMILY: Readonly<Record<FamilyName, TokenizerName>> = {
  anthropic: 'claude-2',
  llama3: 'llama-3',
  mistral: 'mistral-v1',
  // Mistral Large 3 and Pixtral use newer Mistral vocabularies; v1 stands in.
  'mistral-chat': 'mistral-v1',
  nova: 'o200k_base',
  // gpt-oss's own vocabulary is o200k (o200k_harmony adds its chat tokens); DeepSeek's is stood in for.
  'openai-chat': 'o200k_base',
  'deepseek-r1': 'o200k_base',
  'titan-embed': 'o200k_base',
  'cohere-embed': 'o200k_base',
};

const CREATORS: Readonly<Record<TokenizerName, () => Promise<Tokenizer>>> = {
  'claude-2': createClaudeLikeTokenizer,
  'llama-3': createLlama3Tokenizer,
  'mistral-v1': createMistralTokenizer,
  o200k_base: createO200kTokenizer,
};

/** Loaded on first use (each takes 0.1-0.5 s and a few MB), then shared by every emulator in the process. */
const loaded = new Map<TokenizerName, Promise<Tokenizer>>();

/** The tokenizer by name, loaded once. */
export function loadTokenizer(name: TokenizerName): Promise<Tokenizer> {
  let tokenizer = loaded.get(name);
  if (!tokenizer) {
    tokenizer = CREATORS[name]();
    loaded.set(name, tokenizer);
    // A failed load is not cached, so the next call tries again.
    tokenizer.catch(() => loaded.delete(name));
  }
  return tokenizer;
}

/** A model family's tokenizer, loaded once. */
export function loadFamilyTokenizer(family: FamilyName): Promise<Tokenizer> {
  return loadTokenizer(TOKENIZER_BY_FAMILY[family]);
}
