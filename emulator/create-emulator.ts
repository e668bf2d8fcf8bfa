import http from 'node:http';
import http2 from 'node:http2';
import net, { type AddressInfo, type Socket } from 'node:net';
import {
  type ApplicationInferenceProfiles,
  createApplicationProfileRegistry,
} from './application-inference-profiles.js';
import { createStatsRecorder, type EmulatorStats } from './emulator-stats.js';
import { createFaultInjector, type FaultConfig, validateFaultConfig } from './faults.js';
import { createRequestHandler } from './handle-request.js';
import { createPromptCache } from './prompt-cache.js';
import { createReasoningSigner, DEFAULT_REASONING_SECRET } from './sign-reasoning.js';
import { handOffByPreface } from './sniff-protocol.js';

/** How an emulator behaves. */
export interface EmulatorOptions {
  /** Seeds the replies and the fault sequence. Default 0. A `seed=N` directive overrides it per request. */
  seed?: number;
  /** Latency added before every reply (before the first event of a stream), in milliseconds. Default 0. */
  latencyMs?: number;
  /** Fault rates for chaos runs, by model id substring. Default none. */
  faults?: FaultConfig;
  /**
   * The Region the emulator stands in for: it appears in the control plane's ARNs and in messages that name a
   * Region. Lifecycles and profiles are the catalogue's, whatever the Region. Default `us-east-1`.
   */
  region?: string;
  /** The account id in the ARNs the control plane lists. Default `123456789012`. */
  accountId?: string;
  /**
   * Application inference profiles to serve, since the emulator cannot know what a real one wraps: the profile's
   * ARN (or bare id) to the model it routes to (a base id or system profile id), e.g.
   * `{ 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123': 'us.anthropic.claude-opus-4-8' }`.
   * Any other application-profile ARN is an invalid model identifier, as on Bedrock. Default none.
   */
  applicationInferenceProfiles?: ApplicationInferenceProfiles;
  /**
   * The clock of the prompt cache, in milliseconds since the epoch: entries expire 5 minutes (or an hour) after
   * their last use by it. Default `Date.now`; inject one to test expiry without waiting.
   */
  clock?: () => number;
  /**
   * The secret of reasoning signatures (an HMAC of the thinking text). Emulators with the same secret accept each
   * other's signatures. Default a fixed secret, so every emulator of a test run agrees.
   */
  reasoningSecret?: string;
}

/** A local Bedrock Runtime emulator, with the read side of Bedrock's control plane on the same port. */
export interface Emulator {
  /**
   * Starts serving HTTP/2 (prior knowledge) and HTTP/1.1 on one port. Port 0 (the default) picks a free one.
   * Resolves with the endpoint URL to give the SDK as `endpoint`.
   */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops serving and drops every open connection and HTTP/2 session at once, so test runs never hang. */
  close(): Promise<void>;
  /** Live counters: open streams, requests per model. */
  readonly stats: EmulatorStats;
  /** Clears the request counts. */
  resetStats(): void;
  /** Forgets every cached prompt prefix, as if their TTLs had passed. */
  clearPromptCache(): void;
}

/** Creates a Bedrock Runtime emulator; call `listen()` to start it. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const seed = options.seed ?? 0;
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isInteger(seed)) throw new TypeError(`Emulator seed must be an integer, got ${seed}`);
  if (!(latencyMs >= 0)) throw new TypeError(`Emulator latencyMs must be 0 or more, got ${latencyMs}`);
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  if (!/^[a-z0-9-]{1,20}$/.test(region))
    throw new TypeError(`Emulator region must be a Region name, got ${region}`);
  if (!/^\d{12}$/.test(accountId))
    throw new TypeError(`Emulator accountId must be 12 digits, got ${accountId}`);
  const recorder = createStatsRecorder();
  const promptCache = createPromptCache(options.clock ?? Date.now);
  const handler = createRequestHandler({
    seed,
    latencyMs,
    injectFaults: createFaultInjector(validateFaultConfig(options.faults ?? {}), seed),
    recorder,
    region,
    accountId,
    applicationProfiles: createApplicationProfileRegistry(options.applicationInferenceProfiles ?? {}, {
      region,
      accountId,
    }),
    promptCache,
    reasoningSigner: createReasoningSigner(options.reasoningSecret ?? DEFAULT_REASONING_SECRET),
  });
  const servers = { http1: http.createServer(handler), http2: http2.createServer(handler) };
  const sockets = new Set<Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A client resetting its connection is routine; the protocol servers deal with their own errors.
    socket.on('error', () => socket.destroy());
    handOffByPreface(socket, servers);
  });

  return {
    stats: recorder.stats,
    resetStats: () => recorder.reset(),
    clearPromptCache: () => promptCache.clear(),
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const hostInUrl = host.includes(':') ? `[${host}]` : host;
          resolve({ url: `http://${hostInUrl}:${address.port}`, port: address.port });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
