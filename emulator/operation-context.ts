import type { StatsRecorder } from './emulator-stats.js';
import type { FaultInjector } from './faults.js';
import type { EmulatorResponse } from './http-exchange.js';
import type { ResolvedModel } from './model-catalogue.js';

/** State shared by every request to one emulator. */
export interface EmulatorRuntime {
  seed: number;
  /** Base latency added before every reply. */
  latencyMs: number;
  injectFaults: FaultInjector;
  recorder: StatsRecorder;
}

/** Everything an operation handler needs to answer one request. */
export interface OperationContext {
  runtime: EmulatorRuntime;
  model: ResolvedModel;
  body: Buffer;
  response: EmulatorResponse;
  requestId: string;
  /** `performance.now()` when the request arrived, for the latency figures Bedrock reports. */
  startedAt: number;
  /** Aborted when the client goes away, so nothing more is written to it. */
  signal: AbortSignal;
}

/** Milliseconds since the request arrived, rounded like Bedrock's latency figures. */
export function measureLatency(context: OperationContext): number {
  return Math.round(performance.now() - context.startedAt);
}
