import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js';
import type { GatewayConfig } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createGateway, type Gateway } from '../../src/entry/create-gateway.js';
import { startServer } from '../../src/entry/start-server.js';
import { type CapturedLogs, captureLogs } from './capture-logs.js';

export interface TestStack {
  /** Base URL of the gateway, e.g. http://127.0.0.1:40123 */
  url: string;
  emulatorUrl: string;
  emulator: Emulator;
  gateway: Gateway;
  config: GatewayConfig;
  logs: CapturedLogs;
  close(): Promise<void>;
}

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * The local stack as the tests use it: the emulator and the gateway, each on an ephemeral loopback port,
 * with the gateway's configuration isolated from the machine's env and files.
 */
export async function startStack(
  options: { config?: Record<string, unknown>; emulator?: EmulatorOptions } = {},
): Promise<TestStack> {
  const emulator = createEmulator(options.emulator);
  const { url: emulatorUrl } = await emulator.listen(0, '127.0.0.1');
  const config = loadConfig({
    env: {},
    cwd: mkdtempSync(join(tmpdir(), 'bgw-stack-')),
    overrides: { ...options.config, bedrock: { endpoint: emulatorUrl } },
  });
  const logs = captureLogs();
  const gateway = createGateway(config, { bedrockCredentials: TEST_CREDENTIALS });
  const server = await startServer(gateway, { host: '127.0.0.1', port: 0 });
  return {
    url: server.url,
    emulatorUrl,
    emulator,
    gateway,
    config,
    logs,
    close: async () => {
      await server.close();
      gateway.close();
      await emulator.close();
      logs.restore();
    },
  };
}

/** POSTs JSON (or a raw string) and returns the status, headers and parsed body. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
