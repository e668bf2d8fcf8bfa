/**
 * The processes the bench drives. Each server is its own child process, so that none competes with the load
 * generator (this process) or with another server inside one event loop:
 *
 *   bench (autocannon, node:http clients) ──HTTP/1.1──▶ gateway child (node dist/server.mjs) ──HTTP/2──▶ emulator child
 *                                       └──HTTP/1.1──▶ emulator child (the baseline)       └──HTTP/1.1──▶ dynalite child
 *
 * The gateway under test is the shipped container bundle, `dist/server.mjs`, configured by environment
 * variables. Only the profile run uses the gateway from source (bench/serve-gateway.ts), for readable names.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BenchChild, findFreePort, startChild } from './child-process.js';
import type { DynaliteChildInfo } from './serve-dynalite.js';

export const SERVER_BUNDLE = resolve('dist/server.mjs');

export type EmulatorChild = BenchChild<{ url: string }>;
export type DynaliteChild = BenchChild<DynaliteChildInfo>;
export type GatewayChild = BenchChild<{ url: string }>;

export function startEmulatorChild(): Promise<EmulatorChild> {
  return startChild({
    name: 'emulator',
    nodeArgs: ['--import', 'tsx', 'bench/serve-emulator.ts'],
    ready: { kind: 'reported' },
  });
}

export function startDynaliteChild(keyCount: number): Promise<DynaliteChild> {
  return startChild({
    name: 'dynalite',
    nodeArgs: ['--import', 'tsx', 'bench/serve-dynalite.ts', '--keys', String(keyCount)],
    ready: { kind: 'reported' },
  });
}

/** Auth and metering on against `dynalite`, or `GATEWAY_AUTH=none` without it. */
export interface GatewayChildOptions {
  name: string;
  emulator: EmulatorChild;
  dynalite?: DynaliteChild;
}

function describeGatewayEnvironment(options: GatewayChildOptions): Record<string, string> {
  const { dynalite } = options;
  return {
    BEDROCK_ENDPOINT: options.emulator.info.url,
    AWS_REGION: 'us-east-1',
    // The emulator and dynalite check no signatures; fixed credentials keep the SDK from probing for any.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    ...(dynalite
      ? {
          GATEWAY_AUTH: 'api-key',
          DYNAMODB_ENDPOINT: dynalite.info.endpoint,
          GATEWAY_KEYS_TABLE: dynalite.info.tables.keys,
          GATEWAY_USAGE_TABLE: dynalite.info.tables.usage,
        }
      : { GATEWAY_AUTH: 'none' }),
  };
}

/** The shipped server bundle. Needs `npm run build` first (see ensure-build.ts). */
export async function startGatewayChild(options: GatewayChildOptions): Promise<GatewayChild> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  return startChild({
    name: options.name,
    nodeArgs: [SERVER_BUNDLE],
    env: { ...describeGatewayEnvironment(options), HOST: '127.0.0.1', PORT: String(port) },
    // An empty directory, so no gateway.config.json is picked up.
    cwd: mkdtempSync(join(tmpdir(), 'bgw-bench-')),
    ready: { kind: 'health', healthUrl: `${url}/health`, info: { url } },
  });
}

/** The gateway from source with `--cpu-prof`; the profile is written to `profileDirectory` when it stops. */
export function startProfiledGatewayChild(
  options: GatewayChildOptions & { profileDirectory: string },
): Promise<GatewayChild> {
  const { dynalite } = options;
  const authArgs = dynalite
    ? [
        '--dynamo',
        dynalite.info.endpoint,
        '--keys-table',
        dynalite.info.tables.keys,
        '--usage-table',
        dynalite.info.tables.usage,
      ]
    : [];
  return startChild({
    name: options.name,
    nodeArgs: [
      '--cpu-prof',
      `--cpu-prof-dir=${options.profileDirectory}`,
      '--import',
      'tsx',
      'bench/serve-gateway.ts',
      '--emulator',
      options.emulator.info.url,
      ...authArgs,
    ],
    ready: { kind: 'reported' },
  });
}

export interface BenchStack {
  emulator: EmulatorChild;
  dynalite: DynaliteChild;
  /** The API keys in dynalite: every model, no limits. */
  keys: string[];
  /** Auth and metering on. */
  gatewayWithAuth: GatewayChild;
  /** `GATEWAY_AUTH=none`: no keys, no metering, no DynamoDB. */
  gatewayWithoutAuth: GatewayChild;
  stop(): Promise<void>;
}

export async function startBenchStack(keyCount: number): Promise<BenchStack> {
  const [emulator, dynalite] = await Promise.all([startEmulatorChild(), startDynaliteChild(keyCount)]);
  const [gatewayWithAuth, gatewayWithoutAuth] = await Promise.all([
    startGatewayChild({ name: 'gateway', emulator, dynalite }),
    startGatewayChild({ name: 'gateway (auth none)', emulator }),
  ]);
  return {
    emulator,
    dynalite,
    keys: dynalite.info.keys,
    gatewayWithAuth,
    gatewayWithoutAuth,
    stop: async () => {
      await Promise.all([gatewayWithAuth.stop(), gatewayWithoutAuth.stop()]);
      await Promise.all([emulator.stop(), dynalite.stop()]);
    },
  };
}
