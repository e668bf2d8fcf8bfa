import { cutIntoPieces, type Tokenizer } from './tokenizer.js';

/**
 * Meta's Llama 3 tokenizer (128k-token tiktoken-style BPE): exact for Llama 3 and 3.1, the package's stated
 * range (3.2 and 3.3 keep the same 128,256-token vocabulary). Chat template tokens in the text
 * (`<|begin_of_text|>`, `<|eot_id|>`...) count as one token each, as on Bedrock.
 */
export async function createLlama3Tokenizer(): Promise<Tokenizer> {
  const { default: llama3 } = await import('llama3-tokenizer-js');
  const encode = (text: string) => llama3.encode(text, { bos: false, eos: false });
  return {
    name: 'llama-3',
    countTokens: (text) => encode(text).length,
    // A vocabulary entry is GPT-2 byte-level text, one character per byte; special tokens are their own text.
    splitIntoPieces: (text) =>
      cutIntoPieces(
        text,
        encode(text).map((token) => llama3.vocabById[token]!.length),
      ),
  };
}
