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
import { pathToFileURL } from 'node:url';
import { type BenchChild, findFreePort, startChild } from './child-process.js';
import type { DynaliteChildInfo } from './serve-dynalite.js';

export const SERVER_BUNDLE = resolve('dist/server.mjs');
const EXIT_WITH_PARENT = pathToFileURL(resolve('bench/exit-with-parent.mjs')).href;

export type EmulatorChild = BenchChild<{ url: string }>;
export type DynaliteChild = BenchChild<DynaliteChildInfo>;
export type GatewayChild = BenchChild<{ url: string }>;
/** The peer gateway, `@portkey-ai/gateway` (a devDependency), started from its shipped node entry. */
export const PORTKEY_ENTRY = resolve('node_modules/@portkey-ai/gateway/build/start-server.js');
const LISTEN_ON_LOOPBACK = pathToFileURL(resolve('bench/portkey/listen-on-loopback.mjs')).href;

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

/** The floor (bench/serve-floor.ts): parse, sign, forward over keep-alive HTTP/1.1; nothing else. */
export function startFloorChild(emulator: EmulatorChild): Promise<GatewayChild> {
  return startChild({
    name: 'floor',
    nodeArgs: ['--import', 'tsx', 'bench/serve-floor.ts', '--emulator', emulator.info.url],
    ready: { kind: 'reported' },
  });
}

/**
 * Portkey's OSS gateway, from its published node entry, with a preload that binds it to 127.0.0.1 (it calls
 * `listen(port)`, which binds every interface). `--headless` skips its console UI; it routes each request to
 * the emulator by the headers of createPortkeyHeaders (bench-requests.ts). Its stdout (a banner) is discarded.
 */
export async function startPortkeyChild(name = 'portkey'): Promise<GatewayChild> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  return startChild({
    name,
    nodeArgs: [
      '--import',
      LISTEN_ON_LOOPBACK,
      '--import',
      EXIT_WITH_PARENT,
      PORTKEY_ENTRY,
      `--port=${port}`,
      '--headless',
    ],
    env: { NODE_ENV: 'production' },
    cwd: mkdtempSync(join(tmpdir(), 'bgw-bench-portkey-')),
    ready: { kind: 'health', healthUrl: `${url}/`, info: { url } },
    ...gatewayLogFiles(name),
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

/** A directory for this run's gateway stderr (and stdout with BENCH_GATEWAY_LOG_DIR), made on first use. */
let logDirectory: string | undefined;
let gatewayCount = 0;

export function getGatewayLogDirectory(): string {
  logDirectory ??= process.env.BENCH_GATEWAY_LOG_DIR ?? mkdtempSync(join(tmpdir(), 'bgw-bench-logs-'));
  return logDirectory;
}

/**
 * Gateway stderr (error log lines) goes to `gateway-stderr.log` rather than the terminal: a load run that
 * ends cuts requests in flight, and each gateway then logs errors that are artefacts of the cut. Stdout (one
 * line per request) is discarded, as the container's would be shipped elsewhere, unless
 * BENCH_GATEWAY_LOG_DIR is set for diagnosis.
 */
function gatewayLogFiles(name: string): { stderrFile: string; stdoutFile?: string } {
  const directory = getGatewayLogDirectory();
  gatewayCount += 1;
  return {
    stderrFile: join(directory, 'gateway-stderr.log'),
    ...(process.env.BENCH_GATEWAY_LOG_DIR
      ? { stdoutFile: join(directory, `${gatewayCount}-${name.replace(/\W+/g, '-')}.log`) }
      : {}),
  };
}

/** The shipped server bundle. Needs `npm run build` first (see ensure-build.ts). */
export async function startGatewayChild(options: GatewayChildOptions): Promise<GatewayChild> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  return startChild({
    name: options.name,
    nodeArgs: ['--import', EXIT_WITH_PARENT, SERVER_BUNDLE],
    env: { ...describeGatewayEnvironment(options), HOST: '127.0.0.1', PORT: String(port) },
    // An empty directory, so no gateway.config.json is picked up.
    cwd: mkdtempSync(join(tmpdir(), 'bgw-bench-')),
    ready: { kind: 'health', healthUrl: `${url}/health`, info: { url } },
    ...gatewayLogFiles(options.name),
  });
}

/**
 * The gateway from source, for profiling: SIGUSR2 starts the profiler, and the profile is written to
 * `profileFile` when the child stops.
 */
export function startProfiledGatewayChild(
  options: GatewayChildOptions & { profileFile: string },
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
      '--import',
      'tsx',
      'bench/serve-gateway.ts',
      '--emulator',
      options.emulator.info.url,
      '--profile-to',
      options.profileFile,
      ...authArgs,
    ],
    ready: { kind: 'reported' },
    ...gatewayLogFiles(options.name),
  });
}

/**
 * What every gateway child talks to: one emulator and one dynalite, started once per bench run. Gateways are
 * started per measurement instead, because a load run that ends while requests are in flight drops those
 * connections, and the gateway counts the aborted Bedrock calls as model failures (see the report): a reused
 * gateway would carry open circuit breakers into the next measurement.
 */
export interface Backends {
  emulator: EmulatorChild;
  dynalite: DynaliteChild;
  /** The API keys in dynalite: every model, no limits. */
  keys: string[];
  stop(): Promise<void>;
}

export async function startBackends(keyCount: number): Promise<Backends> {
  const [emulator, dynalite] = await Promise.all([startEmulatorChild(), startDynaliteChild(keyCount)]);
  return {
    emulator,
    dynalite,
    keys: dynalite.info.keys,
    stop: async () => {
      await Promise.all([emulator.stop(), dynalite.stop()]);
    },
  };
}

/** Starts a gateway, hands it to `use`, and stops it however `use` ends. */
export async function withGateway<T>(
  options: GatewayChildOptions,
  use: (gateway: GatewayChild) => Promise<T>,
): Promise<T> {
  const gateway = await startGatewayChild(options);
  try {
    return await use(gateway);
  } finally {
    await gateway.stop();
  }
}
