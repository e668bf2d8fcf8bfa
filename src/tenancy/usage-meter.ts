import {
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  GatewayError,
  InvalidRequestError,
  RateLimitError,
  ServiceUnavailableError,
} from '../core/errors.js';

import { countPromptTokens } from '../core/generate-result.js';
import { convertMicroUsdToUsd, type UsageCharge } from '../core/usage-cost.js';
import {
  computeAdmissionCeiling,
  findCrossedLimit,
  meteredWindowKinds,
  resolveUsageWindows,
  secondsUntilWindowReset,
  type UsageDemand,
  type UsageLimits,
  type UsageWindow,
  type UsageWindowKind,
  WINDOW_LIMITS,
  type WindowCounters,
  type WindowLimit,
} from '../core/usage-windows.js';

/**
 * Numeric attributes of a usage item (`pk = <keyId>#<m|d|M>#<window id>`, plus TTL `expiresAt`).
 * `committed*` are used plus reserved by in-flight requests: DynamoDB conditions cannot add attributes
 * together, so the sum that limits are checked against is kept as one counter. What is still reserved is
 * `committedTokens - inputTokens - outputTokens`.
 */
export type UsageCounter =
  | keyof WindowCounters
  | 'inputTokens'
  | 'outputTokens'
  | 'cacheReadTokens'
  | 'cacheWriteTokens'
  | 'reasoningTokens'
  | 'costMicroUsd';

export interface UsageMeterOptions {
  client: DynamoDBDocumentClient;
  /** The usage table (hash key `pk`, TTL on `expiresAt`). */
  tableName: string;
  /** Clock in epoch milliseconds. Default: `Date.now`. */
  now?: () => number;
  /**
   * Told about failures that are deliberately not thrown: undoing a partial reservation after a refusal.
   * Such a failure leaves capacity held until the window ends; it never lets a key overspend.
   */
  reportError?: (message: string, error: unknown) => void;
}

export interface ReserveInput {
  key: { keyId: string; limits: UsageLimits };
  /**
   * What to hold: the prompt's tokens (an upper bound, or Bedrock's exact count) plus the most output tokens
   * the call may produce, their cost at the dearest model that may answer, and the Bedrock calls it makes.
   */
  demand: UsageDemand;
  /** Epoch milliseconds; defaults to the meter's clock. */
  now?: number;
}

/** Capacity held for one request until it is settled. */
export interface Reservation {
  readonly keyId: string;
  readonly demand: UsageDemand;
  /** The windows the request is counted in (see `meteredWindowKinds`); settlement goes to the same ones. */
  readonly windows: readonly UsageWindow[];
  /** Set by the first `settle`; later calls do nothing, so a reservation is never counted twice. */
  settled: boolean;
}

export interface WindowUsage {
  /** Window id, e.g. `2026-11-21` or `2026-11`. */
  window: string;
  requests: number;
  /** Uncached prompt tokens. */
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens read from and written to the cache. */
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Of `outputTokens`, those spent reasoning. */
  reasoningTokens: number;
  costMicroUsd: number;
  costUsd: number;
  /** Tokens reserved by requests still in flight. */
  reservedTokens: number;
}

export interface KeyUsage {
  keyId: string;
  day: WindowUsage;
  month: WindowUsage;
}

export interface UsageMeter {
  /**
   * Counts a request and holds its tokens and cost in the current minute, day and month, or refuses with
   * 429 when a limit of the key would be crossed (`rate_limit_exceeded`, `tokens_per_minute_exceeded`,
   * `daily_tokens_exceeded`, `budget_exceeded`; `Retry-After` is when that window resets). A request that
   * could never fit a limit, even in an empty window, is a 400 `request_exceeds_key_limit`.
   */
  reserve(input: ReserveInput): Promise<Reservation>;
  /**
   * Replaces what the reservation held by what was used, already priced: after success, after failure
   * (`undefined` for nothing used) and after an aborted stream. Only the first call counts.
   */
  settle(reservation: Reservation, charge: UsageCharge | undefined): Promise<void>;
  /** Today's and this month's counters (UTC) for a key. */
  getUsage(keyId: string, now?: number): Promise<KeyUsage>;
}

/** Some window items could not be settled; their reservation stays held until the window expires. */
export class UsageSettlementError extends Error {
  override name = 'UsageSettlementError';
}

