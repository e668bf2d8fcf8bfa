/**
 * Lambda entry (bundled to dist/lambda/index.mjs, handler `index.handler`). Config comes from the file beside
 * the bundle (GATEWAY_CONFIG_FILE), because Lambda environment variables are limited to 4 KB.
 */
import { loadConfig } from '../config/load-config.js';
import { createGateway } from './create-gateway.js';
import { createStreamingHandler } from './lambda/create-streaming-handler.js';

const gateway = createGateway(loadConfig());

export const handler = createStreamingHandler(gateway.app.fetch);
