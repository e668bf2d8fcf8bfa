import type { Tiktoken } from 'tiktoken/lite';
import { cutIntoPieces, type Tokenizer } from './tokenizer.js';

/** A tiktoken vocabulary: the `{bpe_ranks, special_tokens, pat_str}` files tiktoken and Anthropic publish. */
export interface TiktokenVocabulary {
  bpe_ranks: string;
  special_tokens: Record<string, number>;
  pat_str: string;
}

export interface TiktokenTokenizerOptions {
  name: string;
  /**
   * Special-token strings in the text count as one token (Anthropic's tokenizer); otherwise they are plain
   * text, as OpenAI's APIs treat text a user sends.
   */
  specialTokensInText: boolean;
  /** Normalization applied before counting input, as Anthropic's published tokenizer applies NFKC. */
  normalization?: 'NFKC';
}

/** A tokenizer over a tiktoken (WASM) vocabulary, loaded once per process. */
export async function createTiktokenTokenizer(
  vocabulary: TiktokenVocabulary,
  options: TiktokenTokenizerOptions,
): Promise<Tokenizer> {
  const { Tiktoken } = await import('tiktoken/lite');
  // Kept for the life of the process, so never freed.
  const encoding: Tiktoken = new Tiktoken(
    vocabulary.bpe_ranks,
    vocabulary.special_tokens,
    vocabulary.pat_str,
  );
  const encode = options.specialTokensInText
    ? (text: string) => encoding.encode(text, 'all')
    : (text: string) => encoding.encode_ordinary(text);
  const byteLengths = new Map<number, number>();
  const measure = (token: number) => {
    let length = byteLengths.get(token);
    if (length === undefined) {
      length = encoding.decode_single_token_bytes(token).length;
      byteLengths.set(token, length);
    }
    return length;
  };
  const { normalization } = options;
  return {
    name: options.name,
    countTokens: (text) => encode(normalization ? text.normalize(normalization) : text).length,
    // Output is never normalized: a model writes the characters it writes.
    splitIntoPieces: (text) => cutIntoPieces(text, Array.from(encode(text), measure)),
  };
}
