import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { BedrockInvoker } from '../bedrock/bedrock-invoker.js';
import type { ModelChain } from '../bedrock/model-chain.js';
import type { GatewayConfig } from '../config/config-schema.js';
import type { ModelRegistry } from '../core/model-registry.js';
import type { Authenticate } from '../tenancy/authenticate.js';
import type { KeyRecord } from '../tenancy/key-record.js';
import type { KeyStore } from '../tenancy/key-store.js';
import type { UsageMeter } from '../tenancy/usage-meter.js';
import type { RequestLog } from './pipeline/request-log.js';

/** API keys, limits and metering. Absent when `auth.mode` is `none`. */
export interface Tenancy {
  authenticate: Authenticate;
  meter: UsageMeter;
  /** The keys table, for the admin API; absent: no admin API. */
  keyStore?: KeyStore;
}

/** What the app needs from the outside. Entries build it; tests build it with the emulator and dynalite. */
export interface AppDependencies {
  config: GatewayConfig;
  registry: ModelRegistry;
  invoker: BedrockInvoker;
  /** Retries, fallbacks and circuit breakers: one per instance, shared by every route. */
  modelChain: ModelChain;
  logger: Logger;
  /** EMF metrics, one document per request; absent means none are written. */
  metrics?: Metrics;
  tenancy?: Tenancy;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /**
   * The web console's built assets (index.html, console.js, console.css), read from disk on the first
   * /console request; absent: no console. The entries pass the folder beside their bundle.
   */
  consoleDirectory?: string;
}

/** Hono environment of the gateway app. */
export interface GatewayEnv {
  Bindings: {
    /**
     * Keeps the invocation alive until `promise` settles, for work done after the response is flushed
     * (settling usage). The Lambda adapter provides it; on the Node server the process outlives the response.
     */
    waitUntil?: (promise: Promise<unknown>) => void;
    /** Milliseconds left before Lambda times out the invocation; absent on the Node server. */
    remainingTimeMs?: () => number;
    /**
     * Aborts when live streams must end now: the Node server's drain deadline passed during a shutdown. A
     * stream then ends with an `error` event (`server_shutting_down`) and its usage settled, never silently.
     */
    streamCutoff?: AbortSignal;
  };
  Variables: {
    requestId: string;
    log: RequestLog;
    /** Keeps the request's log line open past the handler (for streams); returns the function that writes it. */
    deferLog: () => () => void;
    /** The caller's key record, once authenticated; undefined when auth is off. */
    apiKey: KeyRecord | undefined;
  };
}
