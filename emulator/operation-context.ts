import type { IncomingHttpHeaders } from 'node:http';
import type { ApplicationProfileRegistry } from './application-inference-profiles.js';
import type { StatsRecorder } from './emulator-stats.js';
import type { FaultInjector } from './faults.js';
import type { EmulatorResponse } from './http-exchange.js';
import type { PromptCache } from './prompt-cache.js';
import type { ModelTarget } from './resolve-model-id.js';
import type { ReasoningSigner } from './sign-reasoning.js';

/** State shared by every request to one emulator. */
export interface EmulatorRuntime {
  seed: number;
  /** Base latency added before every reply. */
  latencyMs: number;
  injectFaults: FaultInjector;
  recorder: StatsRecorder;
  /** The Region the emulator stands in for, in ARNs and in messages that name it. */
  region: string;
  /** The account id in the ARNs the control plane lists. */
  accountId: string;
  applicationProfiles: ApplicationProfileRegistry;
  /** The prompt cache every call to this emulator shares. */
  promptCache: PromptCache;
  /** Signs and checks reasoning. */
  reasoningSigner: ReasoningSigner;
}

/** Everything an operation handler needs to answer one request. */
export interface OperationContext {
  runtime: EmulatorRuntime;
  /** The model the path names; each operation applies the on-demand and lifecycle rules in its own order. */
  target: ModelTarget;
  body: Buffer;
  /** The request headers, lower-cased (InvokeModel's service options travel in them). */
  headers: IncomingHttpHeaders;
  response: EmulatorResponse;
  requestId: string;
  /** `performance.now()` when the request arrived, for the latency figures Bedrock reports. */
  startedAt: number;
  /** Aborted when the client goes away, so nothing more is written to it. */
  signal: AbortSignal;
}

/** Milliseconds since the request arrived, rounded like Bedrock's latency figures. */
export function measureLatency(context: { startedAt: number }): number {
  return Math.round(performance.now() - context.startedAt);
}
