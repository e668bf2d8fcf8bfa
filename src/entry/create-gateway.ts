import { Logger } from '@aws-lambda-powertools/logger';
import { createBedrockInvoker } from '../bedrock/bedrock-invoker.js';
import {
  type BedrockRuntimeClientOptions,
  createBedrockRuntimeClient,
} from '../bedrock/create-bedrock-runtime-client.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { buildModelRegistry } from '../config/load-config.js';
import { createApp } from '../http/app.js';

export interface CreateGatewayOptions {
  /** Unset: the default AWS credential chain. The local stack passes fixed ones for the emulator. */
  bedrockCredentials?: BedrockRuntimeClientOptions['credentials'];
  logger?: Logger;
  now?: () => number;
}

export interface Gateway {
  app: ReturnType<typeof createApp>;
  logger: Logger;
  close(): void;
}

/** The composition root: config in, a wired app out. Every entry (Lambda, Node server, local stack) uses it. */
export function createGateway(config: GatewayConfig, options: CreateGatewayOptions = {}): Gateway {
  const logger =
    options.logger ?? new Logger({ serviceName: 'bedrock-gateway', logLevel: config.logging.level });
  const client = createBedrockRuntimeClient({
    region: config.bedrock.region,
    requestTimeoutMs: config.bedrock.requestTimeoutMs,
    ...(config.bedrock.endpoint ? { endpoint: config.bedrock.endpoint } : {}),
    ...(options.bedrockCredentials ? { credentials: options.bedrockCredentials } : {}),
  });
  const app = createApp({
    config,
    registry: buildModelRegistry(config),
    invoker: createBedrockInvoker(client),
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  return { app, logger, close: () => client.destroy() };
}
