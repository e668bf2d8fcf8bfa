import { Buffer } from 'node:buffer';

export interface EmbeddingResponse {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/**
 * A vector as OpenAI's `encoding_format: 'base64'`: the little-endian float32 bytes, base64-encoded. This is
 * what the OpenAI SDKs ask for by default, and decode themselves.
 */
export function encodeEmbeddingBase64(vector: readonly number[]): string {
  const bytes = new DataView(new ArrayBuffer(vector.length * 4));
  for (const [index, value] of vector.entries()) bytes.setFloat32(index * 4, value, true);
  return Buffer.from(bytes.buffer).toString('base64');
}

/** Vectors, in input order, as OpenAI's embeddings response. */
export function convertToEmbeddingResponse(
  embeddings: readonly number[][],
  answer: { model: string; inputTokens: number; encodingFormat: 'float' | 'base64' },
): EmbeddingResponse {
  return {
    object: 'list',
    data: embeddings.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: answer.encodingFormat === 'base64' ? encodeEmbeddingBase64(vector) : [...vector],
    })),
    model: answer.model,
    usage: { prompt_tokens: answer.inputTokens, total_tokens: answer.inputTokens },
  };
}
