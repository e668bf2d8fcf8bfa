/**
 * The main figure: server CPU per request, and latency, for every target in one run, plain and streaming, at
 * each connection count, in interleaved rounds. Targets, each its own process:
 *
 * - the emulator direct (its own Converse / ConverseStream): what answering costs at all;
 * - the floor (bench/serve-floor.ts): parse, SigV4-sign and forward over keep-alive HTTP/1.1, nothing else;
 * - Portkey's OSS gateway (the peer), no auth, no metering;
 * - ours (dist/server.mjs), auth none;
 * - ours, auth + metering (API keys in dynalite, one key per connection, round robin).
 *
 * Every gateway gets the same OpenAI chat completion (20-token reply). Each round starts fresh processes and
 * warms each target up on each mode before its first measurement; within a round the targets take turns
 * (in reverse order on odd rounds), so drift in the machine hits them alike. Each measurement waits for the
 * servers to go idle before and after, and counts the DynamoDB requests dynalite received meanwhile.
 */
import {
  createAuthorizationHeaders,
  createChatBody,
  createConverseBody,
  createConversePath,
  createPortkeyHeaders,
} from './bench-requests.js';
import {
  type Backends,
  type GatewayChild,
  startFloorChild,
  startGatewayChild,
  startPortkeyChild,
} from './bench-stack.js';
import type { BenchChild } from './child-process.js';
import { type LoadResult, type LoadTarget, runLoad, waitUntilIdle, warmUp } from './run-load.js';

/** Warm-ups run at 10 connections whatever the measurement's count, so each ends within its time cap. */
const WARMUP_CONNECTIONS = 10;

export const TARGET_KINDS = ['direct', 'floor', 'portkey', 'none', 'metered'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export type LoadMode = 'plain' | 'stream';

export const TARGET_LABELS: Record<TargetKind, string> = {
  direct: 'emulator direct',
  floor: 'floor (node:http + SigV4 keep-alive)',
  portkey: 'Portkey 1.15.2 (no auth, no metering)',
  none: 'ours, auth none',
  metered: 'ours, auth + metering',
};

export interface CpuSettings {
  rounds: number;
  connections: readonly number[];
  durationSeconds: number;
  warmupRequests: number;
  warmupMaxSeconds: number;
}

export interface CpuMeasurement {
  round: number;
  mode: LoadMode;
  connections: number;
  target: TargetKind;
  load: LoadResult;
  /** CPU of the target's own server process per successful request (the emulator's, for `direct`). */
  serverCpuMsPerRequest: number;
  /** DynamoDB requests dynalite received per successful request, by operation. */
  dynamoRequestsPerRequest: Record<string, number>;
}

export interface CpuResult {
  settings: CpuSettings;
  measurements: CpuMeasurement[];
}

/** The operations that write to a table. */
const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** DynamoDB writes per request (a BatchWriteItem or TransactWriteItems counts as one write request). */
export function countWrites(perRequest: Record<string, number>): number {
  return Object.entries(perRequest)
    .filter(([operation]) => WRITE_OPERATIONS.has(operation))
    .reduce((sum, [, count]) => sum + count, 0);
}

async function readDynamoCounts(backends: Backends): Promise<Record<string, number>> {
  const response = await fetch(backends.dynalite.info.countsUrl);
  return (await response.json()) as Record<string, number>;
}

/** One target of a round: its server process, what to watch, and its request for each mode. */
export interface RoundTarget {
  kind: TargetKind;
  server: BenchChild<unknown>;
  watched: BenchChild<unknown>[];
  describe(mode: LoadMode): LoadTarget;
}

/** Fresh processes for every target but the emulator (shared); stop them with stopRoundTargets. */
export async function startRoundTargets(backends: Backends): Promise<RoundTarget[]> {
  const { emulator, dynalite, keys } = backends;
  const [floor, portkey, none, metered] = await Promise.all([
    startFloorChild(emulator),
    startPortkeyChild(),
    startGatewayChild({ name: 'gateway', emulator }),
    startGatewayChild({ name: 'gateway', emulator, dynalite }),
  ]);
  const chat =
    (gateway: GatewayChild, label: string, extra: Partial<LoadTarget> = {}) =>
    (mode: LoadMode) => ({
      label,
      url: `${gateway.info.url}/v1/chat/completions`,
      body: createChatBody({ stream: mode === 'stream' }),
      ...extra,
    });
  return [
    {
      kind: 'direct',
      server: emulator,
      watched: [emulator],
      describe: (mode) => ({
        label: TARGET_LABELS.direct,
        url: `${emulator.info.url}${createConversePath(mode === 'stream' ? 'converse-stream' : 'converse')}`,
        body: createConverseBody(),
      }),
    },
    { kind: 'floor', server: floor, watched: [floor, emulator], describe: chat(floor, TARGET_LABELS.floor) },
    {
      kind: 'portkey',
      server: portkey,
      watched: [portkey, emulator],
      describe: chat(portkey, TARGET_LABELS.portkey, { headers: createPortkeyHeaders(emulator.info.url) }),
    },
    { kind: 'none', server: none, watched: [none, emulator], describe: chat(none, TARGET_LABELS.none) },
    {
      kind: 'metered',
      server: metered,
      watched: [metered, emulator, dynalite],
      describe: chat(metered, TARGET_LABELS.metered, {
        ...(keys.length > 1 ? { keys } : { headers: createAuthorizationHeaders(keys[0]) }),
      }),
    },
  ];
}

export async function stopRoundTargets(targets: readonly RoundTarget[]): Promise<void> {
  await Promise.all(
    targets.filter((target) => target.kind !== 'direct').map((target) => target.server.stop()),
  );
}

export async function measureCpu(
  backends: Backends,
  settings: CpuSettings,
  step: (message: string) => void,
): Promise<CpuResult> {
  const measurements: CpuMeasurement[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    const targets = await startRoundTargets(backends);
    const ordered = round % 2 === 0 ? [...targets].reverse() : targets;
    const warmed = new Set<string>();
    try {
      for (const connections of settings.connections) {
        for (const mode of ['plain', 'stream'] as const) {
          step(`round ${round}/${settings.rounds}: ${connections} connection(s), ${mode}`);
          for (const target of ordered) {
            const warmupKey = `${target.kind}/${mode}`;
            const needsWarmup = !warmed.has(warmupKey);
            warmed.add(warmupKey);
            const load = target.describe(mode);
            if (needsWarmup) {
              await warmUp(load, settings.warmupRequests, WARMUP_CONNECTIONS, settings.warmupMaxSeconds);
              await waitUntilIdle(target.watched);
            }
            const countsBefore = await readDynamoCounts(backends);
            const result = await runLoad(
              load,
              { connections, durationSeconds: settings.durationSeconds, warmupRequests: 0 },
              target.watched,
            );
            // runLoad has waited for every process to go idle, so settlements written after the answers are in.
            const countsAfter = await readDynamoCounts(backends);
            const dynamoRequestsPerRequest = Object.fromEntries(
              Object.entries(countsAfter)
                .map(
                  ([operation, count]) =>
                    [
                      operation,
                      (count - (countsBefore[operation] ?? 0)) / Math.max(result.requests, 1),
                    ] as const,
                )
                .filter(([, perRequest]) => perRequest > 0),
            );
            measurements.push({
              round,
              mode,
              connections,
              target: target.kind,
              load: result,
              serverCpuMsPerRequest: result.cpuMsPerRequest[target.server.name] ?? Number.NaN,
              dynamoRequestsPerRequest,
            });
          }
        }
      }
    } finally {
      await stopRoundTargets(targets);
    }
  }
  return { settings, measurements };
}
