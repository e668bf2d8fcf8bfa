import type { Usage } from './generate-result.js';
import type { ServiceTier } from './model-capabilities.js';
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
 * What a service tier costs against the default tier: Bedrock bills Priority at a 75% premium and Flex at a 50%
 * discount on the same per-token prices (aws.amazon.com/bedrock/pricing, as transcribed for Nova 2 Lite and
 * Mistral Large 3 in awslabs/startups `shared/pricing-cache.md`, 2026-07-17).
 */
export const SERVICE_TIER_MULTIPLIERS: Readonly<Record<'default' | ServiceTier, number>> = {
  default: 1,
  priority: 1.75,
  flex: 0.5,
};

/**
 * The cost of `usage` at `price` (and `tier`), in integer micro-USD, rounded up so a request is never
 * undercharged.
 *
 * A price in USD per million tokens is exactly the price in micro-USD per token. Cache reads and writes have
 * prices of their own (writes with the 1-hour TTL another one); a price the model lacks falls back to the
 * input price. Prices are resolved to 1e-6 USD per million tokens and the sum is taken in BigInt, then
 * divided once and rounded up.
 */
export function computeCostMicroUsd(
  usage: Usage,
  price: ModelPrice,
  tier: ServiceTier | 'default' = 'default',
): number {
  const tokens = (value: number | undefined, field: string) => toTokenCount(value ?? 0, field);
  const perToken = (usdPerMTok: number) =>
    BigInt(convertUsdToMicroUsd(usdPerMTok * SERVICE_TIER_MULTIPLIERS[tier]));
  const cacheWrite = price.cacheWritePerMTok ?? price.inputPerMTok;
  const writes1h = tokens(usage.cacheWrite1hTokens, 'cacheWrite1hTokens');
  const writes = tokens(usage.cacheWriteTokens, 'cacheWriteTokens');
  if (writes1h > writes) throw new RangeError('cacheWrite1hTokens cannot exceed cacheWriteTokens.');
  const scaledCost =
    tokens(usage.inputTokens, 'inputTokens') * perToken(price.inputPerMTok) +
    tokens(usage.outputTokens, 'outputTokens') * perToken(price.outputPerMTok) +
    tokens(usage.cacheReadTokens, 'cacheReadTokens') *
      perToken(price.cacheReadPerMTok ?? price.inputPerMTok) +
    (writes - writes1h) * perToken(cacheWrite) +
    writes1h * perToken(price.cacheWrite1hPerMTok ?? cacheWrite);
  const cost = (scaledCost + MICRO_USD_PER_USD_BIG - 1n) / MICRO_USD_PER_USD_BIG;
  return Number(cost);
}

/**
 * The dearest price per prompt token and per output token among `prices`, whatever part of the prompt turns
 * out cached: what a reservation is priced at, so that no split of the prompt and no fallback can cost more.
 */
export function computePriceCeiling(
  prices: readonly ModelPrice[],
  tier: ServiceTier | 'default' = 'default',
): ModelPrice {
  const multiplier = SERVICE_TIER_MULTIPLIERS[tier];
  const input = prices.map((price) =>
    Math.max(
      price.inputPerMTok,
      price.cacheReadPerMTok ?? 0,
      price.cacheWritePerMTok ?? 0,
      price.cacheWrite1hPerMTok ?? 0,
    ),
  );
  return {
    inputPerMTok: Math.max(...input) * multiplier,
    outputPerMTok: Math.max(...prices.map((price) => price.outputPerMTok)) * multiplier,
  };
}

/** Usage with its cost: what a settlement records. */
export interface UsageCharge extends Usage {
  costMicroUsd: number;
}

/** `usage` priced at `price` (and `tier`). */
export function priceUsage(
  usage: Usage,
  price: ModelPrice,
  tier: ServiceTier | 'default' = 'default',
): UsageCharge {
  return { ...usage, costMicroUsd: computeCostMicroUsd(usage, price, tier) };
}

/** The sum of several charges (calls to different models, abandoned attempts). */
export function addCharges(charges: readonly UsageCharge[]): UsageCharge {
  const total: Required<UsageCharge> = {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: 0,
    costMicroUsd: 0,
  };
  for (const charge of charges) {
    for (const field of Object.keys(total) as Array<keyof UsageCharge>) total[field] += charge[field] ?? 0;
  }
  return total;
}

function toTokenCount(value: number, field: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${field} must be a non-negative integer, got ${value}.`);
  }
  return BigInt(value);
}
