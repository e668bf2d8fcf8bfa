/**
 * Bench child: dynalite (in-memory DynamoDB) with the gateway's tables and `--keys` API keys (every model, no
 * limits), on an ephemeral loopback port.
 */
import { parseArgs } from 'node:util';
import { createKeyStore } from '../src/tenancy/key-store.js';
import { startLocalDynamo } from '../src/tenancy/local-dynamo.js';
import { closeWhenAsked, reportReady } from './serve-child.js';

export interface DynaliteChildInfo {
  endpoint: string;
  tables: { keys: string; usage: string };
  keys: string[];
}

const { values } = parseArgs({ options: { keys: { type: 'string', default: '1' } } });
const dynamo = await startLocalDynamo({ tables: { keys: 'bench-keys', usage: 'bench-usage' } });
const keyStore = createKeyStore({ client: dynamo.documentClient, tableName: dynamo.tables.keys });
const keys: string[] = [];
for (let index = 0; index < Number(values.keys); index++) {
  keys.push((await keyStore.create({ name: `bench-${index}`, models: ['*'] })).key);
}

closeWhenAsked(() => dynamo.close());
reportReady({ endpoint: dynamo.endpoint, tables: dynamo.tables, keys } satisfies DynaliteChildInfo);
