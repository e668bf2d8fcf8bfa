import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { InvalidRequestError, NotFoundError } from '../core/errors.js';
import { generateApiKey, generateKeyId, hashApiKey, type RandomBytes } from './api-key.js';
import { KEY_ID_INDEX } from './create-tables.js';
import {
  type KeyChanges,
  type KeyRecord,
  type KeySummary,
  keyChangesSchema,
  keyRecordSchema,
  keySummarySchema,
  type NewKey,
  newKeySchema,
  summarizeKey,
} from './key-record.js';

export interface KeyStoreOptions {
  client: DynamoDBDocumentClient;
  /** The keys table (hash key `keyHash`, GSI `keyId-index`). */
  tableName: string;
  /** Clock in epoch milliseconds. Default: `Date.now`. */
  now?: () => number;
  /** Randomness for keys and ids. Default: `crypto.randomBytes`. */
  random?: RandomBytes;
}

/** A freshly created key: the only time the secret `key` exists outside the caller's hands. */
export interface CreatedKey {
  key: string;
  record: KeyRecord;
}

export interface KeyStore {
  /** Creates a key. The returned `key` is shown once; only its hash is stored. */
  create(input: NewKey): Promise<CreatedKey>;
  /** The key whose secret hashes to `keyHash`, if any. */
  getByHash(keyHash: string): Promise<KeyRecord | undefined>;
  /** The key with public id `keyId`, if any (eventually consistent: it reads a GSI). */
  getById(keyId: string): Promise<KeyRecord | undefined>;
  /** Every key, oldest first, without hashes (they are never read from the table). */
  list(): Promise<KeySummary[]>;
  /** Marks a key revoked. Idempotent: revoking twice keeps the first `revokedAt`. */
  revoke(keyId: string): Promise<KeySummary>;
  /**
   * Changes a key's models, limits, expiry, guardrail, service tier or name (404 for an unknown key, 400 for
   * a revoked one). Running gateways apply it once their key cache expires, as for a revocation.
   */
  update(keyId: string, changes: KeyChanges): Promise<KeySummary>;
}

/** A stored key record that does not match the schema: an operator edited the table by hand. */
export class MalformedKeyRecordError extends Error {
  override name = 'MalformedKeyRecordError';
}

const KEY_ID_ATTEMPTS = 3;
const SUMMARY_ATTRIBUTES = [
  'keyId',
  'name',
  'status',
  'createdAt',
  'expiresAt',
  'revokedAt',
  'models',
  'limits',
  'guardrail',
  'serviceTier',
  'automaticCachePoints',
  'role',
];

