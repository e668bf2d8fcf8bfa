import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js';
import type { GatewayConfig } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createGateway, type Gateway } from '../../src/entry/create-gateway.js';
import { startServer } from '../../src/entry/start-server.js';
import type { NewKey } from '../../src/tenancy/key-record.js';
import type { LocalDynamo } from '../../src/tenancy/local-dynamo.js';
import { type CapturedLogs, captureLogs } from './capture-logs.js';
import { startDynalite } from './dynalite.js';

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A parsed JSON response. */
export interface JsonResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  body: any;
}

export interface TestStack {
  /** Base URL of the gateway, e.g. http://127.0.0.1:40123 */
  url: string;
  emulatorUrl: string;
  emulator: Emulator;
  gateway: Gateway;
  config: GatewayConfig;
  logs: CapturedLogs;
  /** The local DynamoDB (dynalite), when auth is on. */
  dynamo: LocalDynamo | undefined;
  /** A key allowed every model with no limits, sent by default by `fetch` and `postJson`. */
  key: string | undefined;
  /** Creates another key in the stack's table. */
  createKey(input: NewKey): Promise<string>;
  /** fetch against the gateway, with the stack's key unless `authorization` or `x-api-key` is given. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs JSON (or a raw string) with the stack's key and parses the answer. */
  postJson(path: string, body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  close(): Promise<void>;
}

/**
 * The local stack as the tests use it: the emulator, dynalite (unless `auth: false`) and the gateway, each on
 * an ephemeral loopback port, with the gateway's configuration isolated from the machine's env and files.
 */
export async function startStack(
  options: {
    config?: Record<string, unknown>;
    emulator?: EmulatorOptions;
    auth?: boolean;
    /** A built console to serve at /console. */
    consoleDirectory?: string;
  } = {},
): Promise<TestStack> {
  const emulator = createEmulator(options.emulator);
  const { url: emulatorUrl } = await emulator.listen(0, '127.0.0.1');
  const dynamo = options.auth === false ? undefined : await startDynalite();
  // An empty working directory, so no gateway.config.json of the machine's is read; removed on close.
  const cwd = mkdtempSync(join(tmpdir(), 'bgw-stack-'));
  const config = loadConfig({
    env: {},
    cwd,
    overrides: {
      ...options.config,
      bedrock: { endpoint: emulatorUrl },
      ...(dynamo
        ? {
            auth: { ...(options.config?.auth as object | undefined), mode: 'api-key' },
            dynamodb: { endpoint: dynamo.endpoint },
            tables: dynamo.tables,
          }
        : { auth: { mode: 'none' } }),
    },
  });
  const logs = captureLogs();
  const gateway = createGateway(config, {
    bedrockCredentials: TEST_CREDENTIALS,
    dynamoCredentials: TEST_CREDENTIALS,
    ...(options.consoleDirectory ? { consoleDirectory: options.consoleDirectory } : {}),
  });
  const server = await startServer(gateway, { host: '127.0.0.1', port: 0 });
  const createKey = async (input: NewKey) => {
    if (!gateway.tenancy) throw new Error('this stack runs with auth off');
    return (await gateway.tenancy.keyStore.create(input)).key;
  };
  const key = dynamo ? await createKey({ name: 'test', models: ['*'] }) : undefined;

  const stackFetch = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (key && !headers.has('authorization') && !headers.has('x-api-key'))
      headers.set('authorization', `Bearer ${key}`);
    return fetch(`${server.url}${path}`, { ...init, headers });
  };

  return {
    url: server.url,
    emulatorUrl,
    emulator,
    gateway,
    config,
    logs,
    dynamo,
    key,
    createKey,
    fetch: stackFetch,
    postJson: async (path, body, headers = {}) => {
      const response = await stackFetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text ? JSON.parse(text) : undefined,
      };
    },
    close: async () => {
      await server.close();
      gateway.close();
      await emulator.close();
      await dynamo?.close();
      logs.restore();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
