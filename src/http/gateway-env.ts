import type { Logger } from '@aws-lambda-powertools/logger';
import type { BedrockInvoker } from '../bedrock/bedrock-invoker.js';
import type { GatewayConfig } from '../config/config-schema.js';
import type { ModelRegistry } from '../core/model-registry.js';

/** Fields of the one log line a request writes. Routes add to it; the access log writes it. */
export type RequestLogFields = Record<string, string | number | boolean | undefined>;

/** What the app needs from the outside. Entries build it; tests build it with fakes or the emulator. */
export interface AppDependencies {
  config: GatewayConfig;
  registry: ModelRegistry;
  invoker: BedrockInvoker;
  logger: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/** Hono environment of the gateway app. */
export interface GatewayEnv {
  Variables: {
    requestId: string;
    log: RequestLogFields;
    /** Keeps the request's log line open past the handler (for streams); returns the function that writes it. */
    deferLog: () => () => void;
  };
}
