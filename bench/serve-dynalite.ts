/**
 * Bench child: dynalite (in-memory DynamoDB) with the gateway's tables and `--keys` API keys (every model, no
 * limits), on an ephemeral loopback port. It counts every DynamoDB request it receives, by operation (the
 * `x-amz-target` header, read from node:http's `http.server.request.start` diagnostics channel), and serves
 * the counts as JSON at `countsUrl`, so the bench can report DynamoDB writes per request.
 */
import { subscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage } from 'node:http';
import { parseArgs } from 'node:util';
import { createKeyStore } from '../src/tenancy/key-store.js';
import { startLocalDynamo } from '../src/tenancy/local-dynamo.js';
import { closeWhenAsked, reportReady } from './serve-child.js';

export interface DynaliteChildInfo {
  endpoint: string;
  tables: { keys: string; usage: string };
  keys: string[];
  /** GET: `{ "<operation>": count }` of the DynamoDB requests received so far. */
  countsUrl: string;
}

const counts: Record<string, number> = {};
subscribe('http.server.request.start', (message) => {
  const target = (message as { request: IncomingMessage }).request.headers['x-amz-target'];
  if (typeof target !== 'string') return;
  const operation = target.slice(target.indexOf('.') + 1);
  counts[operation] = (counts[operation] ?? 0) + 1;
});

const { values } = parseArgs({ options: { keys: { type: 'string', default: '1' } } });
const dynamo = await startLocalDynamo({ tables: { keys: 'bench-keys', usage: 'bench-usage' } });
const keyStore = createKeyStore({ client: dynamo.documentClient, tableName: dynamo.tables.keys });
const keys: string[] = [];
for (let index = 0; index < Number(values.keys); index++) {
  keys.push((await keyStore.create({ name: `bench-${index}`, models: ['*'] })).key);
}

const countsServer = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(counts));
});
await new Promise<void>((resolve) => countsServer.listen(0, '127.0.0.1', resolve));
const { port } = countsServer.address() as { port: number };

closeWhenAsked(async () => {
  countsServer.close();
  await dynamo.close();
});
reportReady({
  endpoint: dynamo.endpoint,
  tables: dynamo.tables,
  keys,
  countsUrl: `http://127.0.0.1:${port}/`,
} satisfies DynaliteChildInfo);