/** The keys table over DynamoDB (or dynalite: same protocol, same code). */
export function createKeyStore(options: KeyStoreOptions): KeyStore {
  const { client, tableName, now = Date.now, random } = options;

  function parseRecord<T>(schema: z.ZodType<T>, item: Record<string, unknown>): T {
    const parsed = schema.safeParse(item);
    if (parsed.success) return parsed.data;
    const keyId = typeof item.keyId === 'string' ? item.keyId : 'with no keyId';
    throw new MalformedKeyRecordError(
      `Key record ${keyId} in table '${tableName}' is malformed: ${z.prettifyError(parsed.error)}`,
    );
  }

  async function getById(keyId: string): Promise<KeyRecord | undefined> {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: KEY_ID_INDEX,
        KeyConditionExpression: 'keyId = :keyId',
        ExpressionAttributeValues: { ':keyId': keyId },
      }),
    );
    const item = Items?.[0];
    return item ? parseRecord(keyRecordSchema, item) : undefined;
  }

  async function generateUnusedKeyId(): Promise<string> {
    for (let attempt = 0; attempt < KEY_ID_ATTEMPTS; attempt++) {
      const keyId = generateKeyId(random);
      if (!(await getById(keyId))) return keyId;
    }
    throw new Error(`Could not find an unused key id in ${KEY_ID_ATTEMPTS} attempts.`);
  }

  return {
    async create(input) {
      const parsed = newKeySchema.safeParse(input);
      if (!parsed.success) {
        throw new InvalidRequestError('invalid_key', `Invalid key: ${z.prettifyError(parsed.error)}`);
      }
      const { name, models, limits, expiresAt, guardrail, serviceTier, automaticCachePoints, role } =
        parsed.data;
      const createdAtMs = now();
      if (expiresAt !== undefined && Date.parse(expiresAt) <= createdAtMs) {
        throw new InvalidRequestError(
          'invalid_key',
          `Invalid key: expiresAt ${expiresAt} is not in the future.`,
          {
            param: 'expiresAt',
          },
        );
      }
      const key = generateApiKey(random);
      const record: KeyRecord = {
        keyId: await generateUnusedKeyId(),
        keyHash: hashApiKey(key),
        name,
        status: 'active',
        createdAt: new Date(createdAtMs).toISOString(),
        ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
        models,
        limits: removeAbsentLimits(limits),
        ...(guardrail === undefined ? {} : { guardrail }),
        ...(serviceTier === undefined ? {} : { serviceTier }),
        ...(automaticCachePoints === undefined ? {} : { automaticCachePoints }),
        ...(role === undefined ? {} : { role }),
      };
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: record,
          ConditionExpression: 'attribute_not_exists(keyHash)',
        }),
      );
      return { key, record };
    },

    async getByHash(keyHash) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { keyHash } }));
      return Item ? parseRecord(keyRecordSchema, Item) : undefined;
    },

    getById,

    async list() {
      const names = Object.fromEntries(SUMMARY_ATTRIBUTES.map((attribute) => [`#${attribute}`, attribute]));
      const summaries: KeySummary[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tableName,
            ProjectionExpression: Object.keys(names).join(', '),
            ExpressionAttributeNames: names,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) summaries.push(parseRecord(keySummarySchema, item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return summaries.sort(
        (left, right) =>
          left.createdAt.localeCompare(right.createdAt) || left.keyId.localeCompare(right.keyId),
      );
    },

    async revoke(keyId) {
      const record = await getById(keyId);
      if (!record) throw new NotFoundError('key_not_found', `No key has the id '${keyId}'.`);
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { keyHash: record.keyHash },
          UpdateExpression: 'SET #status = :revoked, revokedAt = if_not_exists(revokedAt, :now)',
          ConditionExpression: 'attribute_exists(keyHash)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':revoked': 'revoked', ':now': new Date(now()).toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return summarizeKey(parseRecord(keyRecordSchema, Attributes ?? {}));
    },

    async update(keyId, input) {
      const parsed = keyChangesSchema.safeParse(input);
      if (!parsed.success) {
        throw new InvalidRequestError('invalid_key', `Invalid change: ${z.prettifyError(parsed.error)}`);
      }
      const changes = parsed.data;
      const record = await getById(keyId);
      if (!record) throw new NotFoundError('key_not_found', `No key has the id '${keyId}'.`);
      if (record.status === 'revoked') {
        throw new InvalidRequestError('key_revoked', `Key ${keyId} is revoked; create a new key instead.`);
      }
      if (changes.models?.length === 0 && record.role !== 'admin') {
        throw new InvalidRequestError('invalid_key', 'An API key needs at least one model alias, or *.', {
          param: 'models',
        });
      }
      if (typeof changes.expiresAt === 'string' && Date.parse(changes.expiresAt) <= now()) {
        throw new InvalidRequestError('invalid_key', `expiresAt ${changes.expiresAt} is not in the future.`, {
          param: 'expiresAt',
        });
      }
      const set: string[] = [];
      const remove: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        names[`#${field}`] = field;
        if (value === null) remove.push(`#${field}`);
        else {
          set.push(`#${field} = :${field}`);
          values[`:${field}`] =
            field === 'limits'
              ? removeAbsentLimits(value as KeyRecord['limits'])
              : field === 'expiresAt'
                ? new Date(value as string).toISOString()
                : value;
        }
      }
      if (set.length === 0 && remove.length === 0) return summarizeKey(record);
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { keyHash: record.keyHash },
          UpdateExpression:
            (set.length > 0 ? `SET ${set.join(', ')}` : '') +
            (remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''),
          ConditionExpression: 'attribute_exists(keyHash)',
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return summarizeKey(parseRecord(keyRecordSchema, Attributes ?? {}));
    },
  };
}

/** lib-dynamodb refuses `undefined` attribute values; an absent limit is simply not stored. */
function removeAbsentLimits(limits: KeyRecord['limits']): KeyRecord['limits'] {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}
