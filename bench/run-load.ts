/**
 * One closed-loop load run with autocannon (HTTP/1.1, keep-alive): a warm-up, then the measured run.
 * Latencies come from autocannon's per-response event, which has sub-millisecond precision (its own
 * histogram rounds to whole milliseconds, too coarse for a 0.5 ms budget).
 */
import autocannon from 'autocannon';
import type { BenchChild } from './child-process.js';
import { percentile } from './percentile.js';

export interface LoadTarget {
  label: string;
  /** Full URL of a POST endpoint. */
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** Keys handed out one per connection, round robin, as `authorization: Bearer <key>`. */
  keys?: readonly string[];
}

export interface LoadShape {
  connections: number;
  /** Least length of the measured run. */
  durationSeconds: number;
  /** The warm-up ends at this many requests, or at `warmupMaxSeconds`, whichever comes first; 0: none. */
  warmupRequests: number;
  warmupMaxSeconds?: number;
}

export interface LoadResult {
  label: string;
  connections: number;
  /** Successful (2xx) responses in the measured run. */
  requests: number;
  /** Non-2xx responses, socket errors and timeouts, by status code or kind. */
  failures: Record<string, number>;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Length of the measured run. */
  elapsedMs: number;
  /** CPU used per successful request by each watched process (and `bench` itself), in ms. */
  cpuMsPerRequest: Record<string, number>;
  /** CPU used by each watched process over the run, in percent of one core. */
  cpuPercent: Record<string, number>;
}

interface Fired {
  latenciesMs: number[];
  failures: Record<string, number>;
  elapsedMs: number;
}

async function fire(
  target: LoadTarget,
  connections: number,
  length: { durationSeconds: number } | { requests: number },
): Promise<Fired> {
  const headers = { 'content-type': 'application/json', ...target.headers };
  let nextKey = 0;
  const keys = target.keys;
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  const count = (kind: string) => {
    failures[kind] = (failures[kind] ?? 0) + 1;
  };
  const started = performance.now();
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    headers,
    body: target.body,
    connections,
    ...('requests' in length
      ? { amount: Math.max(length.requests, connections) }
      : { duration: length.durationSeconds }),
    ...(keys && keys.length > 0
      ? {
          setupClient: (client) =>
            client.setHeaders({ ...headers, authorization: `Bearer ${keys[nextKey++ % keys.length]}` }),
        }
      : {}),
  });
  // autocannon notices that `amount` is reached only on its once-a-second tick, so a run by count would end
  // up to a second late (idle time that skews req/s and breaks the load); stop it at the last answer instead.
  const amount = 'requests' in length ? Math.max(length.requests, connections) : Number.POSITIVE_INFINITY;
  let answered = 0;
  let lastAnswerAt = started;
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTimeMs);
    else count(String(statusCode));
    answered += 1;
    lastAnswerAt = performance.now();
    if (answered >= amount) instance.stop();
  });
  const result = await instance;
  if (result.errors > 0) failures.errors = result.errors;
  if (result.timeouts > 0) failures.timeouts = result.timeouts;
  const endedAt = answered >= amount ? lastAnswerAt : performance.now();
  return { latenciesMs, failures, elapsedMs: endedAt - started };
}

/**
 * Closed-loop load for at least `minSeconds` (or until `maxRequests`), in slices that each end when every
 * answer has arrived: a timed autocannon run would drop the requests in flight, which the gateways count as
 * upstream failures (and which open circuit breakers). Each slice is sized from the rate of the one before
 * to last about `SLICE_SECONDS`.
 */
