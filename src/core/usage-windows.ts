import type { ModelPrice } from './model-registry.js';
import { convertUsdToMicroUsd } from './usage-cost.js';

/**
 * Usage is counted per key in three UTC windows. Each limit of a key belongs to one window: `rpm` and `tpm`
 * to the minute, `dailyTokens` to the day, `monthlyBudgetUsd` to the month.
 */
export type UsageWindowKind = 'minute' | 'day' | 'month';

/** Shortest first; a refusal reports the longest window that refused, since retrying earlier is pointless. */
export const USAGE_WINDOW_KINDS: readonly UsageWindowKind[] = ['minute', 'day', 'month'];

export interface UsageWindow {
  kind: UsageWindowKind;
  /** `2026-11-21T12:05` (minute), `2026-11-21` (day) or `2026-11` (month), in UTC. */
  id: string;
  startsAtMs: number;
  endsAtMs: number;
  /** When the window's counters may be deleted, in epoch seconds (a DynamoDB TTL value). */
  expiresAtSeconds: number;
}

/**
 * How long counters outlive their window. Minutes only matter while they are current, plus slack for
 * settlements of requests that started in them; days and months stay readable for usage reports.
 */
export const WINDOW_RETENTION_SECONDS: Readonly<Record<UsageWindowKind, number>> = {
  minute: 2 * 60,
  day: 2 * 24 * 60 * 60,
  month: 35 * 24 * 60 * 60,
};

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const WINDOW_ID_LENGTH: Readonly<Record<UsageWindowKind, number>> = { minute: 16, day: 10, month: 7 };

