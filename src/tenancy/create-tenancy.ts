import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Authenticate, createAuthenticator } from './authenticate.js';
import type { TenancyTableNames } from './create-tables.js';
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
  reportError?: (message: string, error: unknown) => void;
  /** Instruments the DynamoDB client (X-Ray on Lambda). */
  traceClient?: (client: DynamoDBClient) => void;
}

export interface TenancyServices {
  keyStore: KeyStore;
  authenticate: Authenticate;
  meter: UsageMeter;
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
  return {
    keyStore,
    authenticate: createAuthenticator({ keyStore, cacheTtlMs: options.cacheTtlMs }),
    meter: createUsageMeter({
      client: documentClient,
      tableName: options.tables.usage,
      ...(options.reportError ? { reportError: options.reportError } : {}),
    }),
    close: () => {
      documentClient.destroy();
      client.destroy();
    },
  };
}
