import type { Usage } from './generate-result.js';
import type { ModelPrice } from './model-registry.js';

/** Costs are counted in integer micro-USD (1 USD = 1,000,000), so counters never accumulate float error. */
export const MICRO_USD_PER_USD = 1_000_000;

const MICRO_USD_PER_USD_BIG = BigInt(MICRO_USD_PER_USD);

/**
 * Converts a USD amount (a price or a budget) to integer micro-USD. Rounds to the nearest micro-USD, which
 * removes binary float noise such as `0.035 * 1e6 = 35000.00000000001`.
 */
export function convertUsdToMicroUsd(usd: number): number {
  if (!Number.isFinite(usd) || usd < 0)
    throw new RangeError(`Expected a non-negative USD amount, got ${usd}.`);
  return Math.round(usd * MICRO_USD_PER_USD);
}

/** Converts integer micro-USD back to USD, for display. */
export function convertMicroUsdToUsd(microUsd: number): number {
  return microUsd / MICRO_USD_PER_USD;
}

/**
 * The cost of `usage` at `price`, in integer micro-USD, rounded up so a request is never undercharged.
 *
 * A price in USD per million tokens is exactly the price in micro-USD per token, so the cost is
 * `inputTokens * inputPerMTok + outputTokens * outputPerMTok` micro-USD. Prices are resolved to 1e-6 USD
 * per million tokens and the sum is taken in BigInt, then divided once and rounded up.
 */
export function computeCostMicroUsd(usage: Usage, price: ModelPrice): number {
  const inputTokens = toTokenCount(usage.inputTokens, 'inputTokens');
  const outputTokens = toTokenCount(usage.outputTokens, 'outputTokens');
  const inputPrice = BigInt(convertUsdToMicroUsd(price.inputPerMTok));
  const outputPrice = BigInt(convertUsdToMicroUsd(price.outputPerMTok));
  const scaledCost = inputTokens * inputPrice + outputTokens * outputPrice;
  const cost = (scaledCost + MICRO_USD_PER_USD_BIG - 1n) / MICRO_USD_PER_USD_BIG;
  return Number(cost);
}

/** Usage with its cost: what a settlement records. */
export interface UsageCharge extends Usage {
  costMicroUsd: number;
}

/** `usage` priced at `price`. */
export function priceUsage(usage: Usage, price: ModelPrice): UsageCharge {
  return { ...usage, costMicroUsd: computeCostMicroUsd(usage, price) };
}

/** The sum of several charges (calls to different models, abandoned attempts). */
export function addCharges(charges: readonly UsageCharge[]): UsageCharge {
  const total: UsageCharge = { inputTokens: 0, outputTokens: 0, costMicroUsd: 0 };
  for (const charge of charges) {
    total.inputTokens += charge.inputTokens;
    total.outputTokens += charge.outputTokens;
    total.costMicroUsd += charge.costMicroUsd;
  }
  return total;
}

function toTokenCount(value: number, field: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${field} must be a non-negative integer, got ${value}.`);
  }
  return BigInt(value);
}