/** The window of `kind` that contains `nowMs` (epoch milliseconds). */
export function resolveUsageWindow(kind: UsageWindowKind, nowMs: number): UsageWindow {
  const date = new Date(nowMs);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a valid time: ${nowMs}.`);
  let startsAtMs: number;
  let endsAtMs: number;
  if (kind === 'month') {
    startsAtMs = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    endsAtMs = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  } else {
    const lengthMs = kind === 'minute' ? MINUTE_MS : DAY_MS;
    startsAtMs = Math.floor(nowMs / lengthMs) * lengthMs;
    endsAtMs = startsAtMs + lengthMs;
  }
  return {
    kind,
    id: date.toISOString().slice(0, WINDOW_ID_LENGTH[kind]),
    startsAtMs,
    endsAtMs,
    expiresAtSeconds: Math.ceil(endsAtMs / 1000) + WINDOW_RETENTION_SECONDS[kind],
  };
}

/** The minute, day and month windows that contain `nowMs`. */
export function resolveUsageWindows(nowMs: number): Record<UsageWindowKind, UsageWindow> {
  return {
    minute: resolveUsageWindow('minute', nowMs),
    day: resolveUsageWindow('day', nowMs),
    month: resolveUsageWindow('month', nowMs),
  };
}

/** Whole seconds until `window` ends, at least 1: the `Retry-After` of a refusal in that window. */
export function secondsUntilWindowReset(window: UsageWindow, nowMs: number): number {
  return Math.max(1, Math.ceil((window.endsAtMs - nowMs) / 1000));
}

/** A key's limits. An absent limit means unlimited. */
export interface UsageLimits {
  /** Requests per minute. */
  rpm?: number;
  /** Tokens (input + output, including in-flight reservations) per minute. */
  tpm?: number;
  /** Largest `max_tokens` a single request may ask for; applied by policy, not by the windows. */
  maxTokensPerRequest?: number;
  /** Tokens per UTC day. */
  dailyTokens?: number;
  /** Spend per UTC calendar month, in USD. */
  monthlyBudgetUsd?: number;
}

/** The limits that windowed counters enforce. */
export type WindowLimit = 'rpm' | 'tpm' | 'dailyTokens' | 'monthlyBudgetUsd';

/**
 * The counters of one window. "Committed" amounts are what has been used plus what in-flight requests have
 * reserved: limits are checked against them, so concurrent requests cannot all spend the same headroom.
 */
export interface WindowCounters {
  requests: number;
  committedTokens: number;
  committedCostMicroUsd: number;
}

/**
 * What one request reserves: its prompt tokens (an upper bound, or Bedrock's exact count) plus `max_tokens`,
 * the cost of that at the dearest model that may answer, and the Bedrock calls it makes (counted against
 * `rpm`: an embeddings request of 2,048 texts is 2,048 calls to Titan, not one).
 */
export interface UsageDemand {
  requests: number;
  tokens: number;
  costMicroUsd: number;
}

/** Which window and which counter each limit is checked against, in the order refusals are reported. */
export const WINDOW_LIMITS: ReadonlyArray<{
  limit: WindowLimit;
  window: UsageWindowKind;
  counter: keyof WindowCounters;
}> = [
  { limit: 'rpm', window: 'minute', counter: 'requests' },
  { limit: 'tpm', window: 'minute', counter: 'committedTokens' },
  { limit: 'dailyTokens', window: 'day', counter: 'committedTokens' },
  { limit: 'monthlyBudgetUsd', window: 'month', counter: 'committedCostMicroUsd' },
];

/**
 * The largest value the limit's counter may hold for `demand` to still be admitted, or `undefined` when the
 * key has no such limit. Negative when the demand alone is over the limit. A store turns this into a
 * condition `counter <= ceiling`, evaluated atomically with the increment.
 */
export function computeAdmissionCeiling(
  limit: WindowLimit,
  limits: UsageLimits,
  demand: UsageDemand,
): number | undefined {
  switch (limit) {
    case 'rpm':
      return limits.rpm === undefined ? undefined : limits.rpm - demand.requests;
    case 'tpm':
      return limits.tpm === undefined ? undefined : limits.tpm - demand.tokens;
    case 'dailyTokens':
      return limits.dailyTokens === undefined ? undefined : limits.dailyTokens - demand.tokens;
    case 'monthlyBudgetUsd':
      return limits.monthlyBudgetUsd === undefined
        ? undefined
        : convertUsdToMicroUsd(limits.monthlyBudgetUsd) - demand.costMicroUsd;
  }
}

/**
 * The first limit that admitting `demand` on top of `counters` would cross, or `undefined` when it fits.
 * Missing windows count as empty, so `findCrossedLimit(limits, {}, demand)` asks whether a request could
 * ever fit.
 */
export function findCrossedLimit(
  limits: UsageLimits,
  counters: Partial<Record<UsageWindowKind, WindowCounters>>,
  demand: UsageDemand,
): WindowLimit | undefined {
  for (const { limit, window, counter } of WINDOW_LIMITS) {
    const ceiling = computeAdmissionCeiling(limit, limits, demand);
    if (ceiling !== undefined && (counters[window]?.[counter] ?? 0) > ceiling) return limit;
  }
  return undefined;
}

/**
 * The windows a key's requests are counted in. Day and month always (usage reports, daily tokens, budget);
 * the minute only when the key has a per-minute limit, since nothing else reads it. Each window costs a
 * DynamoDB write on reserve and another on settle.
 */
export function meteredWindowKinds(limits: UsageLimits): UsageWindowKind[] {
  const perMinute = limits.rpm !== undefined || limits.tpm !== undefined;
  return USAGE_WINDOW_KINDS.filter((kind) => kind !== 'minute' || perMinute);
}

/**
 * The most output tokens a request may default to under the key's token limits and budget, given its prompt
 * tokens and the dearest price that may apply: what an empty window could admit. `undefined` when the key
 * has none of these limits. A default above it could never be admitted (400 on every request that omits
 * `max_tokens`); a window already partly used can still refuse it with a 429.
 */
export function computeOutputCeiling(
  limits: UsageLimits,
  promptTokens: number,
  price: ModelPrice,
): number | undefined {
  const ceilings: number[] = [];
  if (limits.tpm !== undefined) ceilings.push(limits.tpm - promptTokens);
  if (limits.dailyTokens !== undefined) ceilings.push(limits.dailyTokens - promptTokens);
  // A price in USD per million tokens is a price in micro-USD per token.
  if (limits.monthlyBudgetUsd !== undefined && price.outputPerMTok > 0) {
    const left = convertUsdToMicroUsd(limits.monthlyBudgetUsd) - promptTokens * price.inputPerMTok;
    ceilings.push(Math.floor(left / price.outputPerMTok));
  }
  return ceilings.length === 0 ? undefined : Math.min(...ceilings);
}
