import type { EmbeddingModel } from '../catalogue/foundation-model.js';
import type { Tokenizer } from '../tokenizers/tokenizer.js';
import type { EmbeddingType } from './create-embedding.js';

/** What an embedding model reads from a body. */
export interface EmbeddingInput {
  texts: string[];
  dimensions: number;
  normalize: boolean;
  /** The types the body asked for; empty when it asked for none. */
  embeddingTypes: readonly EmbeddingType[];
}

/** One embedding family's native InvokeModel format. */
export interface EmbeddingFamily {
  /** Validates a native body like Bedrock does for this model (throws ValidationException). */
  readInvokeBody(body: unknown, model: EmbeddingModel): EmbeddingInput;
  /** The native response for one float vector per input text. */
  buildInvokeResponse(
    vectors: readonly number[][],
    input: EmbeddingInput,
    context: { requestId: string; inputTokens: number; model: EmbeddingModel },
  ): Record<string, unknown>;
}

/** An embedding request's input tokens: the sum over its texts. */
export function countEmbeddingTokens(texts: readonly string[], tokenizer: Tokenizer): number {
  return texts.reduce((total, text) => total + tokenizer.countTokens(text), 0);
}
