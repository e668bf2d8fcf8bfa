import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../emulator/index.js';
import { createKeyStore } from '../src/tenancy/key-store.js';
import type { LocalDynamo } from '../src/tenancy/local-dynamo.js';
import { createUsageMeter } from '../src/tenancy/usage-meter.js';
import { startDynalite } from './support/dynalite.js';
import { readSse } from './support/read-sse.js';
import { type GatewayProcess, spawnGateway } from './support/spawn-gateway.js';

let emulator: Emulator;
let emulatorUrl: string;
let dynamo: LocalDynamo;
const running: GatewayProcess[] = [];

beforeAll(async () => {
  emulator = createEmulator();
  ({ url: emulatorUrl } = await emulator.listen(0, '127.0.0.1'));
  dynamo = await startDynalite();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.cleanUp()));
});
afterAll(async () => {
  await emulator.close();
  await dynamo.close();
});

async function createKey(name: string) {
  const store = createKeyStore({ client: dynamo.documentClient, tableName: dynamo.tables.keys });
  const created = await store.create({ name, models: ['*'] });
  return { key: created.key, keyId: created.record.keyId };
}

function readUsage(keyId: string) {
  return createUsageMeter({ client: dynamo.jsonClient, tableName: dynamo.tables.usage }).getUsage(keyId);
}

/** `node --import tsx src/entry/server.ts` against the test's emulator and dynalite, on an ephemeral port. */
async function startGatewayProcess(server: Record<string, unknown> = {}) {
  const gateway = spawnGateway({
    entry: 'src/entry/server.ts',
    config: {
      server: { host: '127.0.0.1', port: 0, ...server },
      bedrock: { endpoint: emulatorUrl },
      dynamodb: { endpoint: dynamo.endpoint },
      tables: dynamo.tables,
    },
  });
  running.push(gateway);
  const listening = await gateway.waitForLine((line) => line.includes('"gateway listening"'));
  return { gateway, url: JSON.parse(listening).url as string };
}

