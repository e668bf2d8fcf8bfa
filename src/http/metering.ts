import type { Context } from 'hono';
import { ClientClosedRequestError, GatewayError } from '../core/errors.js';
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

/**
 * Bedrock calls abandoned midway (the client left, or the call timed out) were already given the prompt, and
 * Bedrock bills for it: count the estimated input, so hanging up is never a way around a key's limits.
 * Calls refused outright (throttled, invalid) used nothing.
 */
export function isAbandonedCall(error: unknown): boolean {
  return (
    error instanceof ClientClosedRequestError ||
    (error instanceof GatewayError && error.code === 'upstream_timeout')
  );
}

/** `usage` plus the estimated input of `abandonedCalls` calls that were cut off (see `isAbandonedCall`). */
export function addAbandonedCalls(
  usage: Usage | undefined,
  abandonedCalls: number,
  estimatedInputTokens: number,
): Usage | undefined {
  if (abandonedCalls === 0) return usage;
  return {
    inputTokens: (usage?.inputTokens ?? 0) + abandonedCalls * estimatedInputTokens,
    outputTokens: usage?.outputTokens ?? 0,
  };
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
