import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/** Hash key of the keys table: the SHA-256 hex of the secret key. */
export const KEYS_TABLE_HASH_KEY = 'keyHash';
/** Global secondary index of the keys table, for lookups by public key id. */
export const KEY_ID_INDEX = 'keyId-index';
/** Hash key of the usage table: `<keyId>#M#<YYYY-MM>`, one item per key and month (docs/operations.md). */
export const USAGE_TABLE_HASH_KEY = 'pk';
/** TTL attribute of the usage table (epoch seconds). Terraform enables TTL on it. */
export const USAGE_TABLE_TTL_ATTRIBUTE = 'expiresAt';

export interface TenancyTableNames {
  keys: string;
  usage: string;
}

const TABLE_ACTIVE_TIMEOUT_MS = 10_000;
const TABLE_POLL_INTERVAL_MS = 50;

/** The table definitions, identical to the ones Terraform's dynamodb module creates. */
export function describeTenancyTables(tables: TenancyTableNames): CreateTableCommandInput[] {
  return [
    {
      TableName: tables.keys,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: KEYS_TABLE_HASH_KEY, AttributeType: 'S' },
        { AttributeName: 'keyId', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: KEYS_TABLE_HASH_KEY, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: KEY_ID_INDEX,
          KeySchema: [{ AttributeName: 'keyId', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    {
      TableName: tables.usage,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: USAGE_TABLE_HASH_KEY, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: USAGE_TABLE_HASH_KEY, KeyType: 'HASH' }],
    },
  ];
}

/**
 * Creates the keys and usage tables when they are missing and waits until they are active. Idempotent.
 * For the local stack and tests (dynalite); on AWS, Terraform owns the tables and also enables TTL, which
 * dynalite does not implement.
 */
export async function createTables(client: DynamoDBClient, tables: TenancyTableNames): Promise<void> {
  await Promise.all(describeTenancyTables(tables).map((definition) => createTable(client, definition)));
}

async function createTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  const tableName = definition.TableName!;
  try {
    await client.send(new CreateTableCommand(definition));
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  const deadline = Date.now() + TABLE_ACTIVE_TIMEOUT_MS;
  for (;;) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === 'ACTIVE') return;
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    }
    if (Date.now() > deadline) throw new Error(`Table '${tableName}' did not become active in time.`);
    await new Promise((resolve) => setTimeout(resolve, TABLE_POLL_INTERVAL_MS));
  }
}
