/**
 * Node server entry, for containers (ECS Fargate) and laptops: `node dist/server.mjs`.
 * Binds to 127.0.0.1 unless HOST says otherwise; PORT defaults to 8080.
 */
import { loadConfig } from '../config/load-config.js';
import { createGateway } from './create-gateway.js';
import { startServer } from './start-server.js';

const config = loadConfig();
const gateway = createGateway(config);
const server = await startServer(gateway, config.server);
gateway.logger.info('gateway listening', { url: server.url });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await server.close();
    gateway.close();
    process.exit(0);
  });
}