const WINDOW_KEY_MARKERS: Readonly<Record<UsageWindowKind, string>> = { minute: 'm', day: 'd', month: 'M' };

const LIMIT_ERROR_CODES: Readonly<Record<WindowLimit, string>> = {
  rpm: 'rate_limit_exceeded',
  tpm: 'tokens_per_minute_exceeded',
  dailyTokens: 'daily_tokens_exceeded',
  monthlyBudgetUsd: 'budget_exceeded',
};

/** The usage-table key of one key's counters in one window. */
export function formatUsageItemKey(keyId: string, window: Pick<UsageWindow, 'kind' | 'id'>): string {
  return `${keyId}#${WINDOW_KEY_MARKERS[window.kind]}#${window.id}`;
}

/**
 * Builds the meter. A reservation is one conditional UpdateItem per metered window (day and month, plus the
 * minute for keys with rpm or tpm), sent in parallel: one
 * round trip and one write unit each. Each condition is checked atomically with its increment, so the
 * committed counters never pass a limit however many requests race. If one window refuses, the windows
 * that accepted are decremented again; until then they hold slightly more than they should, which can only
 * refuse a concurrent request early, never admit one late.
 *
 * Why not one TransactWriteItems: dynalite (the local and test store) does not implement transactions
 * (architect/dynalite#151), and the design runs one code path everywhere. Transactional writes also cost
 * twice the write units of plain ones.
 */
export function createUsageMeter(options: UsageMeterOptions): UsageMeter {
  const { client, tableName, now = Date.now, reportError = () => {} } = options;

  function updateWindow(
    keyId: string,
    window: UsageWindow,
    deltas: Partial<Record<UsageCounter, number>>,
    ceilings: ReadonlyArray<{ counter: UsageCounter; ceiling: number }> = [],
  ): Promise<unknown> {
    return client.send(new UpdateCommand(buildWindowUpdate(tableName, keyId, window, deltas, ceilings)));
  }

  async function readCounters(keyId: string, window: UsageWindow): Promise<Record<UsageCounter, number>> {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: formatUsageItemKey(keyId, window) },
        ConsistentRead: true,
      }),
    );
    return readUsageCounters(Item);
  }

  /** Which limit of a refused window was crossed. Off the success path: only refusals pay for the read. */
  async function identifyCrossedLimit(
    input: ReserveInput,
    window: UsageWindow,
    demand: UsageDemand,
  ): Promise<WindowLimit> {
    const candidates = WINDOW_LIMITS.filter(
      ({ limit, window: kind }) =>
        kind === window.kind && computeAdmissionCeiling(limit, input.key.limits, demand) !== undefined,
    ).map(({ limit }) => limit);
    if (candidates.length === 1) return candidates[0]!;
    const counters = await readCounters(input.key.keyId, window);
    const crossed = findCrossedLimit(input.key.limits, { [window.kind]: counters }, demand);
    // The counters may have dropped since the refusal (a settlement); then name the window's last limit.
    return crossed !== undefined && candidates.includes(crossed) ? crossed : candidates.at(-1)!;
  }

  return {
    async reserve(input) {
      const { key, demand } = input;
      const nowMs = input.now ?? now();
      const neverFits = findCrossedLimit(key.limits, {}, demand);
      if (neverFits !== undefined) throw createNeverFitsError(key, neverFits, demand);

      const windows = resolveUsageWindows(nowMs);
      const kinds = meteredWindowKinds(key.limits);
      const held = {
        requests: demand.requests,
        committedTokens: demand.tokens,
        committedCostMicroUsd: demand.costMicroUsd,
      };
      const results = await Promise.allSettled(
        kinds.map((kind) =>
          updateWindow(key.keyId, windows[kind], held, admissionConditions(key.limits, kind, demand)),
        ),
      );
      const reservation: Reservation = {
        keyId: key.keyId,
        demand,
        windows: kinds.map((kind) => windows[kind]),
        settled: false,
      };
      if (results.every((result) => result.status === 'fulfilled')) return reservation;

      const released = {
        requests: -demand.requests,
        committedTokens: -demand.tokens,
        committedCostMicroUsd: -demand.costMicroUsd,
      };
      const undo = await Promise.allSettled(
        kinds
          .filter((_, index) => results[index]!.status === 'fulfilled')
          .map((kind) => updateWindow(key.keyId, windows[kind], released)),
      );
      for (const result of undo) {
        if (result.status === 'rejected')
          reportError('Could not release a refused reservation.', result.reason);
      }

      let refusedKind: UsageWindowKind | undefined;
      for (const [index, result] of results.entries()) {
        if (result.status === 'fulfilled') continue;
        // By name, not instanceof: a bundle may hold more than one copy of the SDK's error classes.
        if ((result.reason as Error | undefined)?.name !== 'ConditionalCheckFailedException')
          throw createStoreUnavailableError(result.reason);
        refusedKind = kinds[index];
      }
      const refused = windows[refusedKind!];
      const limit = await identifyCrossedLimit(input, refused, demand);
      throw createLimitError(key, limit, secondsUntilWindowReset(refused, nowMs));
    },

    async settle(reservation, charge) {
      if (reservation.settled) return;
      reservation.settled = true;
      const used = charge ?? { inputTokens: 0, outputTokens: 0, costMicroUsd: 0 };
      // Every prompt token counts toward the limits, cached or not: Bedrock processed them all.
      const usedTokens = countPromptTokens(used) + used.outputTokens;
      const deltas = {
        inputTokens: used.inputTokens,
        outputTokens: used.outputTokens,
        cacheReadTokens: used.cacheReadTokens ?? 0,
        cacheWriteTokens: used.cacheWriteTokens ?? 0,
        reasoningTokens: used.reasoningTokens ?? 0,
        costMicroUsd: used.costMicroUsd,
        committedTokens: usedTokens - reservation.demand.tokens,
        committedCostMicroUsd: used.costMicroUsd - reservation.demand.costMicroUsd,
      };
      const results = await Promise.allSettled(
        reservation.windows.map((window) => updateWindow(reservation.keyId, window, deltas)),
      );
      const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      if (failures.length > 0) {
        throw new UsageSettlementError(
          `Could not settle ${failures.length} of ${results.length} usage windows of key ${reservation.keyId}.`,
          { cause: failures.length === 1 ? failures[0] : new AggregateError(failures) },
        );
      }
    },

    async getUsage(keyId, nowMs = now()) {
      const windows = resolveUsageWindows(nowMs);
      const [day, month] = await Promise.all([
        readCounters(keyId, windows.day),
        readCounters(keyId, windows.month),
      ]).catch((error: unknown) => {
        throw createStoreUnavailableError(error);
      });
      return {
        keyId,
        day: summarizeWindow(windows.day, day),
        month: summarizeWindow(windows.month, month),
      };
    },
  };
}

