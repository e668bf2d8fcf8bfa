import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Authenticate, createAuthenticator } from './authenticate.js';
import type { TenancyTableNames } from './create-tables.js';
import { createDynamoJsonClient } from './dynamo-json-client.js';
import { createKeyStore, type KeyStore } from './key-store.js';
import { createUsageMeter, type UsageMeter } from './usage-meter.js';

export interface DynamoConnection {
  region: string;
  /** Unset: the real regional endpoint. The local stack and tests point it at dynalite. */
  endpoint?: string;
  /** Unset: the default AWS credential chain. */
  credentials?: DynamoDBClientConfig['credentials'];
}

export interface TenancyOptions extends DynamoConnection {
  tables: TenancyTableNames;
  /** Key-record cache TTL: the longest a revocation takes to apply. */
  cacheTtlMs: number;
  /** Instruments the SDK's DynamoDB client (X-Ray on Lambda); the usage meter's own client is not traced. */
  traceClient?: (client: DynamoDBClient) => void;
  /** See `UsageMeterOptions.settlementBatchMs`. Default 0: each settlement written at once. */
  settlementBatchMs?: number;
}

/** DynamoDB calls the usage meter has made (every attempt): how the bench and tests count writes per request. */
export interface UsageStoreCalls {
  writes: number;
  reads: number;
}

export interface TenancyServices {
  keyStore: KeyStore;
  authenticate: Authenticate;
  meter: UsageMeter;
  usageStoreCalls: Readonly<UsageStoreCalls>;
  close(): void;
}

/** The key store, authenticator and usage meter over one DynamoDB client. */
export function createTenancy(options: TenancyOptions): TenancyServices {
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  options.traceClient?.(client);
  const documentClient = DynamoDBDocumentClient.from(client);
  const keyStore = createKeyStore({ client: documentClient, tableName: options.tables.keys });
  const usageStoreCalls: UsageStoreCalls = { writes: 0, reads: 0 };
  // The meter writes on every metered request: its client is the thin one (see dynamo-json-client.ts).
  const usageClient = createDynamoJsonClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    onSend: (operation) => {
      if (operation === 'GetItem' || operation === 'Query') usageStoreCalls.reads++;
      else usageStoreCalls.writes++;
    },
  });
  return {
    keyStore,
    authenticate: createAuthenticator({ keyStore, cacheTtlMs: options.cacheTtlMs }),
    meter: createUsageMeter({
      client: usageClient,
      tableName: options.tables.usage,
      ...(options.settlementBatchMs ? { settlementBatchMs: options.settlementBatchMs } : {}),
    }),
    usageStoreCalls,
    close: () => {
      documentClient.destroy();
      client.destroy();
      usageClient.destroy();
    },
  };
}
