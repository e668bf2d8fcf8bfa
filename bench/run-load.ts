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
  durationSeconds: number;
  /**
   * Requests sent before the measured run. A warm-up by count, not by time: it ends when every answer has
   * arrived, where a timed run cuts the requests in flight.
   */
  warmupRequests: number;
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
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTimeMs);
    else count(String(statusCode));
  });
  const result = await instance;
  if (result.errors > 0) failures.errors = result.errors;
  if (result.timeouts > 0) failures.timeouts = result.timeouts;
  return { latenciesMs, failures, elapsedMs: performance.now() - started };
}

/** Sends `requests` requests over `connections` connections and waits for every answer (JIT warm-up). */
export async function warmUp(target: LoadTarget, requests: number, connections = 10): Promise<void> {
  const fired = await fire(target, connections, { requests });
  if (fired.latenciesMs.length === 0) throw new Error(`warm-up of ${target.label}: no request succeeded`);
}

/** Warms `target` up, then measures it while recording the CPU time of `watched` processes. */
export async function runLoad(
  target: LoadTarget,
  shape: LoadShape,
  watched: readonly BenchChild<unknown>[],
): Promise<LoadResult> {
  if (shape.warmupRequests > 0) await fire(target, shape.connections, { requests: shape.warmupRequests });
  const cpuBefore = watched.map((child) => child.readCpuMs());
  const ownCpuBefore = process.cpuUsage();
  const fired = await fire(target, shape.connections, { durationSeconds: shape.durationSeconds });
  const ownCpu = process.cpuUsage(ownCpuBefore);
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
