import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { vi } from 'vitest';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js';
import type { NewKey } from '../../src/tenancy/key-record.js';
import { createKeyStore } from '../../src/tenancy/key-store.js';
import type { LocalDynamo } from '../../src/tenancy/local-dynamo.js';
import { createUsageMeter, type UsageMeter } from '../../src/tenancy/usage-meter.js';
import restEvent from '../__fixtures__/api-gateway-rest-event.json' with { type: 'json' };
import { type CapturedLogs, captureLogs } from './capture-logs.js';
import { startDynalite } from './dynalite.js';
import {
  installAwsLambdaStub,
  RecordingResponseStream,
  type RecordingResponseStreamOptions,
} from './lambda-runtime-stub.js';

export type LambdaHandler = (
  event: APIGatewayProxyEvent,
  stream: RecordingResponseStream,
  context: Context,
) => Promise<void>;

export interface InvokeOptions extends RecordingResponseStreamOptions {
  /** Milliseconds the invocation has left, as `context.getRemainingTimeInMillis()` reports it. */
  remainingMs?: number;
  /** The bearer key sent; the entry's own key by default, `null` for none. */
  key?: string | null;
}

/** How the handler's promise ended: `rejected` is what Lambda reports as an invocation error. */
export type HandlerOutcome = { status: 'fulfilled' } | { status: 'rejected'; reason: unknown };

export interface Invocation {
  stream: RecordingResponseStream;
  outcome: HandlerOutcome;
}

export interface RunningInvocation {
  stream: RecordingResponseStream;
  /** Settles when the handler's promise does; never rejects. */
  outcome: Promise<HandlerOutcome>;
}

export interface LambdaEntry {
  handler: LambdaHandler;
  emulator: Emulator;
  dynamo: LocalDynamo;
  meter: UsageMeter;
  logs: CapturedLogs;
  /** A key allowed every model with no limits; its record's id reads its usage. */
  key: string;
  keyId: string;
  createKey(input: NewKey): Promise<{ key: string; keyId: string }>;
  /** Runs the handler as the runtime would, without waiting for it (to hang up on it, say). */
  start(event: APIGatewayProxyEvent, options?: InvokeOptions): RunningInvocation;
  /** Runs the handler as the runtime would and waits for its promise, whichever way it ends. */
  invoke(event: APIGatewayProxyEvent, options?: InvokeOptions): Promise<Invocation>;
  close(): Promise<void>;
}

/** The recorded API Gateway REST proxy event, with `overrides` applied. */
export function restEventWith(overrides: Record<string, unknown>): APIGatewayProxyEvent {
  return { ...restEvent, ...overrides } as unknown as APIGatewayProxyEvent;
}

/** A POST of `body` as JSON to `path`, as API Gateway delivers it. */
export function postEvent(path: string, body: unknown): APIGatewayProxyEvent {
  return restEventWith({ path, body: JSON.stringify(body) });
}

/** The parts of the Lambda context the gateway reads. */
export function lambdaContext(remainingMs = 30_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    awsRequestId: 'test-invocation',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  } as Context;
}

/** Resolves once `condition` holds, or with false after `timeoutMs` (a generous bound, not a timing test). */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return condition();
}

/**
 * The real Lambda entry module (src/entry/lambda.ts), imported fresh with the emulator and dynalite on
 * loopback, the `awslambda` global stubbed, and `config` as the file beside the bundle (GATEWAY_CONFIG_FILE).
 */
export async function startLambdaEntry(
  config: Record<string, unknown> = {},
  emulatorOptions: EmulatorOptions = {},
  /** Another entry module, e.g. the built bundle (dist/lambda/index.mjs) with what sits beside it. */
  entryModule = '../../src/entry/lambda.js',
): Promise<LambdaEntry> {
  const emulator = createEmulator(emulatorOptions);
  const { url } = await emulator.listen(0, '127.0.0.1');
  const dynamo = await startDynalite();
  const keyStore = createKeyStore({ client: dynamo.documentClient, tableName: dynamo.tables.keys });
  const createKey = async (input: NewKey) => {
    const created = await keyStore.create(input);
    return { key: created.key, keyId: created.record.keyId };
  };
  const { key, keyId } = await createKey({ name: 'lambda-test', models: ['*'] });
  const folder = mkdtempSync(join(tmpdir(), 'bgw-lambda-'));
  const configFile = join(folder, 'gateway.config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const uninstall = installAwsLambdaStub();
  vi.stubEnv('BEDROCK_ENDPOINT', url);
  vi.stubEnv('DYNAMODB_ENDPOINT', dynamo.endpoint);
  vi.stubEnv('GATEWAY_KEYS_TABLE', dynamo.tables.keys);
  vi.stubEnv('GATEWAY_USAGE_TABLE', dynamo.tables.usage);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('GATEWAY_CONFIG_FILE', configFile);
  const logs = captureLogs();
  // The real entry module: it loads config from the environment at import, as on Lambda.
  vi.resetModules();
  const { handler } = (await import(entryModule)) as unknown as { handler: LambdaHandler };

  const start = (event: APIGatewayProxyEvent, options: InvokeOptions = {}): RunningInvocation => {
    const stream = new RecordingResponseStream(options);
    const presented = options.key === undefined ? key : options.key;
    const withKey =
      presented === null
        ? event
        : {
            ...event,
            headers: { ...event.headers, Authorization: `Bearer ${presented}` },
            multiValueHeaders: { ...event.multiValueHeaders, Authorization: [`Bearer ${presented}`] },
          };
    const outcome = handler(withKey, stream, lambdaContext(options.remainingMs)).then(
      (): HandlerOutcome => ({ status: 'fulfilled' }),
      (reason: unknown): HandlerOutcome => ({ status: 'rejected', reason }),
    );
    return { stream, outcome };
  };

  return {
    handler,
    emulator,
    dynamo,
    meter: createUsageMeter({ client: dynamo.jsonClient, tableName: dynamo.tables.usage }),
    logs,
    key,
    keyId,
    createKey,
    start,
    async invoke(event, options = {}) {
      const { stream, outcome } = start(event, options);
      return { stream, outcome: await outcome };
    },
    async close() {
      vi.unstubAllEnvs();
      uninstall();
      logs.restore();
      await emulator.close();
      await dynamo.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
