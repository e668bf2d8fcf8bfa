import { Hono } from 'hono';
import type { GatewayEnv } from '../gateway-env.js';

/** Liveness. No auth, and it reveals nothing about the configuration. */
export function createHealthRoutes(): Hono<GatewayEnv> {
  return new Hono<GatewayEnv>().get('/health', (c) => c.json({ status: 'ok' }));
}
