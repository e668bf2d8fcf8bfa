import { createRandom, hashText } from '../seeded-random.js';

/**
 * A deterministic embedding: the sum of one pseudo-random vector per word (seeded by the model id and the
 * lower-cased word). Not semantic, but texts that share words point in similar directions, which is enough
 * for retrieval tests; the same text always gives the same vector.
 */
export function createEmbedding(
  modelId: string,
  text: string,
  dimensions: number,
  normalize: boolean,
): number[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [text];
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of words) {
    const random = createRandom(hashText(`${modelId}\n${word}`));
    for (let index = 0; index < dimensions; index++)
      vector[index] = (vector[index] as number) + random() * 2 - 1;
  }
  const length = Math.hypot(...vector) || 1;
  // Unnormalised vectors keep a word-count-dependent length, like real ones; normalised ones have length 1.
  const scale = normalize ? 1 / length : 1 / Math.sqrt(dimensions);
  return vector.map((value) => value * scale);
}

/** The embedding types the emulator can return besides floats. */
export type EmbeddingType = 'float' | 'int8' | 'uint8' | 'binary';

/** Converts a float embedding to another embedding type (a plain scaling or a sign bit, not a real quantiser). */
export function convertEmbeddingType(vector: readonly number[], type: EmbeddingType): number[] {
  switch (type) {
    case 'int8':
      return vector.map((value) => Math.max(-128, Math.min(127, Math.round(value * 127))));
    case 'uint8':
      return vector.map((value) => Math.max(0, Math.min(255, Math.round((value + 1) * 127.5))));
    case 'binary':
      return vector.map((value) => (value > 0 ? 1 : 0));
    default:
      return [...vector];
  }
}
