import { AuthenticationError, PermissionDeniedError, ServiceUnavailableError } from '../core/errors.js';
import { hashApiKey, hashesMatch, isWellFormedApiKey } from './api-key.js';
import type { KeyRecord } from './key-record.js';
import { type KeyStore, MalformedKeyRecordError } from './key-store.js';

export interface AuthenticatorOptions {
  keyStore: Pick<KeyStore, 'getByHash'>;
  /**
   * How long a key record found in the store is reused, in milliseconds. A revocation, or any other change
   * to the record, takes effect within this time on every warm instance. Default: 30,000.
   */
  cacheTtlMs?: number;
  /**
   * How long "no such key" is remembered, so a client retrying a wrong key does not cost a read each time.
   * Default: the smaller of `cacheTtlMs` and 5,000.
   */
  negativeCacheTtlMs?: number;
  /** Most keys remembered at once; the oldest entry is dropped first. Default: 10,000. */
  maxCacheEntries?: number;
  /** Clock in epoch milliseconds. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Resolves the presented key (from `Authorization: Bearer <key>` or `x-api-key`) to its record, or throws:
 * 401 `missing_api_key`, 401 `invalid_api_key`, 403 `key_revoked` or 403 `key_expired`.
 */
export type Authenticate = (presentedKey: string | undefined) => Promise<KeyRecord>;

interface CacheEntry {
  expiresAtMs: number;
  /** A promise, so concurrent first requests with one key share a single lookup. */
  record: Promise<KeyRecord | undefined>;
}

const DEFAULT_CACHE_TTL_MS = 30_000;
const MAX_NEGATIVE_CACHE_TTL_MS = 5_000;
const DEFAULT_MAX_CACHE_ENTRIES = 10_000;

/**
 * Builds the authenticator. Lookups go by SHA-256 of the presented key and are cached in memory by that
 * hash, so a warm instance authenticates without a read. The stored hash is still compared with
 * `timingSafeEqual`, so correctness never depends on how the store matches keys.
 *
 * Caching means a revocation takes effect within `cacheTtlMs` (default 30 s), not instantly. Expiry is
 * exact: it is checked against the clock on every call, cached or not.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticate {
  const {
    keyStore,
    cacheTtlMs = DEFAULT_CACHE_TTL_MS,
    negativeCacheTtlMs = Math.min(cacheTtlMs, MAX_NEGATIVE_CACHE_TTL_MS),
    maxCacheEntries = DEFAULT_MAX_CACHE_ENTRIES,
    now = Date.now,
  } = options;
  for (const [name, value] of Object.entries({ cacheTtlMs, negativeCacheTtlMs, maxCacheEntries })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`createAuthenticator: ${name} must be a non-negative integer, got ${value}.`);
    }
  }
  const cache = new Map<string, CacheEntry>();

  function lookUp(keyHash: string): Promise<KeyRecord | undefined> {
    const nowMs = now();
    const cached = cache.get(keyHash);
    if (cached && cached.expiresAtMs > nowMs) return cached.record;
    if (cached) cache.delete(keyHash);

    const record = keyStore.getByHash(keyHash);
    const entry: CacheEntry = { expiresAtMs: nowMs + cacheTtlMs, record };
    if (maxCacheEntries > 0) {
      if (cache.size >= maxCacheEntries) cache.delete(cache.keys().next().value!);
      cache.set(keyHash, entry);
    }
    record.then(
      (found) => {
        if (!found) entry.expiresAtMs = Math.min(entry.expiresAtMs, nowMs + negativeCacheTtlMs);
      },
      () => {
        // A failed read is not an answer: the next request asks the store again.
        if (cache.get(keyHash) === entry) cache.delete(keyHash);
      },
    );
    return record;
  }

  return async function authenticate(presentedKey) {
    const key = presentedKey?.trim();
    if (!key) {
      throw new AuthenticationError(
        'missing_api_key',
        'Provide an API key in Authorization: Bearer <key> or x-api-key.',
      );
    }
    if (!isWellFormedApiKey(key)) throw createInvalidKeyError();

    const keyHash = hashApiKey(key);
    const record = await lookUp(keyHash).catch((error: unknown) => {
      // A store that does not answer is a 503 the client may retry; a record an operator broke is our 500.
      if (error instanceof MalformedKeyRecordError) throw error;
      throw new ServiceUnavailableError(
        'key_store_unavailable',
        'The gateway cannot check API keys right now. Retry later.',
        error,
      );
    });
    if (!record || !hashesMatch(record.keyHash, keyHash)) throw createInvalidKeyError();
    if (record.status === 'revoked') {
      throw new PermissionDeniedError('key_revoked', `API key ${record.keyId} has been revoked.`);
    }
    if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now()) {
      throw new PermissionDeniedError(
        'key_expired',
        `API key ${record.keyId} expired at ${record.expiresAt}.`,
      );
    }
    return record;
  };
}

function createInvalidKeyError(): AuthenticationError {
  return new AuthenticationError('invalid_api_key', 'The API key is not valid.');
}
