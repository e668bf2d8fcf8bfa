/**
 * CPU per DynamoDB UpdateItem, by client: `@aws-sdk/lib-dynamodb`, the plain `@aws-sdk/client-dynamodb` with
 * marshalled items, and the gateway's own signed JSON-protocol client (src/tenancy/dynamo-json-client.ts).
 * dynalite runs in a child process, so only the client's CPU is measured (process.cpuUsage, user + system).
 *
 *     npx tsx scripts/measure-dynamo-clients.ts [calls=6000] [warmup=2000]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createTables } from '../src/tenancy/create-tables.js';
import { createDynamoJsonClient } from '../src/tenancy/dynamo-json-client.js';

const calls = Number(process.argv[2] ?? 6000);
const warmup = Number(process.argv[3] ?? 2000);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';
const tables = { keys: 'keys-measure', usage: 'usage-measure' };

const child = spawn(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    "import dynalite from 'dynalite'; const s = dynalite({ createTableMs: 0 }); s.listen(0, '127.0.0.1', () => console.log(s.address().port));",
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [portLine] = (await once(child.stdout!, 'data')) as [Buffer];
const endpoint = `http://127.0.0.1:${Number(portLine.toString().trim())}`;

const sdk = new DynamoDBClient({ endpoint, region, credentials });
await createTables(sdk, tables);
const documents = DynamoDBDocumentClient.from(sdk);
const thin = createDynamoJsonClient({ endpoint, region, credentials });

const expression = 'SET expiresAt = if_not_exists(expiresAt, :e) ADD requests :one, committedTokens :t';
const condition = 'attribute_not_exists(committedTokens) OR committedTokens <= :c';

/** The same update as lib-dynamodb's, in DynamoDB JSON. */
function marshalledUpdate(pk: string) {
  return {
    TableName: tables.usage,
    Key: { pk: { S: pk } },
    UpdateExpression: expression,
    ConditionExpression: condition,
    ExpressionAttributeValues: {
      ':e': { N: '1' },
      ':one': { N: '1' },
      ':t': { N: '150' },
      ':c': { N: '1000000000000' },
    },
  };
}

const variants: Record<string, (index: number) => Promise<unknown>> = {
  'lib-dynamodb UpdateCommand': (index) =>
    documents.send(
      new UpdateCommand({
        TableName: tables.usage,
        Key: { pk: `doc#${index % 50}` },
        UpdateExpression: expression,
        ConditionExpression: condition,
        ExpressionAttributeValues: { ':e': 1, ':one': 1, ':t': 150, ':c': 1e12 },
      }),
    ),
  'client-dynamodb UpdateItemCommand (marshalled)': (index) =>
    sdk.send(new UpdateItemCommand(marshalledUpdate(`plain#${index % 50}`))),
  'signed JSON-protocol client': (index) => thin.send('UpdateItem', marshalledUpdate(`thin#${index % 50}`)),
};

async function run(call: (index: number) => Promise<unknown>, count: number): Promise<number> {
  const start = process.cpuUsage();
  // Ten in flight at once, as under load.
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < count) await call(next++);
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / count;
}

const results = new Map<string, number[]>(Object.keys(variants).map((name) => [name, []]));
for (const call of Object.values(variants)) await run(call, warmup);
// Interleaved rounds, so drift on the machine hits every client alike.
for (let round = 0; round < 2; round++) {
  for (const [name, call] of Object.entries(variants)) {
    results.get(name)!.push(await run(call, calls));
  }
}
console.log(
  `CPU ms per UpdateItem (${calls} calls per round, ${warmup} warm-up, 10 in flight, node ${process.version}):`,
);
for (const [name, rounds] of results) {
  console.log(`  ${name.padEnd(48)} ${rounds.map((ms) => ms.toFixed(3)).join('  ')}`);
}
thin.destroy();
documents.destroy();
sdk.destroy();
child.kill();
