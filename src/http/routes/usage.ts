import { Hono } from 'hono';
import type { UsageMeter, WindowUsage } from '../../tenancy/usage-meter.js';
import type { GatewayEnv } from '../gateway-env.js';

function formatWindow(usage: WindowUsage) {
  return {
    window: usage.window,
    requests: usage.requests,
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cache_write_tokens: usage.cacheWriteTokens,
    reasoning_tokens: usage.reasoningTokens,
    cost_usd: usage.costUsd,
    cost_micro_usd: usage.costMicroUsd,
    reserved_tokens: usage.reservedTokens,
  };
}

/** `GET /v1/usage`: the calling key's usage today and this month (UTC). */
export function createUsageRoutes(meter: UsageMeter): Hono<GatewayEnv> {
  return new Hono<GatewayEnv>().get('/v1/usage', async (c) => {
    const key = c.var.apiKey!;
    const usage = await meter.getUsage(key.keyId);
    return c.json({ key_id: key.keyId, day: formatWindow(usage.day), month: formatWindow(usage.month) });
  });
}
