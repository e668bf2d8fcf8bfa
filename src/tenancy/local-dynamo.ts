import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createTables, type TenancyTableNames } from './create-tables.js';
import { createDynamoJsonClient, type DynamoJsonClient } from './dynamo-json-client.js';

/*
 * dynalite is a devDependency. Only the local stack and tests import this file; nothing on the Lambda or
 * container path may, or the bundle would pull in a database server.
 */

export interface LocalDynamoOptions {
  /** Table names to create. */
  tables: TenancyTableNames;
  /** Interface to bind. Default: `127.0.0.1`. */
  host?: string;
  /** Port to listen on. Default: 0 (an ephemeral port). */
  port?: number;
  /** Region the clients sign for; dynalite ignores it. Default: `us-east-1`. */
  region?: string;
}

export interface LocalDynamo {
  /** `http://<host>:<port>`, for clients in other processes. */
  endpoint: string;
  tables: TenancyTableNames;
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  /** The usage meter's client (DynamoDB's JSON protocol, signed with the dummy credentials). */
  jsonClient: DynamoJsonClient;
  /** Destroys the clients and stops the server. Data is in memory and is gone afterwards. */
  close(): Promise<void>;
}

/**
 * Starts an in-memory dynalite (a real DynamoDB-protocol server) with the gateway's tables, and clients for
 * it that use dummy credentials. The same key store and usage meter code then runs as on AWS.
 */
export async function startLocalDynamo(options: LocalDynamoOptions): Promise<LocalDynamo> {
  const { tables, host = '127.0.0.1', port = 0, region = 'us-east-1' } = options;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const documentClient = DynamoDBDocumentClient.from(client);
  const jsonClient = createDynamoJsonClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  let closing: Promise<void> | undefined;
  /** Idempotent: a test may stop the store early to see the gateway without it. */
  function close(): Promise<void> {
    closing ??= (async () => {
      documentClient.destroy();
      client.destroy();
      jsonClient.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    })();
    return closing;
  }

  try {
    await createTables(client, tables);
  } catch (error) {
    await close();
    throw error;
  }
  return { endpoint, tables, client, documentClient, jsonClient, close };
}
