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
  resolveUsageWindow,
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
import type { DynamoJsonClient } from './dynamo-json-client.js';

/**
 * The counters of a window. `committed*` are used plus reserved by in-flight requests: DynamoDB conditions
 * cannot add attributes together, so the sum that limits are checked against is kept as one counter. What is
 * still reserved is `committedTokens` less the tokens used.
 */
export type UsageCounter =
  | keyof WindowCounters
  | 'inputTokens'
  | 'outputTokens'
  | 'cacheReadTokens'
  | 'cacheWriteTokens'
  | 'reasoningTokens'
  | 'costMicroUsd';

/** Every counter, in the order the month keeps them. */
export const USAGE_COUNTERS: readonly UsageCounter[] = [
  'requests',
  'committedTokens',
  'committedCostMicroUsd',
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'reasoningTokens',
  'costMicroUsd',
];

/**
 * What each window keeps. The minute serves only `rpm` and `tpm`; the day serves `dailyTokens` and the
 * usage report; the month also the budget. Fewer attributes keep the item under 1 KB: one write unit.
 */
const WINDOW_COUNTERS: Readonly<Record<UsageWindowKind, readonly UsageCounter[]>> = {
  minute: ['requests', 'committedTokens'],
  day: USAGE_COUNTERS.filter((counter) => counter !== 'committedCostMicroUsd'),
  month: USAGE_COUNTERS,
};

