/**
 * Streaming time to first token: sequential streaming requests, each on a kept-alive connection, direct to
 * the emulator's ConverseStream and through every gateway target (the floor, Portkey, ours with auth none and
 * with auth + metering), all with the chat-completions request of the CPU figure. The targets take turns,
 * request by request, so drift in the machine hits them alike. The first token is the first body byte that
 * holds generated text: the emulator's reply begins with "Emulated", in its event-stream frame and in each
 * gateway's SSE chunk alike.
 */
import { Agent } from 'node:http';
import type { Backends } from './bench-stack.js';
import { startRoundTargets, stopRoundTargets, TARGET_LABELS, type TargetKind } from './measure-cpu.js';
import { percentile } from './percentile.js';
import { readStream, type StreamTarget } from './read-stream.js';

export interface TtfbSeries {
  target: TargetKind;
  label: string;
  samples: number;
  failures: number;
  p50Ms: number;
  p99Ms: number;
}

export interface TtfbResult {
  requests: number;
  warmupRounds: number;
  series: TtfbSeries[];
}

const FIRST_TOKEN_MARKER = 'Emulated';

export async function measureTtfb(
  backends: Backends,
  requests: number,
  warmupRounds: number,
): Promise<TtfbResult> {
  const targets = await startRoundTargets(backends);
  const series = targets.map((target) => {
    const load = target.describe('stream');
    const { origin, pathname } = new URL(load.url);
    const headers: Record<string, string> = { ...load.headers };
    if (load.keys?.[0]) headers.authorization = `Bearer ${load.keys[0]}`;
    const stream: StreamTarget = {
      url: origin,
      path: pathname,
      body: load.body,
      headers,
      firstTokenMarker: FIRST_TOKEN_MARKER,
      endMarker: target.kind === 'direct' || target.kind === 'floor' ? 'metadata' : '[DONE]',
    };
    return {
      target: target.kind,
      stream,
      agent: new Agent({ keepAlive: true, maxSockets: 1 }),
      times: [] as number[],
      failures: 0,
    };
  });
  try {
    for (let round = 0; round < warmupRounds + requests; round++) {
      for (const entry of series) {
        const outcome = await readStream(entry.stream, entry.agent);
        if (round < warmupRounds) continue;
        if (outcome.status === 200 && outcome.completed && !Number.isNaN(outcome.timeToFirstTokenMs))
          entry.times.push(outcome.timeToFirstTokenMs);
        else entry.failures += 1;
      }
    }
  } finally {
    for (const entry of series) entry.agent.destroy();
    await stopRoundTargets(targets);
  }
  return {
    requests,
    warmupRounds,
    series: series.map(({ target, times, failures }) => {
      const sorted = times.sort((a, b) => a - b);
      return {
        target,
        label: TARGET_LABELS[target],
        samples: sorted.length,
        failures,
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
      };
    }),
  };
}