/** The `counter <= ceiling` conditions that admit `demand` into a window of this kind. */
function admissionConditions(
  limits: UsageLimits,
  kind: UsageWindowKind,
  demand: UsageDemand,
): Array<{ counter: UsageCounter; ceiling: number }> {
  const conditions: Array<{ counter: UsageCounter; ceiling: number }> = [];
  for (const { limit, window, counter } of WINDOW_LIMITS) {
    if (window !== kind) continue;
    const ceiling = computeAdmissionCeiling(limit, limits, demand);
    if (ceiling !== undefined) conditions.push({ counter, ceiling });
  }
  return conditions;
}

/**
 * One UpdateItem: ADD each non-zero delta, set the TTL on first write, and refuse (atomically) when a
 * counter is above its ceiling. Counters absent from a new item count as 0.
 */
export function buildWindowUpdate(
  tableName: string,
  keyId: string,
  window: UsageWindow,
  deltas: Partial<Record<UsageCounter, number>>,
  ceilings: ReadonlyArray<{ counter: UsageCounter; ceiling: number }> = [],
): UpdateCommandInput {
  const values: Record<string, number> = { ':expiresAt': window.expiresAtSeconds };
  const additions: string[] = [];
  for (const [counter, delta] of Object.entries(deltas)) {
    if (delta === 0) continue;
    additions.push(`${counter} :${counter}`);
    values[`:${counter}`] = delta;
  }
  const conditions = ceilings.map(({ counter, ceiling }) => {
    values[`:${counter}Ceiling`] = ceiling;
    return `(attribute_not_exists(${counter}) OR ${counter} <= :${counter}Ceiling)`;
  });
  return {
    TableName: tableName,
    Key: { pk: formatUsageItemKey(keyId, window) },
    UpdateExpression:
      'SET expiresAt = if_not_exists(expiresAt, :expiresAt)' +
      (additions.length > 0 ? ` ADD ${additions.join(', ')}` : ''),
    ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
    ExpressionAttributeValues: values,
  };
}