export interface UsageMeterOptions {
  client: DynamoJsonClient;
  /** The usage table (hash key `pk`, TTL on `expiresAt`). */
  tableName: string;
  /** Clock in epoch milliseconds. Default: `Date.now`. */
  now?: () => number;
  /**
   * Settlements of one key within this many milliseconds are written together, as one UpdateItem. 0 (the
   * default) writes each settlement at once: Lambda, whose instance may freeze once the invocation ends. The
   * Node server batches (`server.settlementBatchMs`) and calls `flush()` on shutdown.
   */
  settlementBatchMs?: number;
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

export interface WindowUsage extends ModelWindowUsage {
  /** Window id, e.g. `2026-11-21` or `2026-11`. */
  window: string;
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
   * (`undefined` for nothing used) and after an aborted stream. Only the first call counts. Resolves once
   * the settlement is written (with batching, once its batch is).
   */
  settle(
    reservation: Reservation,
    charge: UsageCharge | undefined,
    models?: readonly ModelCharge[],
  ): Promise<void>;
  /** Writes every batched settlement now; resolves when they are written (or have failed). */
  flush(): Promise<void>;
  /** Today's and this month's counters (UTC) for a key. */
  getUsage(keyId: string, now?: number): Promise<KeyUsage>;
  /** A month's counters for a key, with the days its item still holds and both per model (one read). */
  getMonthUsage(keyId: string, monthId: string): Promise<MonthUsage>;
}

/** A settlement could not be written; its reservation stays held until the window expires. */
export class UsageSettlementError extends Error {
  override name = 'UsageSettlementError';
}

const LIMIT_ERROR_CODES: Readonly<Record<WindowLimit, string>> = {
  rpm: 'rate_limit_exceeded',
  tpm: 'tokens_per_minute_exceeded',
  dailyTokens: 'daily_tokens_exceeded',
  monthlyBudgetUsd: 'budget_exceeded',
};

/**
 * The usage-table key of a key's item for one UTC month (`<keyId>#M#2026-11`). The month, its days and the
 * minutes of a per-minute key all live in this one item, so a request is one write to reserve and one to
 * settle. (The key is the one the month's own item had when each window was an item of its own, so the
 * month's counters carry over an upgrade.)
 */
export function formatUsageItemKey(keyId: string, monthId: string): string {
  return `${keyId}#M#${monthId}`;
}

/**
 * The attribute of `counter` in `window`, inside its month's item: the window's identity is in the name
 * (`committedTokens` for the month, `d21_committedTokens` for the 21st, `m211205_committedTokens` for
 * 12:05 on the 21st). A new window starts from absent attributes, so a rollover needs no reset, and
 * concurrent requests on either side of it each write their own window's attributes.
 */
export function formatWindowAttribute(
  window: Pick<UsageWindow, 'kind' | 'id'>,
  counter: UsageCounter,
): string {
  switch (window.kind) {
    case 'month':
      return counter;
    case 'day':
      return `d${window.id.slice(8, 10)}_${counter}`;
    case 'minute':
      return `m${window.id.slice(8, 10)}${window.id.slice(11, 13)}${window.id.slice(14, 16)}_${counter}`;
  }
}

/** The month id (`2026-11`) a window belongs to. */
function monthOf(window: UsageWindow): string {
  return window.id.slice(0, 7);
}

const WINDOW_ATTRIBUTE_PATTERN = /^([dm])(\d{2}|\d{6})_/;

/**
 * Attributes of windows no limit checks and no report reads any more: days before yesterday and minutes
 * before the last one. They are removed to keep the item small (one write unit). A stream that ran for
 * minutes still settles into its own minute and recreates those attributes; nothing reads them, and a later
 * write removes them again. No request outlives a day, so yesterday is kept for the ones crossing midnight.
 */
function findStaleAttributes(names: Iterable<string>, nowMs: number): string[] {
  const windows = resolveUsageWindows(nowMs);
  const month = monthOf(windows.month);
  const previousMinute = resolveUsageWindow('minute', nowMs - 60_000);
  const previousDay = resolveUsageWindow('day', nowMs - 86_400_000);
  // In the month's first minute or day the previous one is in another item: nothing here is older.
  const oldestMinute =
    monthOf(previousMinute) === month ? formatWindowAttribute(previousMinute, 'requests') : '';
  const oldestDay = monthOf(previousDay) === month ? formatWindowAttribute(previousDay, 'requests') : '';
  const stale: string[] = [];
  for (const name of names) {
    const match = WINDOW_ATTRIBUTE_PATTERN.exec(name);
    if (!match) continue;
    const oldest = match[1] === 'd' ? oldestDay : oldestMinute;
    if (oldest !== '' && name.slice(0, match[0].length) < oldest.slice(0, match[0].length)) stale.push(name);
  }
  return stale;
}

type DynamoNumber = { N: string };
type DynamoItem = Record<string, { N?: string; S?: string } | undefined>;

function toDynamoNumber(value: number): DynamoNumber {
  return { N: String(value) };
}

function readNumber(item: DynamoItem | undefined, name: string): number {
  const value = item?.[name]?.N;
  return value === undefined ? 0 : Number(value);
}

/** `d21_` of `d21_requests`; '' for the month's own counters. */
function windowPrefixOf(attribute: string): string {
  return WINDOW_ATTRIBUTE_PATTERN.exec(attribute)?.[0] ?? '';
}

/** Per-attribute amounts to ADD to one item. */
type ItemDeltas = Map<string, number>;

/**
 * One UpdateItem: ADD each non-zero delta, set the TTL on first write, REMOVE the stale attributes not
 * written here, and refuse (atomically) when a counter is above its ceiling. Absent counters count as 0.
 */
export function buildItemUpdate(input: {
  tableName: string;
  itemKey: string;
  expiresAtSeconds: number;
  deltas: ItemDeltas;
  ceilings?: ReadonlyArray<{ attribute: string; ceiling: number }>;
  remove?: readonly string[];
}): Record<string, unknown> {
  const values: Record<string, DynamoNumber> = { ':expiresAt': toDynamoNumber(input.expiresAtSeconds) };
  // Per-model attributes carry the alias (`@claude-sonnet.i`): such names go through placeholders.
  const names: Record<string, string> = {};
  const nameOf = (attribute: string): string => {
    if (PLAIN_ATTRIBUTE_NAME.test(attribute)) return attribute;
    const placeholder = `#n${Object.keys(names).length}`;
    names[placeholder] = attribute;
    return placeholder;
  };
  const additions: string[] = [];
  // Equal deltas share a placeholder: a reservation adds the same amounts to every window.
  const placeholders = new Map<number, string>();
  for (const [attribute, delta] of input.deltas) {
    if (delta === 0) continue;
    let placeholder = placeholders.get(delta);
    if (!placeholder) {
      placeholder = `:v${placeholders.size}`;
      placeholders.set(delta, placeholder);
      values[placeholder] = toDynamoNumber(delta);
    }
    additions.push(`${nameOf(attribute)} ${placeholder}`);
  }
  const conditions = (input.ceilings ?? []).map(({ attribute, ceiling }, index) => {
    values[`:c${index}`] = toDynamoNumber(ceiling);
    return `(attribute_not_exists(${attribute}) OR ${attribute} <= :c${index})`;
  });
  // A window written here is live, whatever an earlier answer suggested: none of its attributes go.
  const written = new Set([...input.deltas.keys()].map(windowPrefixOf));
  const removals = (input.remove ?? []).filter((name) => !written.has(windowPrefixOf(name)));
  return {
    TableName: input.tableName,
    Key: { pk: { S: input.itemKey } },
    UpdateExpression:
      'SET expiresAt = if_not_exists(expiresAt, :expiresAt)' +
      (additions.length > 0 ? ` ADD ${additions.join(', ')}` : '') +
      (removals.length > 0 ? ` REMOVE ${removals.map(nameOf).join(', ')}` : ''),
    ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
}

/** Adds `deltas` (by counter) to every counter each window keeps. */
function addToWindows(
  target: ItemDeltas,
  windows: readonly UsageWindow[],
  deltas: Partial<Record<UsageCounter, number>>,
): ItemDeltas {
  for (const window of windows) {
    for (const counter of WINDOW_COUNTERS[window.kind]) {
      const delta = deltas[counter];
      if (delta === undefined || delta === 0) continue;
      const attribute = formatWindowAttribute(window, counter);
      target.set(attribute, (target.get(attribute) ?? 0) + delta);
    }
  }
  return target;
}

/** Settlements of one item waiting to be written together. */
interface SettlementBatch {
  itemKey: string;
  expiresAtSeconds: number;
  deltas: ItemDeltas;
  count: number;
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
  timer: NodeJS.Timeout | undefined;
}

/** How many items' stale attribute names are remembered; past it the memory starts over (a cache only). */
const STALE_MEMORY_LIMIT = 10_000;

/**
 * Builds the meter. A key's minute, day and month counters live in ONE item per key and month, the window
 * in each attribute's name (`formatWindowAttribute`). A reservation is one conditional UpdateItem that checks
 * every limit and adds to every window at once, so it is atomic across the windows: the committed counters
 * never pass a limit however many requests race, and a refusal leaves nothing to undo. A settlement is one
 * unconditional UpdateItem to the reservation's own windows (with batching, one per key per interval for
 * many settlements). Why not TransactWriteItems over an item per window: dynalite (the local and test store)
 * does not implement transactions (architect/dynalite#151), and transactional writes cost twice the write
 * units of plain ones.
 */
export function createUsageMeter(options: UsageMeterOptions): UsageMeter {
  const { client, tableName, now = Date.now, settlementBatchMs = 0 } = options;
  /** Per item, attributes of windows seen stale in its last answer: removed by the next write to it. */
  const staleByItem = new Map<string, string[]>();
  const batches = new Map<string, SettlementBatch>();
  const writing = new Set<Promise<void>>();

  function takeStale(itemKey: string): string[] {
    return staleByItem.get(itemKey) ?? [];
  }

  function rememberStale(itemKey: string, stale: string[]): void {
    if (stale.length === 0) {
      staleByItem.delete(itemKey);
      return;
    }
    if (staleByItem.size >= STALE_MEMORY_LIMIT) staleByItem.clear();
    staleByItem.set(itemKey, stale);
  }

  async function readItem(itemKey: string): Promise<DynamoItem | undefined> {
    const { Item } = await client.send<{ Item?: DynamoItem }>('GetItem', {
      TableName: tableName,
      Key: { pk: { S: itemKey } },
      ConsistentRead: true,
    });
    return Item;
  }

  /**
   * Which limit the refused reservation crossed: the longest window's, since retrying before that one
   * resets is pointless. Off the success path: DynamoDB returns the item with the refusal; only stores
   * that do not (dynalite) pay for a read.
   */
  async function identifyCrossedLimit(
    input: ReserveInput,
    windows: Record<UsageWindowKind, UsageWindow>,
    itemKey: string,
    refusedItem: DynamoItem | undefined,
  ): Promise<WindowLimit> {
    const candidates = WINDOW_LIMITS.filter(
      ({ limit }) => computeAdmissionCeiling(limit, input.key.limits, input.demand) !== undefined,
    );
    if (candidates.length === 1) return candidates[0]!.limit;
    const item = refusedItem ?? (await readItem(itemKey));
    const crossed = candidates.filter(({ limit, window, counter }) => {
      const ceiling = computeAdmissionCeiling(limit, input.key.limits, input.demand)!;
      return readNumber(item, formatWindowAttribute(windows[window], counter)) > ceiling;
    });
    // The counters may have dropped since the refusal (a settlement); then name the last limit.
    return (crossed.at(-1) ?? candidates.at(-1)!).limit;
  }

  async function writeBatch(batch: SettlementBatch): Promise<void> {
    if (batch.timer) clearTimeout(batch.timer);
    batches.delete(batch.itemKey);
    try {
      if ([...batch.deltas.values()].some((delta) => delta !== 0)) {
        await client.send(
          'UpdateItem',
          buildItemUpdate({
            tableName,
            itemKey: batch.itemKey,
            expiresAtSeconds: batch.expiresAtSeconds,
            deltas: batch.deltas,
            remove: takeStale(batch.itemKey),
          }),
        );
        staleByItem.delete(batch.itemKey);
      }
      for (const waiter of batch.waiters) waiter.resolve();
    } catch (error) {
      const failure = new UsageSettlementError(
        `Could not settle ${batch.count} reservation(s) of usage item ${batch.itemKey}.`,
        { cause: error },
      );
      for (const waiter of batch.waiters) waiter.reject(failure);
    }
  }

  function startWrite(batch: SettlementBatch): Promise<void> {
    const write = writeBatch(batch).finally(() => writing.delete(write));
    writing.add(write);
    return write;
  }

  return {
    async reserve(input) {
      const { key, demand } = input;
      const nowMs = input.now ?? now();
      const neverFits = findCrossedLimit(key.limits, {}, demand);
      if (neverFits !== undefined) throw createNeverFitsError(key, neverFits, demand);

      const windows = resolveUsageWindows(nowMs);
      const metered = meteredWindowKinds(key.limits).map((kind) => windows[kind]);
      const itemKey = formatUsageItemKey(key.keyId, windows.month.id);
      const ceilings: Array<{ attribute: string; ceiling: number }> = [];
      for (const { limit, window, counter } of WINDOW_LIMITS) {
        const ceiling = computeAdmissionCeiling(limit, key.limits, demand);
        if (ceiling !== undefined)
          ceilings.push({ attribute: formatWindowAttribute(windows[window], counter), ceiling });
      }
      const update = buildItemUpdate({
        tableName,
        itemKey,
        expiresAtSeconds: windows.month.expiresAtSeconds,
        deltas: addToWindows(new Map(), metered, {
          requests: demand.requests,
          committedTokens: demand.tokens,
          committedCostMicroUsd: demand.costMicroUsd,
        }),
        ceilings,
        remove: takeStale(itemKey),
      });
      let answer: { Attributes?: DynamoItem };
      try {
        answer = await client.send('UpdateItem', {
          ...update,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        });
      } catch (error) {
        if ((error as Error | undefined)?.name !== 'ConditionalCheckFailedException')
          throw createStoreUnavailableError(error);
        const refusedItem = (error as { body?: { Item?: DynamoItem } }).body?.Item;
        const limit = await identifyCrossedLimit(input, windows, itemKey, refusedItem).catch(
          (readError: unknown) => {
            throw createStoreUnavailableError(readError);
          },
        );
        const window = windows[WINDOW_LIMITS.find((entry) => entry.limit === limit)!.window];
        throw createLimitError(key, limit, secondsUntilWindowReset(window, nowMs));
      }
      rememberStale(itemKey, findStaleAttributes(Object.keys(answer.Attributes ?? {}), nowMs));
      return { keyId: key.keyId, demand, windows: metered, settled: false };
    },

    settle(reservation, charge, models = []) {
      if (reservation.settled) return Promise.resolve();
      reservation.settled = true;
      const used = charge ?? { inputTokens: 0, outputTokens: 0, costMicroUsd: 0 };
      // Every prompt token counts toward the limits, cached or not: Bedrock processed them all.
      const usedTokens = countPromptTokens(used) + used.outputTokens;
      const deltas: Record<UsageCounter, number> = {
        requests: 0,
        inputTokens: used.inputTokens,
        outputTokens: used.outputTokens,
        cacheReadTokens: used.cacheReadTokens ?? 0,
        cacheWriteTokens: used.cacheWriteTokens ?? 0,
        reasoningTokens: used.reasoningTokens ?? 0,
        costMicroUsd: used.costMicroUsd,
        committedTokens: usedTokens - reservation.demand.tokens,
        committedCostMicroUsd: used.costMicroUsd - reservation.demand.costMicroUsd,
      };
      const month = reservation.windows.find((window) => window.kind === 'month')!;
      const itemKey = formatUsageItemKey(reservation.keyId, month.id);
      let batch = batches.get(itemKey);
      if (!batch) {
        batch = {
          itemKey,
          expiresAtSeconds: month.expiresAtSeconds,
          deltas: new Map(),
          count: 0,
          waiters: [],
          timer: undefined,
        };
        batches.set(itemKey, batch);
      }
      addToWindows(batch.deltas, reservation.windows, deltas);
      addModelsToWindows(batch.deltas, reservation.windows, models);
      batch.count++;
      const written = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
      if (settlementBatchMs <= 0) {
        void startWrite(batch);
      } else if (!batch.timer) {
        const due = batch;
        due.timer = setTimeout(() => void startWrite(due), settlementBatchMs);
      }
      return written;
    },

    async flush() {
      for (const batch of [...batches.values()]) void startWrite(batch);
      while (writing.size > 0) await Promise.allSettled([...writing]);
    },

    async getMonthUsage(keyId, monthId) {
      const item = await readItem(formatUsageItemKey(keyId, monthId)).catch((error: unknown) => {
        throw createStoreUnavailableError(error);
      });
      return summarizeMonthItem(keyId, monthId, item);
    },

    async getUsage(keyId, nowMs = now()) {
      const windows = resolveUsageWindows(nowMs);
      const item = await readItem(formatUsageItemKey(keyId, windows.month.id)).catch((error: unknown) => {
        throw createStoreUnavailableError(error);
      });
      return {
        keyId,
        day: summarizeWindow(windows.day, item),
        month: summarizeWindow(windows.month, item),
      };
    },
  };
}

function summarizeWindow(window: UsageWindow, item: DynamoItem | undefined): WindowUsage {
  const read = (counter: UsageCounter) => readNumber(item, formatWindowAttribute(window, counter));
  const counters = {
    inputTokens: read('inputTokens'),
    outputTokens: read('outputTokens'),
    cacheReadTokens: read('cacheReadTokens'),
    cacheWriteTokens: read('cacheWriteTokens'),
  };
  const costMicroUsd = read('costMicroUsd');
  return {
    window: window.id,
    requests: read('requests'),
    ...counters,
    reasoningTokens: read('reasoningTokens'),
    costMicroUsd,
    costUsd: convertMicroUsdToUsd(costMicroUsd),
    reservedTokens: Math.max(
      0,
      read('committedTokens') -
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

// --- Usage per model (issue 19) ---------------------------------------------------------------------------
// Per-model counters are attributes of the same item, written by the same settle UpdateItem: no extra write.
// Only the day and month keep them (no limit is per model, so the minute needs none), and a counter is
// written only when non-zero, so a plain request adds 5 attributes (r, i, o, c, plus rt or cr/cw when used)
// per window. The stale days are removed with their model attributes (same `dDD_` prefix).

/** What one model of a request used: its Bedrock calls (fallbacks, embeddings batches) and their charge. */
export interface ModelCharge {
  /** The alias that answered. */
  model: string;
  calls: number;
  charge: UsageCharge;
}

/** One window's counters, in total and per model alias. */
export interface ModelWindowUsage {
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
}

export interface WindowUsageByModel extends ModelWindowUsage {
  /** `2026-11-21` or `2026-11`. */
  window: string;
  models: Record<string, ModelWindowUsage>;
}

/** A month of a key: the month's counters and every day its item still holds (today and yesterday). */
export interface MonthUsage {
  keyId: string;
  month: WindowUsageByModel;
  /** Oldest first. Days before yesterday are removed from the item by later writes (see operations.md). */
  days: WindowUsageByModel[];
}

/** Short per-model counter codes: the names are in every write, and DynamoDB bills item bytes. */
const MODEL_COUNTER_CODES = {
  requests: 'r',
  inputTokens: 'i',
  outputTokens: 'o',
  cacheReadTokens: 'cr',
  cacheWriteTokens: 'cw',
  reasoningTokens: 'rt',
  costMicroUsd: 'c',
} as const satisfies Partial<Record<keyof ModelWindowUsage, string>>;

type ModelCounter = keyof typeof MODEL_COUNTER_CODES;
/** The counters kept per model (all of `ModelWindowUsage` but `costUsd`, which is derived): what sums add up. */
export const MODEL_COUNTERS = Object.keys(MODEL_COUNTER_CODES) as ModelCounter[];
const COUNTER_OF_CODE = new Map(MODEL_COUNTERS.map((counter) => [MODEL_COUNTER_CODES[counter], counter]));

/** Names usable in an update expression as they are; others (per-model names) go through placeholders. */
const PLAIN_ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const MODEL_ATTRIBUTE_PATTERN = /^(?:d(\d{2})_)?@(.+)\.([a-z]{1,2})$/;
const DAY_COUNTER_PATTERN = /^d(\d{2})_([A-Za-z]+)$/;

/**
 * The attribute of a model's counter in a day or month window: `@claude-sonnet.i` for the month,
 * `d21_@claude-sonnet.i` for the 21st (the day prefix is what the stale-window removal matches).
 */
export function formatModelAttribute(
  window: Pick<UsageWindow, 'kind' | 'id'>,
  model: string,
  counter: ModelCounter,
): string {
  const name = `@${model}.${MODEL_COUNTER_CODES[counter]}`;
  return window.kind === 'day' ? `d${window.id.slice(8, 10)}_${name}` : name;
}

function addModelsToWindows(
  target: ItemDeltas,
  windows: readonly UsageWindow[],
  models: readonly ModelCharge[],
): void {
  for (const window of windows) {
    if (window.kind === 'minute') continue;
    for (const { model, calls, charge } of models) {
      const deltas: Record<ModelCounter, number> = {
        requests: calls,
        inputTokens: charge.inputTokens,
        outputTokens: charge.outputTokens,
        cacheReadTokens: charge.cacheReadTokens ?? 0,
        cacheWriteTokens: charge.cacheWriteTokens ?? 0,
        reasoningTokens: charge.reasoningTokens ?? 0,
        costMicroUsd: charge.costMicroUsd,
      };
      for (const counter of MODEL_COUNTERS) {
        const delta = deltas[counter];
        if (delta === 0) continue;
        const attribute = formatModelAttribute(window, model, counter);
        target.set(attribute, (target.get(attribute) ?? 0) + delta);
      }
    }
  }
}

/** A window's counters before anything is counted. */
export function emptyModelUsage(): ModelWindowUsage {
  return {
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costMicroUsd: 0,
    costUsd: 0,
  };
}

function emptyWindow(window: string): WindowUsageByModel {
  return { window, ...emptyModelUsage(), models: {} };
}

/** The month item read back: totals per window from the window counters, and per model from `@` names. */
function summarizeMonthItem(keyId: string, monthId: string, item: DynamoItem | undefined): MonthUsage {
  const month = emptyWindow(monthId);
  const days = new Map<string, WindowUsageByModel>();
  const dayOf = (day: string) => {
    let window = days.get(day);
    if (!window) {
      window = emptyWindow(`${monthId}-${day}`);
      days.set(day, window);
    }
    return window;
  };
  const isCounter = (name: string): name is ModelCounter => (MODEL_COUNTERS as string[]).includes(name);
  for (const [name, value] of Object.entries(item ?? {})) {
    const amount = value?.N === undefined ? undefined : Number(value.N);
    if (amount === undefined) continue;
    const model = MODEL_ATTRIBUTE_PATTERN.exec(name);
    if (model) {
      const counter = COUNTER_OF_CODE.get(model[3] as (typeof MODEL_COUNTER_CODES)[ModelCounter]);
      if (!counter) continue;
      const window = model[1] === undefined ? month : dayOf(model[1]);
      window.models[model[2]!] ??= emptyModelUsage();
      window.models[model[2]!]![counter] += amount;
      continue;
    }
    const day = DAY_COUNTER_PATTERN.exec(name);
    if (day && isCounter(day[2]!)) dayOf(day[1]!)[day[2] as ModelCounter] += amount;
    else if (isCounter(name)) month[name] += amount;
  }
  const windows = [month, ...days.values()];
  for (const window of windows) {
    window.costUsd = convertMicroUsdToUsd(window.costMicroUsd);
    for (const usage of Object.values(window.models))
      usage.costUsd = convertMicroUsdToUsd(usage.costMicroUsd);
  }
  return { keyId, month, days: [...days.values()].sort((a, b) => a.window.localeCompare(b.window)) };
}