function streamGenerate(url: string, key: string, prompt: string): Promise<Response> {
  return fetch(`${url}/v1/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ prompt, stream: true }),
  });
}

/** 30 tokens are 10 emulator chunks of 3: 10 deltas, 100 ms apart, then done. */
const TEN_EVENT_STREAM = 'Drain me [[emulator:tokens=30]] [[emulator:delay_ms=100]]';
/** 100 deltas 50 ms apart: 5 s, longer than the short drains below. */
const LONG_STREAM = 'Long one [[emulator:tokens=300]] [[emulator:delay_ms=50]]';

/** Opens a stream and waits for its first event, so that a signal sent next finds it live. */
async function openLiveStream(url: string, key: string, prompt: string) {
  const response = await streamGenerate(url, key, prompt);
  const events = readSse(response);
  const first = (await events.next()).value!;
  return {
    response,
    /** Every event, the first included, once the stream has ended. */
    readToEnd: async () => {
      const all = [first];
      for await (const event of events) all.push(event);
      return all;
    },
  };
}

/** Whether a new TCP connection to `url` is refused. */
function isRefused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('node server: graceful shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s lets a live stream finish, settles its usage, refuses new connections and exits 0',
    async (signal) => {
      // Prepare
      const { key, keyId } = await createKey(`drain-${signal}`);
      const { gateway, url } = await startGatewayProcess();
      const stream = await openLiveStream(url, key, TEN_EVENT_STREAM);

      // Act
      gateway.child.kill(signal);
      await gateway.waitForLine((line) => line.includes('"drain started"'));
      const refused = await isRefused(url);
      const events = await stream.readToEnd();
      const code = await gateway.exited;

      // Assess: every event arrived, the settlement was written before exit, and the drain was logged.
      const names = events.map((event) => event.event);
      expect(names.filter((name) => name === 'delta')).toHaveLength(10);
      expect(names.at(-1)).toBe('done');
      const done = JSON.parse(events.at(-1)!.data);
      expect(code).toBe(0);
      expect(refused).toBe(true);
      expect(stream.response.headers.get('keep-alive')).toBe('timeout=65');
      const usage = await readUsage(keyId);
      expect(usage.day).toMatchObject({
        requests: 1,
        inputTokens: done.usage.input_tokens,
        outputTokens: done.usage.output_tokens,
        reservedTokens: 0,
      });
      const logs = gateway.logs();
      expect(logs.find((line) => line.message === 'drain started')).toMatchObject({ signal, in_flight: 1 });
      expect(logs.find((line) => line.message === 'drain finished')).toMatchObject({
        in_flight_at_start: 1,
        cut_at_deadline: 0,
        closed_by_force: 0,
        unfinished: 0,
        settlements_flushed: 1,
      });
      expect(gateway.lines.join('\n')).not.toContain(key);
    },
  );

  it('on SIGTERM writes the settlements still waiting in their batch, so every request is counted', async () => {
    // Prepare: a batch interval (10 s) far longer than the requests take, so every settlement is still batched at the signal
    const { key, keyId } = await createKey('batched');
    const { gateway, url } = await startGatewayProcess({ settlementBatchMs: 10_000 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const response = await fetch(`${url}/v1/generate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ prompt: `Batch me ${index}`, max_tokens: 50 }),
        });
        expect(response.status).toBe(200);
        return (await response.json()) as { usage: { input_tokens: number; output_tokens: number } };
      }),
    );
    const beforeSignal = await readUsage(keyId);

    // Act
    gateway.child.kill('SIGTERM');
    const code = await gateway.exited;

    // Assess: admitted and held before the signal, settled to the last token after it
    expect(beforeSignal.day).toMatchObject({ requests: 20, inputTokens: 0 });
    expect(beforeSignal.day.reservedTokens).toBeGreaterThan(0);
    expect(code).toBe(0);
    const sum = (field: 'input_tokens' | 'output_tokens') =>
      answers.reduce((total, answer) => total + answer.usage[field], 0);
    expect((await readUsage(keyId)).day).toMatchObject({
      requests: 20,
      inputTokens: sum('input_tokens'),
      outputTokens: sum('output_tokens'),
      reservedTokens: 0,
    });
    expect(gateway.logs().find((line) => line.message === 'drain finished')).toMatchObject({
      settlements_flushed: 20,
    });
  });

  it('ends a stream that outlives the drain deadline with a server_shutting_down event, settled, and exits 0', async () => {
    // Prepare: a 5 s stream and a 300 ms drain.
    const { key, keyId } = await createKey('deadline');
    const { gateway, url } = await startGatewayProcess({ drainTimeoutMs: 300 });
    const stream = await openLiveStream(url, key, LONG_STREAM);

    // Act
    gateway.child.kill('SIGTERM');
    const events = await stream.readToEnd();
    const code = await gateway.exited;

    // Assess: the stream ended with an error event, not silently, and what was sent is counted.
    const names = events.map((event) => event.event);
    expect(names.filter((name) => name === 'delta').length).toBeLessThan(100);
    expect(names).not.toContain('done');
    expect(names.at(-1)).toBe('error');
    expect(JSON.parse(events.at(-1)!.data).error).toMatchObject({ code: 'server_shutting_down' });
    expect(code).toBe(0);
    const logs = gateway.logs();
    const requestLine = logs.find((line) => line.message === 'request' && line.path === '/v1/generate');
    expect(requestLine).toMatchObject({ error_code: 'server_shutting_down' });
    const usage = await readUsage(keyId);
    expect(usage.day).toMatchObject({
      requests: 1,
      inputTokens: requestLine!.input_tokens,
      outputTokens: requestLine!.output_tokens,
      reservedTokens: 0,
    });
    expect(usage.day.outputTokens).toBeGreaterThan(0);
    expect(logs.find((line) => line.message === 'drain finished')).toMatchObject({
      cut_at_deadline: 1,
      unfinished: 0,
      settlements_flushed: 1,
    });
  });

  it('ends the drain at a second signal: the live stream gets its server_shutting_down event, and exit is 0', async () => {
    // Prepare: a 5 s stream, well inside the default 20 s drain.
    const { key, keyId } = await createKey('second-signal');
    const { gateway, url } = await startGatewayProcess();
    const stream = await openLiveStream(url, key, LONG_STREAM);

    // Act
    gateway.child.kill('SIGTERM');
    await gateway.waitForLine((line) => line.includes('"drain started"'));
    gateway.child.kill('SIGINT');
    const events = await stream.readToEnd();
    const code = await gateway.exited;

    // Assess
    expect(events.at(-1)!.event).toBe('error');
    expect(JSON.parse(events.at(-1)!.data).error).toMatchObject({ code: 'server_shutting_down' });
    expect(code).toBe(0);
    expect((await readUsage(keyId)).day).toMatchObject({ requests: 1, reservedTokens: 0 });
  });

  it('closes a call that does not stream once the deadline and grace have passed, still settles it, and exits 0', async () => {
    // Prepare: a non-streamed answer that Bedrock (the emulator) takes 5 s to give.
    const { key, keyId } = await createKey('hung-call');
    const { gateway, url } = await startGatewayProcess({ drainTimeoutMs: 200, cutoffGraceMs: 200 });
    const calls = () => [...emulator.stats.requestsByModel.values()].reduce((sum, count) => sum + count, 0);
    const callsBefore = calls();
    const answer = fetch(`${url}/v1/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ prompt: 'Slow [[emulator:delay_ms=5000]]' }),
    }).then(
      (response) => `status ${response.status}`,
      () => 'connection closed',
    );
    while (calls() === callsBefore) await new Promise((resolve) => setTimeout(resolve, 20));

    // Act
    gateway.child.kill('SIGTERM');
    const outcome = await answer;
    const code = await gateway.exited;

    // Assess: the connection was closed (no made-up answer), the abandoned call charged and settled.
    expect(outcome).toBe('connection closed');
    expect(code).toBe(0);
    const usage = await readUsage(keyId);
    expect(usage.day).toMatchObject({ requests: 1, reservedTokens: 0 });
    expect(usage.day.inputTokens).toBeGreaterThan(0);
    expect(gateway.logs().find((line) => line.message === 'drain finished')).toMatchObject({
      cut_at_deadline: 1,
      closed_by_force: 1,
      unfinished: 0,
      settlements_flushed: 1,
    });
  });
});

describe('node server: timeouts', () => {
  it('answers 408 and closes the connection when a request body trickles past requestTimeoutMs', async () => {
    // Prepare
    const { key } = await createKey('trickle');
    const { url } = await startGatewayProcess({
      keepAliveTimeoutMs: 200,
      headersTimeoutMs: 300,
      requestTimeoutMs: 500,
    });
    const { hostname, port } = new URL(url);
    const body = JSON.stringify({ prompt: 'x'.repeat(200) });

    // Act: send the headers, then one byte every 50 ms; the whole body would take 10 s.
    const answer = await new Promise<{ text: string; sentAll: boolean }>((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let text = '';
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      socket.on('data', (chunk) => {
        text += chunk.toString();
      });
      socket.once('error', reject);
      socket.once('close', () => {
        clearInterval(timer);
        resolve({ text, sentAll: sent === body.length });
      });
      socket.once('connect', () => {
        socket.write(
          `POST /v1/generate HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\n` +
            `authorization: Bearer ${key}\r\ncontent-length: ${body.length}\r\n\r\n`,
        );
        timer = setInterval(() => {
          if (sent < body.length && !socket.destroyed) socket.write(body[sent++]!);
        }, 50);
      });
    });

    // Assess
    expect(answer.sentAll).toBe(false);
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
  });
});

describe('npm start (src/entry/local.ts): graceful shutdown', () => {
  it('on SIGINT lets a live stream finish, then exits 0', async () => {
    // Prepare: the local stack's own emulator and dynalite, an ephemeral port, and the dev key it prints.
    const local = spawnGateway({ entry: 'src/entry/local.ts', env: { PORT: '0' } });
    running.push(local);
    const devKey = (await local.waitForLine((line) => line.startsWith('Dev key:'))).split(/\s+/)[2]!;
    const url = (await local.waitForLine((line) => line.includes('is running at'))).split(' at ')[1]!;
    const stream = await openLiveStream(url, devKey, TEN_EVENT_STREAM);

    // Act
    local.child.kill('SIGINT');
    const events = await stream.readToEnd();
    const code = await local.exited;

    // Assess
    const names = events.map((event) => event.event);
    expect(names.filter((name) => name === 'delta')).toHaveLength(10);
    expect(names.at(-1)).toBe('done');
    expect(code).toBe(0);
    expect(local.logs().find((line) => line.message === 'drain finished')).toMatchObject({
      cut_at_deadline: 0,
      settlements_flushed: 1,
    });
  });
});
