import { cutIntoPieces, type Tokenizer } from './tokenizer.js';

/** The control tokens of Mistral's v1 vocabulary that a native prompt spells out. */
const CONTROL_TOKENS = /(<s>|<\/s>)/;

/**
 * Mistral's v1 SentencePiece tokenizer (32k tokens, byte fallback): exact for Mistral 7B Instruct and Mixtral
 * 8x7B, close for Mistral Large and Small, whose v2 and v3 vocabularies differ mostly in control tokens. `<s>`
 * and `</s>` in a prompt count as one token each; every other run of text gets SentencePiece's dummy-prefix
 * space, as Hugging Face's tokenizer gives it after a control token.
 */
export async function createMistralTokenizer(): Promise<Tokenizer> {
  const { default: mistral } = await import('mistral-tokenizer-js');
  const spaceMarker = '\u2581';
  const byteLengths = mistral.vocabById.map((entry) =>
    /^<0x[0-9A-F]{2}>$/.test(entry) ? 1 : Buffer.byteLength(entry.replaceAll(spaceMarker, ' ')),
  );
  /** Each token's bytes of the text: the first token of a run carries the dummy prefix, not in the text. */
  function measureTokens(text: string): number[] {
    const lengths: number[] = [];
    for (const segment of text.split(CONTROL_TOKENS)) {
      if (segment === '') continue;
      if (CONTROL_TOKENS.test(segment)) {
        lengths.push(segment.length);
        continue;
      }
      const tokens = mistral.encode(segment, false, true);
      for (const [index, token] of tokens.entries())
        lengths.push(byteLengths[token]! - (index === 0 ? 1 : 0));
    }
    return lengths;
  }
  return {
    name: 'mistral-v1',
    countTokens: (text) => measureTokens(text).length,
    splitIntoPieces: (text) => cutIntoPieces(text, measureTokens(text)),
  };
}
