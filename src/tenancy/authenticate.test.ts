import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDynalite } from '../../test/support/dynalite.js';
import { AuthenticationError, PermissionDeniedError } from '../core/errors.js';
import { generateApiKey } from './api-key.js';
import { type AuthenticatorOptions, createAuthenticator } from './authenticate.js';
import type { KeyRecord } from './key-record.js';
import { createKeyStore, type KeyStore } from './key-store.js';
import type { LocalDynamo } from './local-dynamo.js';

const START = Date.parse('2026-11-21T12:00:00Z');

let dynamo: LocalDynamo;
let store: KeyStore;
let clock: number;
let lookups: number;
/** The real store, counting reads, so tests can see what the cache saved. */
const countingStore: AuthenticatorOptions['keyStore'] = {
  getByHash(keyHash) {
    lookups++;
    return store.getByHash(keyHash);
  },
};

function authenticator(options: Partial<AuthenticatorOptions> = {}) {
  return createAuthenticator({ keyStore: countingStore, cacheTtlMs: 30_000, now: () => clock, ...options });
}

beforeAll(async () => {
  dynamo = await startDynalite();
  store = createKeyStore({ client: dynamo.documentClient, tableName: dynamo.tables.keys, now: () => clock });
});
afterAll(() => dynamo.close());
beforeEach(() => {
  clock = START;
  lookups = 0;
});

describe('createAuthenticator', () => {
  it('returns the record of a valid key', async () => {
    // Prepare
    const { key, record } = await store.create({ name: 'valid', models: ['*'] });

    // Act
    const found = await authenticator()(key);

    // Assess
    expect(found).toEqual(record);
  });

  it('answers 401 missing_api_key when no key is presented', async () => {
    // Prepare
    const authenticate = authenticator();

    // Act & Assess
    for (const presented of [undefined, '', '   ']) {
      await expect(authenticate(presented)).rejects.toMatchObject({
        constructor: AuthenticationError,
        statusCode: 401,
        code: 'missing_api_key',
        message: 'Provide an API key in Authorization: Bearer <key> or x-api-key.',
      });
    }
  });

  it('answers 401 invalid_api_key for a malformed key without reading the store', async () => {
    // Act & Assess
    await expect(authenticator()('Bearer nonsense')).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(lookups).toBe(0);
  });

  it('answers 401 invalid_api_key for a well-formed key that does not exist', async () => {
    await expect(authenticator()(generateApiKey())).rejects.toMatchObject({
      statusCode: 401,
      code: 'invalid_api_key',
    });
  });

  it('answers 403 key_revoked for a revoked key', async () => {
    // Prepare
    const { key, record } = await store.create({ name: 'revoked', models: ['*'] });
    await store.revoke(record.keyId);

    // Act & Assess
    await expect(authenticator()(key)).rejects.toMatchObject({
      constructor: PermissionDeniedError,
      statusCode: 403,
      code: 'key_revoked',
    });
  });

  it('answers 403 key_expired once the expiry passes, even while the record is cached', async () => {
    // Prepare
    const { key } = await store.create({
      name: 'expiring',
      models: ['*'],
      expiresAt: '2026-11-21T12:00:10Z',
    });
    const authenticate = authenticator();
    await authenticate(key);

    // Act
    clock = Date.parse('2026-11-21T12:00:10Z');

    // Assess
    await expect(authenticate(key)).rejects.toMatchObject({ statusCode: 403, code: 'key_expired' });
    expect(lookups).toBe(1);
  });

  it('never trusts a record whose stored hash differs from the presented key', async () => {
    // Prepare: a store that answers every lookup with someone else's record
    const { record } = await store.create({ name: 'other', models: ['*'] });
    const authenticate = createAuthenticator({
      keyStore: { getByHash: async () => record },
      now: () => clock,
    });

    // Act & Assess
    await expect(authenticate(generateApiKey())).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it('keeps using a cached record until cacheTtlMs passes, so a revocation lands within the TTL', async () => {
    // Prepare
    const { key, record } = await store.create({ name: 'cached', models: ['*'] });
    const authenticate = authenticator({ cacheTtlMs: 30_000 });
    await authenticate(key);
    await store.revoke(record.keyId);

    // Act
    clock = START + 29_999;
    const stillCached = await authenticate(key);
    clock = START + 30_000;
    const afterTtl = authenticate(key);

    // Assess
    expect(stillCached.status).toBe('active');
    await expect(afterTtl).rejects.toMatchObject({ code: 'key_revoked' });
    expect(lookups).toBe(2);
  });

  it('remembers an unknown key only for the shorter negative TTL', async () => {
    // Prepare
    const unknownKey = generateApiKey();
    const authenticate = authenticator({ cacheTtlMs: 30_000, negativeCacheTtlMs: 1_000 });
    await expect(authenticate(unknownKey)).rejects.toThrow(AuthenticationError);

    // Act
    clock = START + 999;
    await expect(authenticate(unknownKey)).rejects.toThrow(AuthenticationError);
    const lookupsWithinTtl = lookups;
    clock = START + 1_000;
    await expect(authenticate(unknownKey)).rejects.toThrow(AuthenticationError);

    // Assess
    expect(lookupsWithinTtl).toBe(1);
    expect(lookups).toBe(2);
  });

  it('reads the store once for many concurrent first requests with one key', async () => {
    // Prepare
    const { key } = await store.create({ name: 'burst', models: ['*'] });
    const authenticate = authenticator();

    // Act
    const records = await Promise.all(Array.from({ length: 20 }, () => authenticate(key)));

    // Assess
    expect(records).toHaveLength(20);
    expect(lookups).toBe(1);
  });

  it('holds at most maxCacheEntries keys, dropping the oldest', async () => {
    // Prepare
    const created = await Promise.all(['a', 'b', 'c'].map((name) => store.create({ name, models: ['*'] })));
    const [a, b, c] = created.map(({ key }) => key) as [string, string, string];
    const authenticate = authenticator({ maxCacheEntries: 2 });

    // Act
    await authenticate(a);
    await authenticate(b);
    await authenticate(c);
    await authenticate(c);
    await authenticate(a);

    // Assess: a was dropped when c arrived, so it is read twice
    expect(lookups).toBe(4);
  });

  it('does not cache a failed read, and reports it as a retryable 503', async () => {
    // Prepare
    const { key, record } = await store.create({ name: 'flaky', models: ['*'] });
    let failures = 1;
    const flakyStore = {
      async getByHash(): Promise<KeyRecord | undefined> {
        if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
        return record;
      },
    };
    const authenticate = createAuthenticator({ keyStore: flakyStore, now: () => clock });

    // Act
    const first = authenticate(key);
    await expect(first).rejects.toMatchObject({
      statusCode: 503,
      code: 'key_store_unavailable',
      cause: expect.objectContaining({ message: 'ProvisionedThroughputExceededException' }),
    });
    const second = await authenticate(key);

    // Assess
    expect(second.keyId).toBe(record.keyId);
  });

  it('rejects a negative cache TTL when built', () => {
    expect(() => createAuthenticator({ keyStore: countingStore, cacheTtlMs: -1 })).toThrow(/cacheTtlMs/);
  });
});
