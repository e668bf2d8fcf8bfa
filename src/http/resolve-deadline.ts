import type { Context } from 'hono';
import type { GatewayConfig } from '../config/config-schema.js';
import type { GatewayEnv } from './gateway-env.js';

/**
 * Epoch milliseconds by which a request must be answered: the configured deadline from its start, cut on
 * Lambda to the invocation's remaining time less a margin, so the gateway answers before Lambda times out.
 */
export function resolveDeadline(
  c: Context<GatewayEnv>,
  reliability: GatewayConfig['reliability'],
  started: number,
  now: number,
): number {
  const configured = started + reliability.deadlineMs;
  const remaining = c.env?.remainingTimeMs?.();
  return remaining === undefined
    ? configured
    : Math.min(configured, now + remaining - reliability.deadlineMarginMs);
}
