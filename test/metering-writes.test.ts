import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../emulator/index.js';
import { loadConfig } from '../src/config/load-config.js';
import { createGateway, type Gateway } from '../src/entry/create-gateway.js';
import { type RunningServer, startServer } from '../src/entry/start-server.js';
import type { LocalDynamo } from '../src/tenancy/local-dynamo.js';
import { measureItemBytes } from '../src/tenancy/measure-item-bytes.js';
import { type CapturedLogs, captureLogs } from './support/capture-logs.js';
import { startDynalite } from './support/dynalite.js';
import { readSse } from './support/read-sse.js';
import { TEST_CREDENTIALS } from './support/start-stack.js';
import { waitFor } from './support/wait-for.js';

/** Operations of DynamoDB's API that write. */
const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/**
 * A loopback proxy in front of dynalite that records the operation of every request that reaches it (its
 * `X-Amz-Target`), whichever client sent it: the count is the store's, not the gateway's own.
 */
async function startCountingProxy(
  target: string,
): Promise<{ url: string; operations: string[]; server: Server }> {
  const { hostname, port } = new URL(target);
  const operations: string[] = [];
  const server = createServer((incoming, outgoing) => {
    const operation = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    operations.push(operation);
    const forwarded = request(
      { hostname, port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, operations, server };
}

let emulator: Emulator;
let emulatorUrl: string;
let dynamo: LocalDynamo;
let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
let logs: CapturedLogs;
const cwd = mkdtempSync(join(tmpdir(), 'bgw-writes-'));
const running: Array<{ gateway: Gateway; server: RunningServer }> = [];

beforeAll(async () => {
  emulator = createEmulator();
  ({ url: emulatorUrl } = await emulator.listen(0, '127.0.0.1'));
  dynamo = await startDynalite();
  proxy = await startCountingProxy(dynamo.endpoint);
  logs = captureLogs();
});
afterAll(async () => {
  for (const { gateway, server } of running) {
    await server.close();
    gateway.close();
  }
  await new Promise((resolve) => proxy.server.close(resolve));
  await emulator.close();
  await dynamo.close();
  logs.restore();
  rmSync(cwd, { recursive: true, force: true });
});

/** A gateway on the emulator whose DynamoDB is the counting proxy; `settlementBatchMs` as the server's. */
async function startGateway(settlementBatchMs: number) {
  const config = loadConfig({
    env: {},
    cwd,
    overrides: {
      bedrock: { endpoint: emulatorUrl },
      auth: { mode: 'api-key' },
      dynamodb: { endpoint: proxy.url },
      tables: dynamo.tables,
    },
  });
  const gateway = createGateway(config, {
    bedrockCredentials: TEST_CREDENTIALS,
    dynamoCredentials: TEST_CREDENTIALS,
    settlementBatchMs,
  });
  const server = await startServer(gateway, { host: '127.0.0.1', port: 0 });
  running.push({ gateway, server });
  return { gateway, server };
}

/** A key with every limit, so the minute, day and month are all metered. */
async function createLimitedKey(gateway: Gateway) {
  const created = await gateway.tenancy!.keyStore.create({
    name: 'writes',
    models: ['*'],
    limits: { rpm: 1_000, tpm: 1_000_000, dailyTokens: 10_000_000, monthlyBudgetUsd: 100 },
  });
  return { key: created.key, keyId: created.record.keyId };
}

function post(url: string, path: string, key: string, body: unknown) {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}

/** One request of each kind: plain and streamed generation, chat completions, Messages, embeddings. */
async function sendMixedRequests(url: string, key: string): Promise<number> {
  const plain = await post(url, '/v1/generate', key, { prompt: 'Count my writes.', max_tokens: 50 });
  expect(plain.status).toBe(200);
  await plain.json();
  const streamed = await post(url, '/v1/generate', key, {
    prompt: 'Stream it.',
    max_tokens: 50,
    stream: true,
  });
  const events: string[] = [];
  for await (const event of readSse(streamed)) events.push(event.event ?? '');
  expect(events.at(-1)).toBe('done');
  const chat = await post(url, '/v1/chat/completions', key, {
    model: 'claude-haiku',
    messages: [{ role: 'user', content: 'Hello' }],
    max_tokens: 50,
  });
  expect(chat.status).toBe(200);
  await chat.json();
  const messages = await post(url, '/v1/messages', key, {
    model: 'claude-haiku',
    max_tokens: 50,
    messages: [{ role: 'user', content: 'Hello' }],
  });
  expect(messages.status).toBe(200);
  await messages.json();
  const embeddings = await post(url, '/v1/embeddings', key, { model: 'titan-embed-text-v2', input: 'Hello' });
  expect(embeddings.status).toBe(200);
  await embeddings.json();
  return 5;
}

const writesSince = (start: number) =>
  proxy.operations.slice(start).filter((name) => WRITE_OPERATIONS.has(name));

describe('DynamoDB writes per metered request', () => {
  it('makes at most 2 (one to reserve, one to settle) on every route, when each settlement is written at once (Lambda)', async () => {
    // Prepare
    const { gateway, server } = await startGateway(0);
    const { key, keyId } = await createLimitedKey(gateway);
    const start = proxy.operations.length;

    // Act
    const requests = await sendMixedRequests(server.url, key);
    const usage = await waitForSettled(gateway, keyId, requests);

    // Assess
    expect(usage.day).toMatchObject({ requests, reservedTokens: 0 });
    expect(writesSince(start)).toEqual(Array.from({ length: 2 * requests }, () => 'UpdateItem'));
  });

  it('writes usage per model in the same settle write: still 2 writes per request, and the item stays small', async () => {
    // Prepare
    const { gateway, server } = await startGateway(0);
    const { key, keyId } = await createLimitedKey(gateway);
    const start = proxy.operations.length;

    // Act: the mixed requests use three models (the default, claude-haiku, titan-embed-text-v2)
    const requests = await sendMixedRequests(server.url, key);
    await waitForSettled(gateway, keyId, requests);
    const month = new Date().toISOString().slice(0, 7);
    const usage = await gateway.tenancy!.meter.getMonthUsage(keyId, month);
    const item = await readUsageItem(`${keyId}#M#${month}`);

    // Assess: per-model counters add up to the totals, at no extra write
    expect(writesSince(start).filter((name) => name !== 'GetItem')).toHaveLength(2 * requests);
    const models = usage.month.models;
    expect(Object.keys(models).sort()).toEqual(
      ['claude-haiku', config().defaultModel, 'titan-embed-text-v2'].sort(),
    );
    expect(models['claude-haiku']!.requests).toBe(2);
    const sum = (field: 'inputTokens' | 'outputTokens' | 'costMicroUsd') =>
      Object.values(models).reduce((total, model) => total + model[field], 0);
    expect(sum('inputTokens')).toBe(usage.month.inputTokens);
    expect(sum('outputTokens')).toBe(usage.month.outputTokens);
    expect(sum('costMicroUsd')).toBe(usage.month.costMicroUsd);
    expect(usage.days.at(-1)!.models['claude-haiku']).toEqual(models['claude-haiku']);
    // One write unit is 1 KB of item: with three models in today's day and the month, it still fits.
    const bytes = measureItemBytes(item);
    const modelBytes = measureItemBytes(
      Object.fromEntries(Object.entries(item).filter(([name]) => name.includes('@'))),
    );
    process.stderr.write(`usage item, 3 models, 1 day: ${bytes} bytes (${modelBytes} per model)\n`);
    expect(bytes).toBeLessThan(1024);
  });

  it('makes fewer with batched settlements (the Node server): one per key and interval for all of them', async () => {
    // Prepare
    const { gateway, server } = await startGateway(10_000);
    const { key, keyId } = await createLimitedKey(gateway);
    const start = proxy.operations.length;

    // Act: 20 requests inside one batch interval, then the shutdown flush
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const answer = await post(server.url, '/v1/generate', key, { prompt: 'Batch', max_tokens: 20 });
        expect(answer.status).toBe(200);
        await answer.json();
      }),
    );
    await server.close();
    const usage = await gateway.tenancy!.meter.getUsage(keyId);

    // Assess: 20 reservations and one settlement write
    expect(usage.day).toMatchObject({ requests: 20, reservedTokens: 0 });
    expect(writesSince(start)).toHaveLength(21);
  });

  it('exposes the meter’s own count of DynamoDB writes, for the bench', async () => {
    // Prepare
    const { gateway, server } = await startGateway(0);
    const { key, keyId } = await createLimitedKey(gateway);
    const before = gateway.tenancy!.usageStoreCalls.writes;

    // Act
    const answer = await post(server.url, '/v1/generate', key, { prompt: 'Count', max_tokens: 20 });
    await answer.json();
    await waitForSettled(gateway, keyId, 1);

    // Assess
    expect(gateway.tenancy!.usageStoreCalls.writes - before).toBe(2);
  });
});

/** The gateway's config as these tests build it (for the default model). */
function config() {
  return loadConfig({ env: {}, cwd, overrides: { bedrock: { endpoint: emulatorUrl } } });
}

/** The raw usage item, read straight from dynalite (not through the counting proxy). */
async function readUsageItem(itemKey: string): Promise<Record<string, { N?: string; S?: string }>> {
  const { Item } = await dynamo.jsonClient.send<{ Item?: Record<string, { N?: string; S?: string }> }>(
    'GetItem',
    { TableName: dynamo.tables.usage, Key: { pk: { S: itemKey } }, ConsistentRead: true },
  );
  return Item ?? {};
}

/** The key's usage once `requests` are counted with nothing left reserved (settlement ends after the answer). */
function waitForSettled(gateway: Gateway, keyId: string, requests: number) {
  return waitFor(
    () => gateway.tenancy!.meter.getUsage(keyId),
    (usage) => usage.day.requests === requests && usage.day.reservedTokens === 0,
  );
}