async function fireSlices(
  target: LoadTarget,
  connections: number,
  limits: { minSeconds: number; maxRequests?: number },
): Promise<Fired> {
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  const started = performance.now();
  let sliceRequests = Math.max(connections * 20, 200);
  for (;;) {
    const elapsedMs = performance.now() - started;
    const done = latenciesMs.length;
    if (elapsedMs >= limits.minSeconds * 1000) break;
    if (limits.maxRequests !== undefined && done >= limits.maxRequests) break;
    const remaining = limits.maxRequests === undefined ? Number.POSITIVE_INFINITY : limits.maxRequests - done;
    const slice = await fire(target, connections, { requests: Math.min(sliceRequests, remaining) });
    latenciesMs.push(...slice.latenciesMs);
    for (const [kind, count] of Object.entries(slice.failures))
      failures[kind] = (failures[kind] ?? 0) + count;
    if (slice.latenciesMs.length === 0) break;
    const rate = slice.latenciesMs.length / (slice.elapsedMs / 1000);
    sliceRequests = Math.max(connections, Math.round(rate * SLICE_SECONDS));
  }
  return { latenciesMs, failures, elapsedMs: performance.now() - started };
}

const SLICE_SECONDS = 2.5;
const DEFAULT_WARMUP_MAX_SECONDS = 20;

/** Warms `target` up (JIT): `requests` requests, or `maxSeconds`, whichever comes first. */
export async function warmUp(
  target: LoadTarget,
  requests: number,
  connections = 10,
  maxSeconds = DEFAULT_WARMUP_MAX_SECONDS,
): Promise<void> {
  const fired = await fireSlices(target, connections, { minSeconds: maxSeconds, maxRequests: requests });
  if (fired.latenciesMs.length === 0) throw new Error(`warm-up of ${target.label}: no request succeeded`);
}

/**
 * Warms `target` up, then measures it while recording the CPU time of `watched` processes. The CPU is read
 * once the watched processes have gone idle after the last answer, so work a server does after it has
 * answered (usage settled after the response) is counted too.
 */
export async function runLoad(
  target: LoadTarget,
  shape: LoadShape,
  watched: readonly BenchChild<unknown>[],
): Promise<LoadResult> {
  if (shape.warmupRequests > 0)
    await warmUp(target, shape.warmupRequests, shape.connections, shape.warmupMaxSeconds);
  await waitUntilIdle(watched);
  const cpuBefore = watched.map((child) => child.readCpuMs());
  const ownCpuBefore = process.cpuUsage();
  const fired = await fireSlices(target, shape.connections, { minSeconds: shape.durationSeconds });
  const ownCpu = process.cpuUsage(ownCpuBefore);
  await waitUntilIdle(watched);
  const cpuMs: Record<string, number> = { bench: (ownCpu.user + ownCpu.system) / 1000 };
  watched.forEach((child, index) => {
    cpuMs[child.name] = child.readCpuMs() - cpuBefore[index]!;
  });

  const sorted = fired.latenciesMs.sort((a, b) => a - b);
  const requests = sorted.length;
  const mapValues = (convert: (ms: number) => number) =>
    Object.fromEntries(Object.entries(cpuMs).map(([name, ms]) => [name, convert(ms)]));
  return {
    label: target.label,
    connections: shape.connections,
    requests,
    failures: fired.failures,
    requestsPerSecond: requests / (fired.elapsedMs / 1000),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    elapsedMs: fired.elapsedMs,
    cpuMsPerRequest: mapValues((ms) => (requests > 0 ? ms / requests : Number.NaN)),
    cpuPercent: mapValues((ms) => (ms / fired.elapsedMs) * 100),
  };
}

/**
 * Waits until every watched process has been idle (under 5% of a core) for a 250 ms window, up to `maxMs`,
 * and says how long that took, the idle window included (so 250 means idle at once). The gateway settles usage after it answers, so dynalite may still be busy with the
 * writes of a run that has ended; the next run must not pay for them.
 */
export async function waitUntilIdle(
  watched: readonly BenchChild<unknown>[],
  maxMs = 15_000,
): Promise<number> {
  const windowMs = 250;
  const started = performance.now();
  while (performance.now() - started < maxMs) {
    const before = watched.map((child) => child.readCpuMs());
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const busiest = Math.max(...watched.map((child, index) => child.readCpuMs() - before[index]!));
    if ((busiest / windowMs) * 100 < 5) return performance.now() - started;
  }
  return performance.now() - started;
}
