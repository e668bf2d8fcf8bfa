import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { createBedrockInvoker } from '../bedrock/bedrock-invoker.js';
import { createModelChain } from '../bedrock/model-chain.js';
import { createBedrockTransport } from '../bedrock/transport/create-bedrock-transport.js';
import type { BedrockAuthOptions } from '../bedrock/transport/create-request-authorizer.js';
import type { GatewayConfig } from '../config/config-schema.js';
import { buildModelRegistry } from '../config/load-config.js';
import { createApp } from '../http/app.js';
import { createTenancy, type DynamoConnection, type TenancyServices } from '../tenancy/create-tenancy.js';

export interface CreateGatewayOptions {
  /**
   * Unset: a Bedrock API key from `AWS_BEARER_TOKEN_BEDROCK`, or else the default AWS credential chain. The local
   * stack passes fixed ones for the emulator.
   */
  bedrockCredentials?: BedrockAuthOptions['credentials'];
  /** Unset: the default AWS credential chain. The local stack passes fixed ones for dynalite. */
  dynamoCredentials?: DynamoConnection['credentials'];
  logger?: Logger;
  /**
   * X-Ray: when given, the DynamoDB clients are traced (the Lambda entry passes one). Bedrock calls go over
   * node:https, which the tracer records itself (`captureHTTPsRequests`, on by default: "Whether to trace outgoing
   * HTTP requests made with the `http`, `https`, or `fetch` modules", @aws-lambda-powertools/tracer TracerOptions).
   */
  tracer?: Tracer;
  /** Unset: EMF metrics to stdout, in the configured namespace. */
  metrics?: Metrics;
  now?: () => number;
  /**
   * See `server.settlementBatchMs`. Default 0 (each settlement written at once): only the Node server, which
   * flushes on shutdown, passes its config's value; Lambda must settle within the invocation.
   */
  settlementBatchMs?: number;
  /** The built web console (see `AppDependencies.consoleDirectory`); unset: no /console. */
  consoleDirectory?: string;
}

export interface Gateway {
  app: ReturnType<typeof createApp>;
  logger: Logger;
  /** Keys, limits and usage; undefined when `auth.mode` is `none`. */
  tenancy: TenancyServices | undefined;
  close(): void;
}

/** Builds the tenancy services the config asks for, or none (with a warning) when auth is off. */
export function createConfiguredTenancy(
  config: GatewayConfig,
  logger: Logger,
  credentials?: DynamoConnection['credentials'],
  tracer?: Tracer,
  settlementBatchMs = 0,
): TenancyServices | undefined {
  if (config.auth.mode === 'none') {
    logger.warn('auth.mode is none: every caller is anonymous, with no allow-list, limits or usage records');
    return undefined;
  }
  return createTenancy({
    region: config.dynamodb.region ?? config.bedrock.region,
    ...(config.dynamodb.endpoint ? { endpoint: config.dynamodb.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    tables: config.tables,
    cacheTtlMs: config.auth.cacheTtlMs,
    ...(tracer ? { traceClient: (client) => tracer.captureAWSv3Client(client) } : {}),
    settlementBatchMs,
  });
}

/** The composition root: config in, a wired app out. Every entry (Lambda, Node server, local stack) uses it. */
export function createGateway(config: GatewayConfig, options: CreateGatewayOptions = {}): Gateway {
  const { serviceName, metricsNamespace } = config.observability;
  const logger = options.logger ?? new Logger({ serviceName, logLevel: config.logging.level });
  const transport = createBedrockTransport({
    region: config.bedrock.region,
    requestTimeoutMs: config.bedrock.requestTimeoutMs,
    ...(config.bedrock.endpoint ? { endpoint: config.bedrock.endpoint } : {}),
    ...(options.bedrockCredentials ? { credentials: options.bedrockCredentials } : {}),
  });
  const tenancy = createConfiguredTenancy(
    config,
    logger,
    options.dynamoCredentials,
    options.tracer,
    options.settlementBatchMs,
  );
  const app = createApp({
    config,
    registry: buildModelRegistry(config),
    invoker: createBedrockInvoker(transport),
    modelChain: createModelChain({
      policy: config.reliability,
      attemptTimeoutMs: config.reliability.attemptTimeoutMs,
      circuitBreaker: config.reliability.circuitBreaker,
    }),
    logger,
    metrics: options.metrics ?? new Metrics({ namespace: metricsNamespace, serviceName }),
    ...(tenancy ? { tenancy } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.consoleDirectory ? { consoleDirectory: options.consoleDirectory } : {}),
  });
  return {
    app,
    logger,
    tenancy,
    close: () => {
      transport.close();
      tenancy?.close();
    },
  };
}
