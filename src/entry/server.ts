/**
 * Node server entry, for containers (ECS Fargate) and laptops: `node dist/server.mjs`.
 * Binds to 127.0.0.1 unless HOST says otherwise; PORT defaults to 8080. SIGTERM and SIGINT drain it
 * (docs/operations.md, "Shutdown").
 */
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load-config.js';
import { createGateway } from './create-gateway.js';
import { shutDownOnSignals } from './shut-down-on-signals.js';
import { startServer } from './start-server.js';

const config = loadConfig();
const gateway = createGateway(config, {
  settlementBatchMs: config.server.settlementBatchMs,
  // dist/console beside dist/server.mjs (npm run build writes it).
  consoleDirectory: fileURLToPath(new URL('./console', import.meta.url)),
});
const server = await startServer(gateway, config.server);
gateway.logger.info('gateway listening', { url: server.url });
shutDownOnSignals(server, { logger: gateway.logger, release: () => gateway.close() });
