/** A source of uniformly distributed numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * Hashes text to an unsigned 32-bit integer (FNV-1a).
 * The emulator needs a stable spread of seeds, not collision resistance, so a tiny hash is enough.
 */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Creates a seeded pseudo-random generator (mulberry32).
 * The same seed always yields the same sequence, which is what makes replies and fault runs repeatable.
 */
export function createRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks an integer in [minimum, maximum], both inclusive. */
export function pickInteger(random: RandomSource, minimum: number, maximum: number): number {
  return minimum + Math.floor(random() * (maximum - minimum + 1));
}

/** Picks one element of a non-empty list. */
export function pickElement<T>(random: RandomSource, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const ID_ALPHABET = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];

/** Builds an id-like string of the given length, e.g. for `toolUseId` values. */
export function pickIdentifier(random: RandomSource, length: number): string {
  let identifier = '';
  for (let index = 0; index < length; index++) identifier += pickElement(random, ID_ALPHABET);
  return identifier;
}
