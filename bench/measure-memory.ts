/**
 * Figure 5, memory: the resident set of one gateway process (the shipped server bundle, auth and metering on,
 * the streams spread over the keys), idle after a warm-up and then with 500 slow streams open at once.
 * RSS is read from /proc/<pid>/status by this process, so the gateway needs no extra route or hook.
 */
import { Agent } from 'node:http';
import { createAuthorizationHeaders, createGenerateBody } from './bench-requests.js';
import { type Backends, withGateway } from './bench-stack.js';
import { readStream, type StreamOutcome, type StreamTarget } from './read-stream.js';
import { warmUp } from './run-load.js';

export interface MemoryResult {
  streams: number;
  /** Right after start-up, before any request. */
  startRssBytes: number;
  /** After a warm-up of 500 requests and a second of rest. */
  idleRssBytes: number;
  /** Highest RSS sampled while the streams ran. */
  peakRssBytes: number;
  /** Highest RSS sampled while every stream was open and streaming; 0 if they never all were. */
  allOpenRssBytes: number;
  /** The kernel's high-water mark (VmHWM) over the process's life, warm-up included. */
  highWaterRssBytes: number;
  /** Streams that had sent their first token and not yet ended, at the peak sample. */
  openStreamsAtPeak: number;
  /** Most streams open at once. */
  mostOpenStreams: number;
  /** Streams that ended with `event: done`. */
  completed: number;
  failures: Record<string, number>;
  durationMs: number;
}

/**
 * 67 chunks (200 tokens, 3 a chunk), 100 ms apart: each stream lasts about 7 s, longer than the gateway takes
 * to admit 500 of them with metering on (a few seconds), so all 500 are streaming at the same time. With
 * 50 ms the first streams end before the last ones start.
 */
const SLOW_PROMPT = 'Memory benchmark [[emulator:delay_ms=100]] [[emulator:tokens=200]]';
const SLOW_MAX_TOKENS = 1_024;
const SAMPLE_EVERY_MS = 20;
const SETTLE_MS = 1_000;

export async function measureMemory(backends: Backends, streams: number): Promise<MemoryResult> {
  const { emulator, dynalite, keys } = backends;
  return withGateway({ name: 'gateway', emulator, dynalite }, async (gateway) => {
    const target = (index: number): StreamTarget => ({
      url: gateway.info.url,
      path: '/v1/generate',
      body: createGenerateBody({ prompt: SLOW_PROMPT, stream: true, maxTokens: SLOW_MAX_TOKENS }),
      headers: createAuthorizationHeaders(keys[index % keys.length]),
      firstTokenMarker: 'event: delta',
      endMarker: 'event: done',
    });
    const startRssBytes = gateway.readRssBytes();
    await warmUp(
      {
        label: 'memory warm-up',
        url: `${gateway.info.url}/v1/generate`,
        body: createGenerateBody({ stream: true }),
        keys,
      },
      500,
    );
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const idleRssBytes = gateway.readRssBytes();

    let open = 0;
    let mostOpenStreams = 0;
    let peakRssBytes = 0;
    let openStreamsAtPeak = 0;
    let allOpenRssBytes = 0;
    const sampler = setInterval(() => {
      const rss = gateway.readRssBytes();
      if (open === streams) allOpenRssBytes = Math.max(allOpenRssBytes, rss);
      if (rss > peakRssBytes) {
        peakRssBytes = rss;
        openStreamsAtPeak = open;
      }
    }, SAMPLE_EVERY_MS);
    // One connection per stream, as 500 separate clients would have.
    const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
    const started = performance.now();
    let outcomes: PromiseSettledResult<StreamOutcome>[];
    try {
      outcomes = await Promise.allSettled(
        Array.from({ length: streams }, (_, index) =>
          readStream(target(index), agent, {
            onFirstToken: () => {
              open += 1;
              mostOpenStreams = Math.max(mostOpenStreams, open);
            },
            onEnd: () => {
              open -= 1;
            },
          }),
        ),
      );
    } finally {
      clearInterval(sampler);
      agent.destroy();
    }
    const durationMs = performance.now() - started;

    const failures: Record<string, number> = {};
    let completed = 0;
    for (const outcome of outcomes) {
      const kind =
        outcome.status === 'rejected'
          ? (outcome.reason as Error).message
          : outcome.value.status !== 200
            ? String(outcome.value.status)
            : outcome.value.completed
              ? 'ok'
              : 'cut short';
      if (kind === 'ok') completed += 1;
      else failures[kind] = (failures[kind] ?? 0) + 1;
    }
    return {
      streams,
      startRssBytes,
      idleRssBytes,
      peakRssBytes,
      allOpenRssBytes,
      highWaterRssBytes: gateway.readPeakRssBytes(),
      openStreamsAtPeak,
      mostOpenStreams,
      completed,
      failures,
      durationMs,
    };
  });
}
