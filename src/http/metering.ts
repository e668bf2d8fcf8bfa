import type { Context } from 'hono';
import type { Usage } from '../core/generate-result.js';
import type { ModelEntry, ModelPrice } from '../core/model-registry.js';
import { computeCostMicroUsd, convertMicroUsdToUsd } from '../core/usage-cost.js';
import type { Reservation } from '../tenancy/usage-meter.js';
import type { AppDependencies, GatewayEnv } from './gateway-env.js';

export interface ReserveRequest {
  estimatedInputTokens: number;
  maxOutputTokens: number;
  price: ModelPrice;
}

/** Usage metering for every route that calls Bedrock: one reservation before, one settlement after. */
export interface Metering {
  /** Holds the caller's capacity, or refuses with 429; nothing to hold when auth is off. */
  reserve(c: Context<GatewayEnv>, request: ReserveRequest): Promise<Reservation | undefined>;
  /**
   * Records `usage` on the log line and settles the reservation to it, priced at the model that answered.
   * The settlement runs after the response: inside the invocation on Lambda (waitUntil), detached on the
   * Node server. `usage` undefined means nothing was used (the call failed before Bedrock counted).
   */
  settle(
    c: Context<GatewayEnv>,
    reservation: Reservation | undefined,
    model: ModelEntry,
    usage: Usage | undefined,
  ): void;
}

export function createMetering({ tenancy, logger }: Pick<AppDependencies, 'tenancy' | 'logger'>): Metering {
  return {
    async reserve(c, request) {
      const key = c.var.apiKey;
      if (!key || !tenancy) return undefined;
      return tenancy.meter.reserve({ key, ...request });
    },
    settle(c, reservation, model, usage) {
      if (usage) {
        Object.assign(c.var.log, {
          input_tokens: usage.inputTokens,
          output_tokens: usage.outputTokens,
          cost_usd: convertMicroUsdToUsd(computeCostMicroUsd(usage, model.price)),
        });
      }
      if (!reservation || !tenancy) return;
      const settlement = tenancy.meter.settle(reservation, usage, model.price).catch((error: unknown) => {
        logger.error('usage settlement failed', {
          request_id: c.var.requestId,
          key_id: reservation.keyId,
          error: error as Error,
        });
      });
      c.env?.waitUntil?.(settlement);
    },
  };
}
