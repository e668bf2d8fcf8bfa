import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import { createKeyStore } from '../../src/tenancy/key-store.js';
import type { LocalDynamo } from '../../src/tenancy/local-dynamo.js';
import { repoRoot } from '../infra/load-terraform.js';
import { startDynalite } from '../support/dynalite.js';
import { readSse } from '../support/read-sse.js';
import { type GatewayProcess, spawnGateway } from '../support/spawn-gateway.js';
import { lastInstruction, loadDockerfile, type Stage, stageEnv } from './parse-dockerfile.js';

const run = promisify(execFile);

/**
 * The image, as far as it can be reproduced without a docker engine: `npm run build` into a temp folder (the
 * build stage), the runtime stage's COPY into a folder standing for its WORKDIR, then its CMD run there with its
 * ENV. What the orchestrator adds (credentials, the config document, a port) comes on top, as ECS adds it.
 * Not reproduced: tini as PID 1 (the signal goes to node directly, as tini forwards it), the node user, the
 * read-only root filesystem (the folder is not written to: checked below), and Node 22 (this machine runs
 * the Node it has).
 */
const dockerfile = loadDockerfile(repoRoot);
const runtime = dockerfile.stages.at(-1) as Stage;
const imageEnv = stageEnv(runtime);
const command = lastInstruction(runtime, 'CMD')?.execForm ?? [];
const healthcheck = JSON.parse(lastInstruction(runtime, 'HEALTHCHECK')?.rest.replace(/^CMD\s+/, '') ?? '[]');

let buildDir: string;
let appDir: string;
let emulator: Emulator;
let emulatorUrl: string;
let dynamo: LocalDynamo;
let key: string;
const running: GatewayProcess[] = [];

beforeAll(async () => {
  buildDir = mkdtempSync(join(tmpdir(), 'bgw-image-build-'));
  await run(process.execPath, ['scripts/build.mjs'], {
    cwd: repoRoot,
    env: { ...process.env, BUILD_OUT_DIR: join(buildDir, 'dist') },
  });
  // COPY --from=build <sources> <WORKDIR>: the build stage's /build is buildDir.
  appDir = mkdtempSync(join(tmpdir(), 'bgw-image-app-'));
  const copy = runtime.instructions.find((instruction) => instruction.keyword === 'COPY');
  const sources = copy?.rest.split(/\s+/).slice(0, -1) ?? [];
  mkdirSync(appDir, { recursive: true });
  for (const source of sources) {
    copyFileSync(join(buildDir, source.replace(/^\/build\//, '')), join(appDir, basename(source)));
  }
  emulator = createEmulator();
  ({ url: emulatorUrl } = await emulator.listen(0, '127.0.0.1'));
  dynamo = await startDynalite();
  const store = createKeyStore({ client: dynamo.documentClient, tableName: dynamo.tables.keys });
  key = (await store.create({ name: 'image', models: ['*'] })).key;
}, 60_000);
afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.cleanUp()));
});
afterAll(async () => {
  await emulator?.close();
  await dynamo?.close();
  for (const dir of [buildDir, appDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The container as ECS starts it: the image's CMD and ENV, the config document in GATEWAY_CONFIG_JSON. */
async function startAsImage() {
  expect(command[0]).toBe('node');
  const gateway = spawnGateway({
    nodeArguments: command.slice(1),
    cwd: appDir,
    env: {
      ...imageEnv,
      // The one change to the image's ENV: a free port instead of 8080, so tests can run side by side.
      PORT: '0',
      GATEWAY_CONFIG_JSON: JSON.stringify({
        bedrock: { endpoint: emulatorUrl },
        dynamodb: { endpoint: dynamo.endpoint },
        tables: dynamo.tables,
      }),
    },
  });
  running.push(gateway);
  const listening = JSON.parse(await gateway.waitForLine((line) => line.includes('"gateway listening"')));
  const port = new URL(listening.url).port;
  return { gateway, listening, url: `http://127.0.0.1:${port}`, port };
}

describe('the server started as the image starts it', () => {
  it('listens on every interface, answers /health and the image’s HEALTHCHECK, and serves a generate call', async () => {
    // Act
    const { listening, url, port } = await startAsImage();
    const health = await fetch(`${url}/health`);
    const probe = await run(process.execPath, healthcheck.slice(1), {
      env: { PATH: process.env.PATH ?? '', PORT: port },
    }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? 1,
    );
    const generate = await fetch(`${url}/v1/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ prompt: 'Hello from the container' }),
    });
    const body = await generate.json();

    // Assess
    expect(new URL(listening.url).hostname).toBe('0.0.0.0');
    expect(health.status).toBe(200);
    expect(healthcheck[0]).toBe('node');
    expect(probe).toBe(0);
    expect(generate.status).toBe(200);
    expect(typeof body.output).toBe('string');
    expect(body.output.length).toBeGreaterThan(0);
    expect(body.usage.output_tokens).toBeGreaterThan(0);
    // Nothing is written next to the bundle: a read-only root filesystem would not stop it.
    expect(readdirSync(appDir).sort()).toEqual(['server.mjs', 'server.mjs.map']);
  });

  it('fails the HEALTHCHECK when nothing answers on the port', async () => {
    // Prepare: a port where the server is not listening any more.
    const { gateway, port } = await startAsImage();
    gateway.child.kill('SIGTERM');
    await gateway.exited;

    // Act
    const probe = await run(process.execPath, healthcheck.slice(1), {
      env: { PATH: process.env.PATH ?? '', PORT: port },
    }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? 1,
    );

    // Assess
    expect(probe).toBe(1);
  });

  it('on SIGTERM lets an in-flight stream complete, then exits 0', async () => {
    // Prepare: 10 deltas 100 ms apart, with the first already received when the signal goes out.
    const { gateway, url } = await startAsImage();
    const response = await fetch(`${url}/v1/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        prompt: 'Drain me [[emulator:tokens=30]] [[emulator:delay_ms=100]]',
        stream: true,
      }),
    });
    const events = readSse(response);
    const first = (await events.next()).value!;

    // Act
    gateway.child.kill('SIGTERM');
    const rest = [];
    for await (const event of events) rest.push(event);
    const code = await gateway.exited;

    // Assess
    const names = [first, ...rest].map((event) => event.event);
    expect(names.filter((name) => name === 'delta')).toHaveLength(10);
    expect(names.at(-1)).toBe('done');
    expect(code).toBe(0);
    expect(gateway.logs().find((line) => line.message === 'drain started')).toMatchObject({
      signal: 'SIGTERM',
    });
  });
});