function readUsageCounters(item: Record<string, unknown> | undefined): Record<UsageCounter, number> {
  const read = (name: UsageCounter) => (typeof item?.[name] === 'number' ? (item[name] as number) : 0);
  return {
    requests: read('requests'),
    committedTokens: read('committedTokens'),
    committedCostMicroUsd: read('committedCostMicroUsd'),
    inputTokens: read('inputTokens'),
    outputTokens: read('outputTokens'),
    cacheReadTokens: read('cacheReadTokens'),
    cacheWriteTokens: read('cacheWriteTokens'),
    reasoningTokens: read('reasoningTokens'),
    costMicroUsd: read('costMicroUsd'),
  };
}

function summarizeWindow(window: UsageWindow, counters: Record<UsageCounter, number>): WindowUsage {
  return {
    window: window.id,
    requests: counters.requests,
    inputTokens: counters.inputTokens,
    outputTokens: counters.outputTokens,
    cacheReadTokens: counters.cacheReadTokens,
    cacheWriteTokens: counters.cacheWriteTokens,
    reasoningTokens: counters.reasoningTokens,
    costMicroUsd: counters.costMicroUsd,
    costUsd: convertMicroUsdToUsd(counters.costMicroUsd),
    reservedTokens: Math.max(
      0,
      counters.committedTokens -
        counters.inputTokens -
        counters.cacheReadTokens -
        counters.cacheWriteTokens -
        counters.outputTokens,
    ),
  };
}

const PROMPT_SIZED_REFUSALS: ReadonlySet<string> = new Set([
  LIMIT_ERROR_CODES.tpm,
  LIMIT_ERROR_CODES.dailyTokens,
  LIMIT_ERROR_CODES.monthlyBudgetUsd,
]);

/**
 * Whether a refusal of `reserve` depends on the prompt's size (a token limit or the budget), so that a
 * smaller, exact prompt count might be admitted where an upper bound was not.
 */
export function isPromptSizedRefusal(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  if (error.code === 'request_exceeds_key_limit') return error.param === 'max_tokens';
  return PROMPT_SIZED_REFUSALS.has(error.code);
}

/** The usage table did not answer: a 503 the client may retry, never a 500 and never an admission. */
function createStoreUnavailableError(cause: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'usage_store_unavailable',
    'The gateway cannot reach its usage records right now. Retry later.',
    cause,
  );
}

/** A limit in words, e.g. "60 requests per minute". */
function describeLimit(limits: UsageLimits, limit: WindowLimit): string {
  switch (limit) {
    case 'rpm':
      return `${limits.rpm} requests per minute`;
    case 'tpm':
      return `${limits.tpm} tokens per minute`;
    case 'dailyTokens':
      return `${limits.dailyTokens} tokens per UTC day`;
    case 'monthlyBudgetUsd':
      return `a budget of ${limits.monthlyBudgetUsd} USD per UTC month`;
  }
}

function createLimitError(
  key: ReserveInput['key'],
  limit: WindowLimit,
  retryAfterSeconds: number,
): RateLimitError {
  const inFlight = limit === 'rpm' ? '' : ' Requests in flight count at their max_tokens until they finish.';
  return new RateLimitError(
    LIMIT_ERROR_CODES[limit],
    `API key ${key.keyId} has reached its limit of ${describeLimit(key.limits, limit)}.${inFlight}`,
    retryAfterSeconds,
  );
}

function createNeverFitsError(
  key: ReserveInput['key'],
  limit: WindowLimit,
  demand: UsageDemand,
): InvalidRequestError {
  const need =
    limit === 'monthlyBudgetUsd'
      ? `up to ${convertMicroUsdToUsd(demand.costMicroUsd)} USD`
      : limit === 'rpm'
        ? `${demand.requests} Bedrock calls`
        : `up to ${demand.tokens} tokens (prompt + max_tokens)`;
  return new InvalidRequestError(
    'request_exceeds_key_limit',
    `This request needs ${need}, more than API key ${key.keyId} allows at all: ${describeLimit(key.limits, limit)}.${limit === 'rpm' ? '' : ' Lower max_tokens or shorten the prompt.'}`,
    limit === 'rpm' ? {} : { param: 'max_tokens' },
  );
}
