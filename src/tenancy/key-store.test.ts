import { randomBytes } from 'node:crypto';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite } from '../../test/support/dynalite.js';
import { InvalidRequestError, NotFoundError } from '../core/errors.js';
import { hashApiKey } from './api-key.js';
import { createTables } from './create-tables.js';
import { createKeyStore, type KeyStore, MalformedKeyRecordError } from './key-store.js';
import type { LocalDynamo } from './local-dynamo.js';

const NOW = Date.parse('2026-11-21T12:00:00Z');

let dynamo: LocalDynamo;
let store: KeyStore;

beforeAll(async () => {
  dynamo = await startDynalite();
  store = createKeyStore({ client: dynamo.documentClient, tableName: dynamo.tables.keys, now: () => NOW });
});
afterAll(() => dynamo.close());

describe('createKeyStore', () => {
  it('creates a key and stores only its hash', async () => {
    // Act
    const { key, record } = await store.create({
      name: 'billing-app',
      models: ['nova-micro'],
      limits: { rpm: 60 },
    });

    // Assess
    expect(key).toMatch(/^bgw_/);
    expect(record).toEqual({
      keyId: expect.stringMatching(/^key_[0-9a-f]{12}$/),
      keyHash: hashApiKey(key),
      name: 'billing-app',
      status: 'active',
      createdAt: '2026-11-21T12:00:00.000Z',
      models: ['nova-micro'],
      limits: { rpm: 60 },
    });
    const { Items } = await dynamo.documentClient.send(new ScanCommand({ TableName: dynamo.tables.keys }));
    expect(JSON.stringify(Items)).not.toContain(key);
  });

  it('finds a key by hash and by id', async () => {
    // Prepare
    const { key, record } = await store.create({ name: 'search', models: ['*'] });

    // Act
    const byHash = await store.getByHash(hashApiKey(key));
    const byId = await store.getById(record.keyId);

    // Assess
    expect(byHash).toEqual(record);
    expect(byId).toEqual(record);
  });

  it('finds nothing for an unknown hash or id', async () => {
    expect(await store.getByHash(hashApiKey('bgw_unknown'))).toBeUndefined();
    expect(await store.getById('key_000000000000')).toBeUndefined();
  });

  it('lists keys oldest first without their hashes', async () => {
    // Prepare
    let clock = NOW;
    const listStore = createKeyStore({
      client: dynamo.documentClient,
      tableName: dynamo.tables.keys,
      now: () => clock,
    });
    clock = NOW + 2_000;
    const later = await listStore.create({ name: 'later', models: ['*'] });
    clock = NOW + 1_000;
    const earlier = await listStore.create({ name: 'earlier', models: ['*'] });

    // Act
    const keys = await store.list();

    // Assess
    const ids = keys.map((key) => key.keyId);
    expect(ids.indexOf(earlier.record.keyId)).toBeLessThan(ids.indexOf(later.record.keyId));
    for (const key of keys) expect(key).not.toHaveProperty('keyHash');
    expect(JSON.stringify(keys)).not.toContain(later.record.keyHash);
  });

  it('revokes a key, and revoking again keeps the first revocation time', async () => {
    // Prepare
    const { record } = await store.create({ name: 'to-revoke', models: ['*'] });
    let clock = NOW + 60_000;
    const laterStore = createKeyStore({
      client: dynamo.documentClient,
      tableName: dynamo.tables.keys,
      now: () => clock,
    });

    // Act
    const revoked = await laterStore.revoke(record.keyId);
    clock += 60_000;
    const revokedAgain = await laterStore.revoke(record.keyId);

    // Assess
    expect(revoked).toMatchObject({
      keyId: record.keyId,
      status: 'revoked',
      revokedAt: '2026-11-21T12:01:00.000Z',
    });
    expect(revoked).not.toHaveProperty('keyHash');
    expect(revokedAgain.revokedAt).toBe('2026-11-21T12:01:00.000Z');
    expect((await store.getByHash(record.keyHash))?.status).toBe('revoked');
  });

  it('refuses to revoke an unknown key with 404 key_not_found', async () => {
    await expect(store.revoke('key_000000000000')).rejects.toMatchObject({
      constructor: NotFoundError,
      code: 'key_not_found',
    });
  });

  it('rejects invalid keys with a message naming the field', async () => {
    await expect(store.create({ name: ' ', models: ['*'] })).rejects.toThrow(/name/);
    await expect(store.create({ name: 'x', models: [] })).rejects.toThrow(InvalidRequestError);
    await expect(store.create({ name: 'x', models: ['*', 'nova-micro'] })).rejects.toThrow(/\*/);
    await expect(store.create({ name: 'x', models: ['*'], limits: { rpm: 0 } })).rejects.toThrow(/rpm/);
    await expect(
      store.create({ name: 'x', models: ['*'], limits: { rpn: 5 } as unknown as { rpm: number } }),
    ).rejects.toThrow(/rpn/);
  });

  it('rejects an expiry that is not in the future', async () => {
    await expect(
      store.create({ name: 'x', models: ['*'], expiresAt: '2026-11-21T11:59:59Z' }),
    ).rejects.toThrow(/not in the future/);
  });

  it('stores an expiry as an ISO time in UTC', async () => {
    // Act
    const { record } = await store.create({
      name: 'x',
      models: ['*'],
      expiresAt: '2026-12-01T02:00:00+02:00',
    });

    // Assess
    expect(record.expiresAt).toBe('2026-12-01T00:00:00.000Z');
  });

  it('draws a new key id when the first one is taken', async () => {
    // Prepare: the first two ids drawn are the same
    const ids = [
      Buffer.from('aaaaaaaaaaaa', 'hex'),
      Buffer.from('aaaaaaaaaaaa', 'hex'),
      Buffer.from('bbbbbbbbbbbb', 'hex'),
    ];
    const random = (size: number) => (size === 6 ? ids.shift()! : randomBytes(size));
    const collidingStore = createKeyStore({
      client: dynamo.documentClient,
      tableName: dynamo.tables.keys,
      random,
    });

    // Act
    const first = await collidingStore.create({ name: 'first', models: ['*'] });
    const second = await collidingStore.create({ name: 'second', models: ['*'] });

    // Assess
    expect(first.record.keyId).toBe('key_aaaaaaaaaaaa');
    expect(second.record.keyId).toBe('key_bbbbbbbbbbbb');
  });

  it('reports a hand-edited record that does not match the schema', async () => {
    // Prepare
    const keyHash = hashApiKey('hand-edited');
    await dynamo.documentClient.send(
      new PutCommand({
        TableName: dynamo.tables.keys,
        Item: { keyHash, keyId: 'key_badbadbadbad', status: 'on' },
      }),
    );

    // Act & Assess
    await expect(store.getByHash(keyHash)).rejects.toThrow(MalformedKeyRecordError);
    await expect(store.getByHash(keyHash)).rejects.toThrow(/key_badbadbadbad/);
  });
});

describe('createTables', () => {
  it('is idempotent', async () => {
    await expect(createTables(dynamo.client, dynamo.tables)).resolves.toBeUndefined();
  });
});
