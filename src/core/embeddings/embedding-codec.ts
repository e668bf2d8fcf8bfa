import type { NativeBody } from '../codecs/family-codec.js';
import type { EmbeddingFamily } from '../model-registry.js';
import { cohereEmbedCodec } from './cohere-embed.js';
import { titanEmbedCodec } from './titan-embed.js';

/** Options of an embedding request, in OpenAI's terms. */
export interface EmbeddingOptions {
  /** Length of the vectors; the family's default when absent. */
  dimensions?: number | undefined;
}

/** What one native embedding response holds. */
export interface EmbeddingResult {
  /** One vector per text sent, in order. */
  embeddings: number[][];
  /** Input tokens, when the body reports them (Titan does; Cohere does not). */
  inputTokens: number | undefined;
}

/** One InvokeModel call: the native body and how many of the input texts it carries. */
export interface EmbeddingCall {
  body: NativeBody;
  textCount: number;
}

/**
 * Converts between texts and one embedding family's native InvokeModel format. Pure: no I/O, no SDK types.
 */
export interface EmbeddingCodec {
  readonly family: EmbeddingFamily;
  /**
   * The calls that embed `texts`, in input order: their vectors, concatenated, are the texts' vectors.
   * Throws a 400 naming the option (`dimensions`) for an option the family cannot honour.
   */
  toNativeCalls(texts: readonly string[], options: EmbeddingOptions): EmbeddingCall[];
  /**
   * Reads a native response to a call that carried `textCount` texts. Lenient about extra fields; throws
   * UpstreamError (502, `upstream_malformed_response`) when the vectors are missing or not one per text.
   */
  fromNativeResponse(body: unknown, textCount: number): EmbeddingResult;
}

const CODECS: Readonly<Record<EmbeddingFamily, EmbeddingCodec>> = {
  'titan-embed': titanEmbedCodec,
  'cohere-embed': cohereEmbedCodec,
};

/** The codec of an embedding family. */
export function embeddingCodecFor(family: EmbeddingFamily): EmbeddingCodec {
  return CODECS[family];
}
