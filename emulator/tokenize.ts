/**
 * The emulator's tokenizer: a token is a run of at most 8 non-space characters, together with the
 * whitespace before it. Longer words become several tokens. It is not any real model's tokenizer, but it is
 * used everywhere (input counts, output counts, count-tokens, truncation, stream chunks), so all figures agree.
 */
const TOKEN_PATTERN = /\s*\S{1,8}/g;

/** How many tokens each stream chunk carries: small enough that even short replies stream in several chunks. */
export const TOKENS_PER_CHUNK = 3;

/** Splits text into token strings whose concatenation is the original text (trailing whitespace included). */
export function splitIntoTokens(text: string): string[] {
  const tokens = text.match(TOKEN_PATTERN) ?? [];
  const covered = tokens.reduce((length, token) => length + token.length, 0);
  const rest = text.slice(covered);
  if (rest === '') return tokens;
  if (tokens.length === 0) return [rest];
  tokens[tokens.length - 1] += rest;
  return tokens;
}

/** Counts the tokens of a text. */
export function countTokens(text: string): number {
  return text.match(TOKEN_PATTERN)?.length ?? 0;
}

/** The first `count` tokens of a text. */
export function takeTokens(text: string, count: number): string {
  return splitIntoTokens(text).slice(0, count).join('');
}

/** Splits text into stream chunks of a few tokens each; their concatenation is the original text. */
export function splitIntoChunks(text: string, tokensPerChunk = TOKENS_PER_CHUNK): string[] {
  const tokens = splitIntoTokens(text);
  const chunks: string[] = [];
  for (let index = 0; index < tokens.length; index += tokensPerChunk) {
    chunks.push(tokens.slice(index, index + tokensPerChunk).join(''));
  }
  return chunks;
}
