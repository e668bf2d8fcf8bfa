/**
 * Figure 3, streaming time to first token: sequential streaming requests, each on a kept-alive connection,
 * direct to the emulator's ConverseStream and through the gateway (SSE) with auth none and with auth and
 * metering. The three targets take turns, request by request, so drift in the machine hits them alike.
 */
import { Agent } from 'node:http';
import {
  createAuthorizationHeaders,
  createConverseBody,
  createConversePath,
  createGenerateBody,
} from './bench-requests.js';
import { type Backends, withGateway } from './bench-stack.js';
import { percentile } from './percentile.js';
import { readStream, type StreamTarget } from './read-stream.js';

export interface TtfbSeries {
  label: string;
  samples: number;
  failures: number;
  p50Ms: number;
  p99Ms: number;
}

export interface TtfbResult {
  requests: number;
  direct: TtfbSeries;
  gatewayWithoutAuth: TtfbSeries;
  gatewayWithAuth: TtfbSeries;
}

/** Rounds sent and thrown away first: the gateway's sequential latency falls for a few hundred requests. */
const WARMUP_ROUNDS = 300;

export async function measureTtfb(backends: Backends, requests: number): Promise<TtfbResult> {
  const { emulator, dynalite, keys } = backends;
  return withGateway({ name: 'gateway (auth none)', emulator }, (withoutAuth) =>
    withGateway({ name: 'gateway', emulator, dynalite }, async (withAuth) => {
      const throughGateway = (url: string, headers: Record<string, string>): StreamTarget => ({
        url,
        path: '/v1/generate',
        body: createGenerateBody({ stream: true }),
        headers,
        firstTokenMarker: 'event: delta',
        endMarker: 'event: done',
      });
      const series: Array<{
        label: string;
        target: StreamTarget;
        agent: Agent;
        times: number[];
        failures: number;
      }> = [
        {
          label: 'emulator direct (ConverseStream)',
          target: {
            url: emulator.info.url,
            path: createConversePath('converse-stream'),
            body: createConverseBody(),
            firstTokenMarker: 'contentBlockDelta',
            endMarker: 'metadata',
          },
        },
        { label: 'gateway, auth none (SSE)', target: throughGateway(withoutAuth.info.url, {}) },
        {
          label: 'gateway, auth + metering (SSE)',
          target: throughGateway(withAuth.info.url, createAuthorizationHeaders(keys[0])),
        },
      ].map((entry) => ({
        ...entry,
        agent: new Agent({ keepAlive: true, maxSockets: 1 }),
        times: [],
        failures: 0,
      }));

      try {
        for (let round = 0; round < WARMUP_ROUNDS + requests; round++) {
          for (const entry of series) {
            const outcome = await readStream(entry.target, entry.agent);
            if (round < WARMUP_ROUNDS) continue;
            if (outcome.status === 200 && outcome.completed && !Number.isNaN(outcome.timeToFirstTokenMs))
              entry.times.push(outcome.timeToFirstTokenMs);
            else entry.failures += 1;
          }
        }
      } finally {
        for (const entry of series) entry.agent.destroy();
      }

      const [direct, gatewayWithoutAuth, gatewayWithAuth] = series.map(({ label, times, failures }) => {
        const sorted = times.sort((a, b) => a - b);
        return {
          label,
          samples: sorted.length,
          failures,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
        };
      });
      return {
        requests,
        direct: direct!,
        gatewayWithoutAuth: gatewayWithoutAuth!,
        gatewayWithAuth: gatewayWithAuth!,
      };
    }),
  );
}
