import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with this, so leaked keys are easy to spot in logs and by secret scanners. */
export const API_KEY_PREFIX = 'bgw_';

/** `bgw_` followed by 32 bytes in base64url (43 characters, no padding). */
const API_KEY_PATTERN = /^bgw_[A-Za-z0-9_-]{43}$/;
const KEY_ID_PATTERN = /^key_[0-9a-f]{12}$/;
const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** Source of randomness; injectable so tests can make ids collide. */
export type RandomBytes = (size: number) => Buffer;

/** A new secret API key: `bgw_` + 32 random bytes in base64url. Shown once and never stored. */
export function generateApiKey(random: RandomBytes = randomBytes): string {
  return API_KEY_PREFIX + random(32).toString('base64url');
}

/**
 * A new public key id: `key_` + 12 hex characters (48 bits). Hex only, so an id never starts with `-` and
 * is never mistaken for a command-line option.
 */
export function generateKeyId(random: RandomBytes = randomBytes): string {
  return `key_${random(6).toString('hex')}`;
}

/** The SHA-256 of a key, in hex: the only form in which a key is stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether `key` has the shape of a gateway key; anything else is rejected without a lookup. */
export function isWellFormedApiKey(key: string): boolean {
  return API_KEY_PATTERN.test(key);
}

/** Whether `keyId` has the shape of a public key id. */
export function isWellFormedKeyId(keyId: string): boolean {
  return KEY_ID_PATTERN.test(keyId);
}

/** Compares two SHA-256 hex digests in constant time. Malformed digests never match. */
export function hashesMatch(expectedHash: string, actualHash: string): boolean {
  if (!HASH_PATTERN.test(expectedHash) || !HASH_PATTERN.test(actualHash)) return false;
  return timingSafeEqual(Buffer.from(expectedHash, 'hex'), Buffer.from(actualHash, 'hex'));
}
