/**
 * Lambda entry (bundled to dist/lambda/index.mjs, handler `index.handler`). Config comes from the file beside
 * the bundle (GATEWAY_CONFIG_FILE), because Lambda environment variables are limited to 4 KB.
 */
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load-config.js';
import { createGateway } from './create-gateway.js';
import { createStreamingHandler } from './lambda/create-streaming-handler.js';
import { loadTracer } from './lambda/load-tracer.js';

const config = loadConfig();
// With observability.tracing, X-Ray subsegments for every Bedrock and DynamoDB call (Tracer is a no-op
// outside Lambda). Without it, Tracer is never loaded; Lambda's active tracing still records the invocation.
const tracer = config.observability.tracing ? await loadTracer(config.observability.serviceName) : undefined;
// The console's files sit beside the bundle (dist/lambda/console), read only when /console is asked for.
const gateway = createGateway(config, {
  ...(tracer ? { tracer } : {}),
  consoleDirectory: fileURLToPath(new URL('./console', import.meta.url)),
});

export const handler = createStreamingHandler(gateway.app.fetch, {
  logger: gateway.logger,
  bodyLimitBytes: config.server.bodyLimitBytes,
});
