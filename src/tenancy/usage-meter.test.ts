import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite } from '../../test/support/dynalite.js';
import { InvalidRequestError, RateLimitError } from '../core/errors.js';
import type { Usage } from '../core/generate-result.js';
import { addCharges, computeCostMicroUsd, priceUsage } from '../core/usage-cost.js';
import {
  resolveUsageWindows,
  type UsageDemand,
  type UsageLimits,
  type UsageWindowKind,
} from '../core/usage-windows.js';
import { generateKeyId } from './api-key.js';
import { createDynamoJsonClient, type DynamoJsonClient } from './dynamo-json-client.js';
import type { LocalDynamo } from './local-dynamo.js';
import {
  createUsageMeter,
  formatUsageItemKey,
  formatWindowAttribute,
  type ReserveInput,
  USAGE_COUNTERS,
  type UsageMeter,
  UsageSettlementError,
} from './usage-meter.js';

const NOW = Date.parse('2026-11-21T12:05:30Z');
/** Claude 3.5 Sonnet: 3 and 15 USD per million tokens, i.e. micro-USD per token. */
const PRICE = { inputPerMTok: 3, outputPerMTok: 15 };
/** 100 + 50 = 150 tokens; 100 * 3 + 50 * 15 = 1,050 micro-USD. */
const REQUEST = { inputTokens: 100, outputTokens: 50 };

/** What a request of `usage` prompt and output tokens holds at PRICE, as the pipeline computes it. */
function demandOf(usage: Usage, requests = 1): UsageDemand {
  return {
    requests,
    tokens: usage.inputTokens + usage.outputTokens,
    costMicroUsd: computeCostMicroUsd(usage, PRICE),
  };
}

/** `usage` priced at PRICE: what the pipeline settles. */
const charge = (usage: Usage) => priceUsage(usage, PRICE);

/** Two charges added, as the ledger sums the calls of one request. */
const addTwo = (left: ReturnType<typeof charge>, right: ReturnType<typeof charge>) =>
  addCharges([left, right]);

let dynamo: LocalDynamo;
let meter: UsageMeter;

beforeAll(async () => {
  dynamo = await startDynalite();
  meter = createUsageMeter({ client: dynamo.jsonClient, tableName: dynamo.tables.usage, now: () => NOW });
});
afterAll(() => dynamo.close());

/** Limits that admit everything but make the key metered per minute too. */
const PER_MINUTE_LIMITS: UsageLimits = { rpm: 1_000_000 };

function newKey(limits: UsageLimits = {}) {
  return { keyId: generateKeyId(), limits };
}

function reserve(key: ReserveInput['key'], usage: Usage = REQUEST, now?: number) {
  return meter.reserve({ key, demand: demandOf(usage), ...(now === undefined ? {} : { now }) });
}

/** The key's item for November 2026, numbers decoded. */
async function readItem(keyId: string): Promise<Record<string, number | string> | undefined> {
  const { Item } = await dynamo.jsonClient.send<{ Item?: Record<string, { N?: string; S?: string }> }>(
    'GetItem',
    {
      TableName: dynamo.tables.usage,
      Key: { pk: { S: formatUsageItemKey(keyId, '2026-11') } },
      ConsistentRead: true,
    },
  );
  if (!Item) return undefined;
  return Object.fromEntries(
    Object.entries(Item).map(([name, value]) => [name, value.N === undefined ? value.S! : Number(value.N)]),
  );
}

/** The counters one window of NOW holds in the key's item (as they would be named in an item of their own). */
async function readWindow(keyId: string, kind: UsageWindowKind): Promise<Record<string, number> | undefined> {
  const item = await readItem(keyId);
  const window = resolveUsageWindows(NOW)[kind];
  const counters = Object.fromEntries(
    USAGE_COUNTERS.flatMap((counter) => {
      const value = item?.[formatWindowAttribute(window, counter)];
      return value === undefined ? [] : [[counter, value as number]];
    }),
  );
  return Object.keys(counters).length === 0 ? undefined : counters;
}

const minuteOf = (keyId: string) => readWindow(keyId, 'minute');
const dayOf = (keyId: string) => readWindow(keyId, 'day');
const monthOf = (keyId: string) => readWindow(keyId, 'month');

async function refusalOf(promise: Promise<unknown>): Promise<RateLimitError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RateLimitError);
  return error as RateLimitError;
}

describe('reserve', () => {
  it('counts the request and holds its tokens and cost in the minute, day and month', async () => {
    // Prepare
    const key = newKey(PER_MINUTE_LIMITS);

    // Act
    const reservation = await reserve(key);

    // Assess
    expect(reservation).toMatchObject({
      keyId: key.keyId,
      demand: { requests: 1, tokens: 150, costMicroUsd: 1_050 },
      settled: false,
    });
    // The minute keeps what rpm and tpm read; the day and month, what limits and reports read.
    expect(await minuteOf(key.keyId)).toEqual({ requests: 1, committedTokens: 150 });
    expect(await dayOf(key.keyId)).toEqual({ requests: 1, committedTokens: 150 });
    expect(await monthOf(key.keyId)).toEqual({
      requests: 1,
      committedTokens: 150,
      committedCostMicroUsd: 1_050,
    });
  });

  it('keeps every window of a key in one item per month, which expires 35 days after the month', async () => {
    // Prepare
    const key = newKey(PER_MINUTE_LIMITS);

    // Act
    await reserve(key);

    // Assess
    expect(await readItem(key.keyId)).toEqual({
      pk: `${key.keyId}#M#2026-11`,
      expiresAt: Date.parse('2027-01-05T00:00:00Z') / 1000,
      requests: 1,
      committedTokens: 150,
      committedCostMicroUsd: 1_050,
      d21_requests: 1,
      d21_committedTokens: 150,
      m211205_requests: 1,
      m211205_committedTokens: 150,
    });
  });

  it('always admits and counts a key without limits, without writing a minute item it never reads', async () => {
    // Prepare
    const key = newKey();

    // Act
    await Promise.all(Array.from({ length: 5 }, () => reserve(key)));

    // Assess
    expect(await dayOf(key.keyId)).toMatchObject({ requests: 5, committedTokens: 750 });
    expect(await monthOf(key.keyId)).toMatchObject({ requests: 5, committedTokens: 750 });
    expect(await minuteOf(key.keyId)).toBeUndefined();
  });

  it('counts the minute for a key with a per-minute limit', async () => {
    // Prepare
    const key = newKey({ tpm: 100_000 });

    // Act
    await reserve(key);

    // Assess
    expect(await minuteOf(key.keyId)).toMatchObject({ requests: 1, committedTokens: 150 });
  });

  it('refuses the request over rpm with 429 rate_limit_exceeded until the minute ends', async () => {
    // Prepare
    const key = newKey({ rpm: 2, tpm: 100_000 });
    await reserve(key);
    await reserve(key);

    // Act
    const refusal = await refusalOf(reserve(key));

    // Assess
    expect(refusal).toMatchObject({ statusCode: 429, code: 'rate_limit_exceeded', retryAfterSeconds: 30 });
    expect(refusal.message).toContain('2 requests per minute');
    expect(await minuteOf(key.keyId)).toMatchObject({ requests: 2 });
  });

  it('refuses the request over tpm with 429 tokens_per_minute_exceeded', async () => {
    // Prepare: 150 + 150 fit in 400, a third 150 does not
    const key = newKey({ rpm: 100, tpm: 400 });
    await reserve(key);
    await reserve(key);

    // Act
    const refusal = await refusalOf(reserve(key));

    // Assess
    expect(refusal).toMatchObject({ code: 'tokens_per_minute_exceeded', retryAfterSeconds: 30 });
  });

  it('admits again in the next minute', async () => {
    // Prepare
    const key = newKey({ tpm: 150 });
    await reserve(key);
    await refusalOf(reserve(key));

    // Act
    const nextMinute = await reserve(key, REQUEST, NOW + 60_000);

    // Assess
    expect(nextMinute.windows[0]?.id).toBe('2026-11-21T12:06');
  });

  it('refuses the request over the daily tokens with 429 daily_tokens_exceeded until midnight UTC', async () => {
    // Prepare
    const key = newKey({ tpm: 10_000, dailyTokens: 300 });
    await reserve(key);
    await reserve(key);

    // Act
    const refusal = await refusalOf(reserve(key));

    // Assess: 11 h 54 min 30 s to midnight
    expect(refusal).toMatchObject({ code: 'daily_tokens_exceeded', retryAfterSeconds: 42_870 });
  });

  it('counts a refused request in no window, when only one window refuses', async () => {
    // Prepare
    const key = newKey({ dailyTokens: 300, ...PER_MINUTE_LIMITS });
    await reserve(key);
    await reserve(key);

    // Act
    await refusalOf(reserve(key));

    // Assess: the minute and month would have taken the third request; one conditional write refused it whole
    expect(await minuteOf(key.keyId)).toEqual({ requests: 2, committedTokens: 300 });
    expect(await monthOf(key.keyId)).toMatchObject({
      requests: 2,
      committedTokens: 300,
      committedCostMicroUsd: 2_100,
    });
  });

  it('refuses the request over the monthly budget with 429 budget_exceeded until the month ends', async () => {
    // Prepare: 3,000 micro-USD admits two requests of 1,050
    const key = newKey({ monthlyBudgetUsd: 0.003 });
    await reserve(key);
    await reserve(key);

    // Act
    const refusal = await refusalOf(reserve(key));

    // Assess: 9 days 11 h 54 min 30 s to December
    expect(refusal).toMatchObject({ code: 'budget_exceeded', retryAfterSeconds: 9 * 86_400 + 42_870 });
    expect(refusal.message).toContain('0.003 USD');
  });

  it('reports the longest refusing window when several refuse', async () => {
    // Prepare
    const key = newKey({ rpm: 1, monthlyBudgetUsd: 0.002 });
    await reserve(key);

    // Act
    const refusal = await refusalOf(reserve(key));

    // Assess
    expect(refusal.code).toBe('budget_exceeded');
  });

  it('answers 400 request_exceeds_key_limit for a request no window could ever hold, writing nothing', async () => {
    // Prepare
    const key = newKey({ tpm: 149 });

    // Act
    const attempt = reserve(key);

    // Assess
    await expect(attempt).rejects.toMatchObject({
      constructor: InvalidRequestError,
      statusCode: 400,
      code: 'request_exceeds_key_limit',
      param: 'max_tokens',
    });
    expect(await minuteOf(key.keyId)).toBeUndefined();
  });

  it('answers a store failure with a retryable 503, never as a limit or an admission', async () => {
    // Prepare
    const broken = createUsageMeter({ client: dynamo.jsonClient, tableName: 'no-such-table' });

    // Act & Assess
    await expect(
      broken.reserve({ key: newKey({ rpm: 1 }), demand: demandOf(REQUEST) }),
    ).rejects.toMatchObject({
      statusCode: 503,
      code: 'usage_store_unavailable',
      retryAfterSeconds: 1,
      cause: expect.objectContaining({ name: 'ResourceNotFoundException' }),
    });
  });
});

describe('reserve under concurrency', () => {
  it('admits at most what tpm allows out of 50 concurrent requests, and never overshoots the minute', async () => {
    // Prepare: tpm 1,000 holds ten requests of 100 tokens
    const key = newKey({ tpm: 1_000 });

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => reserve(key, { inputTokens: 60, outputTokens: 40 })),
    );

    // Assess
    const admitted = results.filter((result) => result.status === 'fulfilled');
    const refusals = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(admitted).toHaveLength(10);
    expect(refusals).toHaveLength(40);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(RateLimitError);
      expect(refusal).toMatchObject({ code: 'tokens_per_minute_exceeded' });
      expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    const minute = await minuteOf(key.keyId);
    expect(minute?.committedTokens).toBeLessThanOrEqual(1_000);
    expect(minute).toMatchObject({ requests: 10, committedTokens: 1_000 });
    expect(await dayOf(key.keyId)).toMatchObject({ requests: 10, committedTokens: 1_000 });
  });

  it('leaves every window consistent when the day refuses 45 of 50 concurrent requests', async () => {
    // Prepare: the day holds five requests of 150 tokens; rpm and tpm leave room for all
    const key = newKey({ rpm: 1_000, tpm: 100_000, dailyTokens: 750 });

    // Act
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => reserve(key)));

    // Assess
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
    for (const result of results) {
      if (result.status === 'rejected')
        expect(result.reason).toMatchObject({ code: 'daily_tokens_exceeded' });
    }
    const expected = { requests: 5, committedTokens: 750 };
    expect(await minuteOf(key.keyId)).toMatchObject(expected);
    expect(await dayOf(key.keyId)).toMatchObject(expected);
    expect(await monthOf(key.keyId)).toMatchObject({ ...expected, committedCostMicroUsd: 5_250 });
  });
});

describe('settle', () => {
  it('replaces the reserved tokens and cost by the actual usage', async () => {
    // Prepare
    const key = newKey(PER_MINUTE_LIMITS);
    const reservation = await reserve(key);

    // Act
    await meter.settle(reservation, charge({ inputTokens: 80, outputTokens: 20 }));

    // Assess: 80 * 3 + 20 * 15 = 540 micro-USD
    const used = { inputTokens: 80, outputTokens: 20, costMicroUsd: 540 };
    expect(await minuteOf(key.keyId)).toEqual({ requests: 1, committedTokens: 100 });
    expect(await dayOf(key.keyId)).toEqual({ requests: 1, committedTokens: 100, ...used });
    expect(await monthOf(key.keyId)).toEqual({
      requests: 1,
      committedTokens: 100,
      committedCostMicroUsd: 540,
      ...used,
    });
    expect(reservation.settled).toBe(true);
  });

  it('releases the whole reservation after a failure, so the capacity is free again', async () => {
    // Prepare
    const key = newKey({ tpm: 300 });
    const first = await reserve(key);
    await reserve(key);
    await refusalOf(reserve(key));

    // Act
    await meter.settle(first, undefined);
    const admitted = await reserve(key);

    // Assess
    expect(admitted.settled).toBe(false);
    expect(await minuteOf(key.keyId)).toEqual({ requests: 3, committedTokens: 300 });
    expect(await monthOf(key.keyId)).toMatchObject({ requests: 3, committedCostMicroUsd: 2_100 });
  });

  it('counts usage that outgrew the estimate in full', async () => {
    // Prepare
    const key = newKey();
    const reservation = await reserve(key);

    // Act
    await meter.settle(reservation, charge({ inputTokens: 400, outputTokens: 50 }));

    // Assess
    expect(await dayOf(key.keyId)).toMatchObject({ committedTokens: 450, inputTokens: 400 });
  });

  it('counts a reservation once however often it is settled', async () => {
    // Prepare
    const key = newKey();
    const reservation = await reserve(key);

    // Act
    await Promise.all([
      meter.settle(reservation, charge({ inputTokens: 80, outputTokens: 20 })),
      meter.settle(reservation, charge({ inputTokens: 80, outputTokens: 20 })),
    ]);
    await meter.settle(reservation, charge({ inputTokens: 999, outputTokens: 999 }));

    // Assess
    expect(await dayOf(key.keyId)).toMatchObject({ inputTokens: 80, outputTokens: 20, committedTokens: 100 });
  });

  it('settles into the windows of the reservation, even after the minute has passed', async () => {
    // Prepare
    const key = newKey(PER_MINUTE_LIMITS);
    const reservation = await reserve(key);
    const later = createUsageMeter({
      client: dynamo.jsonClient,
      tableName: dynamo.tables.usage,
      now: () => NOW + 5 * 60_000,
    });

    // Act
    await later.settle(reservation, charge({ inputTokens: 10, outputTokens: 10 }));

    // Assess
    expect(await minuteOf(key.keyId)).toEqual({ requests: 1, committedTokens: 20 });
    expect(await dayOf(key.keyId)).toMatchObject({ committedTokens: 20, inputTokens: 10 });
  });

  it('settles a request reserved before midnight into that day, and one reserved before the month ends into that month', async () => {
    // Prepare
    const [key, other] = [newKey({ dailyTokens: 10_000 }), newKey({ dailyTokens: 10_000 })];
    const lateInDay = await reserve(key, REQUEST, Date.parse('2026-11-21T23:59:59Z'));
    const lateInMonth = await reserve(other, REQUEST, Date.parse('2026-11-30T23:59:59Z'));

    // Act: settled the next day, and the next month
    await meter.settle(lateInDay, charge({ inputTokens: 10, outputTokens: 10 }));
    await meter.settle(lateInMonth, charge({ inputTokens: 20, outputTokens: 20 }));

    // Assess
    const november = await meter.getUsage(key.keyId, Date.parse('2026-11-21T23:59:59Z'));
    expect(november.day).toMatchObject({ requests: 1, inputTokens: 10, reservedTokens: 0 });
    expect(november.month).toMatchObject({ requests: 1, inputTokens: 10, reservedTokens: 0 });
    const nextDay = await meter.getUsage(key.keyId, Date.parse('2026-11-22T00:00:01Z'));
    expect(nextDay.day).toMatchObject({ requests: 0, reservedTokens: 0 });
    const lastDay = await meter.getUsage(other.keyId, Date.parse('2026-11-30T23:59:59Z'));
    expect(lastDay.day).toMatchObject({ requests: 1, inputTokens: 20, reservedTokens: 0 });
    expect(lastDay.month).toMatchObject({ requests: 1, inputTokens: 20, reservedTokens: 0 });
    const december = await meter.getUsage(other.keyId, Date.parse('2026-12-01T00:00:01Z'));
    expect(december.month).toMatchObject({ requests: 0, reservedTokens: 0 });
  });

  it('throws UsageSettlementError when the store fails, and does not retry into a double count', async () => {
    // Prepare
    const reservation = await reserve(newKey());
    const broken = createUsageMeter({ client: dynamo.jsonClient, tableName: 'no-such-table' });

    // Act & Assess
    await expect(broken.settle(reservation, charge({ inputTokens: 1, outputTokens: 1 }))).rejects.toThrow(
      UsageSettlementError,
    );
    expect(reservation.settled).toBe(true);
  });
});

describe('getUsage', () => {
  it("sums today's and this month's settled usage", async () => {
    // Prepare: two requests today, one earlier this month
    const key = newKey();
    const today = [await reserve(key), await reserve(key, REQUEST, NOW + 3_600_000)];
    const earlier = await reserve(key, REQUEST, Date.parse('2026-11-02T08:00:00Z'));
    await meter.settle(today[0]!, charge({ inputTokens: 80, outputTokens: 20 }));
    await meter.settle(today[1]!, charge({ inputTokens: 1_000, outputTokens: 500 }));
    await meter.settle(earlier, charge({ inputTokens: 1, outputTokens: 1 }));
    await reserve(key);

    // Act
    const usage = await meter.getUsage(key.keyId, NOW);

    // Assess: costs 540 + 10,500 and 3 + 15
    expect(usage).toEqual({
      keyId: key.keyId,
      day: {
        window: '2026-11-21',
        requests: 3,
        inputTokens: 1_080,
        outputTokens: 520,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        costMicroUsd: 11_040,
        costUsd: 0.01104,
        reservedTokens: 150,
      },
      month: {
        window: '2026-11',
        requests: 4,
        inputTokens: 1_081,
        outputTokens: 521,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        costMicroUsd: 11_058,
        costUsd: 0.011058,
        reservedTokens: 150,
      },
    });
  });

  it('counts cached prompt tokens toward the committed total and reports them apart, with nothing left reserved', async () => {
    // Prepare
    const key = newKey({ dailyTokens: 10_000 });
    const reservation = await reserve(key, { inputTokens: 2_000, outputTokens: 100 });

    // Act
    await meter.settle(reservation, {
      ...charge({ inputTokens: 50, outputTokens: 40 }),
      cacheReadTokens: 1_500,
      cacheWriteTokens: 200,
      reasoningTokens: 10,
    });
    const usage = await meter.getUsage(key.keyId, NOW);

    // Assess
    expect(usage.day).toMatchObject({
      inputTokens: 50,
      cacheReadTokens: 1_500,
      cacheWriteTokens: 200,
      outputTokens: 40,
      reasoningTokens: 10,
      reservedTokens: 0,
    });
    expect((await dayOf(key.keyId))?.committedTokens).toBe(50 + 1_500 + 200 + 40);
  });

  it('reports zeros for a key without usage', async () => {
    // Act
    const usage = await meter.getUsage('key_000000000000');

    // Assess
    expect(usage.day).toMatchObject({ window: '2026-11-21', requests: 0, costUsd: 0, reservedTokens: 0 });
  });
});

describe('writes', () => {
  /** A meter whose DynamoDB calls are counted, by operation. */
  function countingMeter(options: { settlementBatchMs?: number; now?: number } = {}) {
    const calls: string[] = [];
    const client = createDynamoJsonClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      onSend: (operation) => calls.push(operation),
    });
    clients.push(client);
    const counted = createUsageMeter({
      client,
      tableName: dynamo.tables.usage,
      now: () => options.now ?? NOW,
      ...(options.settlementBatchMs === undefined ? {} : { settlementBatchMs: options.settlementBatchMs }),
    });
    return { meter: counted, calls };
  }
  const clients: DynamoJsonClient[] = [];
  afterAll(() => {
    for (const client of clients) client.destroy();
  });

  it('makes one write to reserve and one to settle, with every limit and window metered', async () => {
    // Prepare
    const { meter: counted, calls } = countingMeter();
    const key = newKey({ rpm: 100, tpm: 100_000, dailyTokens: 100_000, monthlyBudgetUsd: 10 });

    // Act
    const reservation = await counted.reserve({ key, demand: demandOf(REQUEST) });
    await counted.settle(reservation, charge({ inputTokens: 80, outputTokens: 20 }));

    // Assess
    expect(calls).toEqual(['UpdateItem', 'UpdateItem']);
    expect(await minuteOf(key.keyId)).toEqual({ requests: 1, committedTokens: 100 });
    expect(await dayOf(key.keyId)).toMatchObject({ requests: 1, committedTokens: 100, inputTokens: 80 });
    expect(await monthOf(key.keyId)).toMatchObject({ requests: 1, committedCostMicroUsd: 540 });
  });

  it('writes the settlements of one key within the batch interval as one update, and flush writes them now', async () => {
    // Prepare: an interval far longer than the test, so only flush can write
    const { meter: batched, calls } = countingMeter({ settlementBatchMs: 10_000 });
    const key = newKey({ tpm: 100_000 });
    const reservations = await Promise.all(
      Array.from({ length: 10 }, () => batched.reserve({ key, demand: demandOf(REQUEST) })),
    );
    const settled = reservations.map((reservation) =>
      batched.settle(reservation, charge({ inputTokens: 80, outputTokens: 20 })),
    );
    const beforeFlush = await dayOf(key.keyId);

    // Act
    await batched.flush();
    await Promise.all(settled);

    // Assess
    expect(beforeFlush).toMatchObject({ requests: 10, committedTokens: 1_500 });
    expect(calls.filter((call) => call === 'UpdateItem')).toHaveLength(11);
    expect(await minuteOf(key.keyId)).toEqual({ requests: 10, committedTokens: 1_000 });
    expect(await dayOf(key.keyId)).toMatchObject({
      committedTokens: 1_000,
      inputTokens: 800,
      outputTokens: 200,
    });
  });

  it('writes a batch at the end of its interval without a flush', async () => {
    // Prepare
    const { meter: batched } = countingMeter({ settlementBatchMs: 20 });
    const reservation = await batched.reserve({ key: newKey(), demand: demandOf(REQUEST) });

    // Act
    await batched.settle(reservation, charge({ inputTokens: 80, outputTokens: 20 }));

    // Assess: settle resolved, so the write is done
    expect(await dayOf(reservation.keyId)).toMatchObject({ committedTokens: 100, inputTokens: 80 });
  });

  it('removes the attributes of windows no request can be settled into any more, keeping the item small', async () => {
    // Prepare: minutes 12:05 and 12:06, then 12:09 (12:05 and 12:06 are older than the last minute)
    const key = newKey({ tpm: 100_000 });
    await meter.settle(await reserve(key), charge(REQUEST));
    await meter.settle(await reserve(key, REQUEST, NOW + 60_000), charge(REQUEST));
    const late = await reserve(key, REQUEST, NOW + 4 * 60_000);

    // Act: the next write to the item drops what the last answer showed stale
    await meter.settle(late, charge(REQUEST));

    // Assess
    const item = await readItem(key.keyId);
    expect(
      Object.keys(item!)
        .filter((name) => name.startsWith('m'))
        .sort(),
    ).toEqual(['m211209_committedTokens', 'm211209_requests']);
    expect(item).toMatchObject({ requests: 3, d21_requests: 3, d21_committedTokens: 450 });
  });

  it('counts each model’s usage in the day and month of the same settle write, aliases with dots and dashes too', async () => {
    // Prepare
    const key = newKey();
    const first = charge({ inputTokens: 100, outputTokens: 50, reasoningTokens: 20 });
    const second = charge({ inputTokens: 10, outputTokens: 5, cacheReadTokens: 30 });

    // Act: one request answered by two models (a fallback), then one more by the first
    await meter.settle(await reserve(key), addTwo(first, second), [
      { model: 'claude-3.5.sonnet', calls: 1, charge: first },
      { model: 'my-model_v2', calls: 1, charge: second },
    ]);
    await meter.settle(await reserve(key), first, [{ model: 'claude-3.5.sonnet', calls: 1, charge: first }]);
    const usage = await meter.getMonthUsage(key.keyId, '2026-11');
    const item = await readItem(key.keyId);

    // Assess: per model, per window; zero counters not written
    expect(usage.month.models['claude-3.5.sonnet']).toMatchObject({
      requests: 2,
      inputTokens: 200,
      outputTokens: 100,
      reasoningTokens: 40,
      costMicroUsd: 2 * first.costMicroUsd,
    });
    expect(usage.month.models['my-model_v2']).toMatchObject({ requests: 1, cacheReadTokens: 30 });
    expect(usage.days).toHaveLength(1);
    expect(usage.days[0]!).toMatchObject({ window: '2026-11-21', requests: 2, inputTokens: 210 });
    expect(usage.days[0]!.models).toEqual(usage.month.models);
    expect(usage.month).toMatchObject({ requests: 2, inputTokens: 210 });
    expect(item!['@claude-3.5.sonnet.i']).toBe(200);
    expect(item!['d21_@my-model_v2.cr']).toBe(30);
    expect(item!['@my-model_v2.rt']).toBeUndefined();
  });

  it('removes a stale day’s per-model attributes with the day', async () => {
    // Prepare: usage on the 19th, then a request on the 21st (the 19th is older than yesterday)
    const key = newKey();
    const twoDaysAgo = NOW - 2 * 86_400_000;
    const old = createUsageMeter({
      client: dynamo.jsonClient,
      tableName: dynamo.tables.usage,
      now: () => twoDaysAgo,
    });
    await old.settle(await old.reserve({ key, demand: demandOf(REQUEST) }), charge(REQUEST), [
      { model: 'nova-lite', calls: 1, charge: charge(REQUEST) },
    ]);
    const late = await reserve(key);

    // Act
    await meter.settle(late, charge(REQUEST), [{ model: 'nova-lite', calls: 1, charge: charge(REQUEST) }]);

    // Assess
    const names = Object.keys((await readItem(key.keyId))!);
    expect(names.filter((name) => name.startsWith('d19_'))).toEqual([]);
    expect(names).toContain('d21_@nova-lite.i');
    expect((await meter.getMonthUsage(key.keyId, '2026-11')).month.models['nova-lite']!.requests).toBe(2);
  });

  it('counts requests on either side of a minute boundary in their own minute, each up to the limit', async () => {
    // Prepare: tpm 1,000 holds ten requests of 100 tokens in each minute
    const key = newKey({ tpm: 1_000 });
    const end = Date.parse('2026-11-21T12:05:59.999Z');

    // Act: 40 requests, 20 in the last millisecond of 12:05 and 20 in the first of 12:06, all at once
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, index) =>
        reserve(key, { inputTokens: 60, outputTokens: 40 }, end + (index % 2)),
      ),
    );

    // Assess
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(20);
    const item = await readItem(key.keyId);
    expect(item).toMatchObject({ m211205_committedTokens: 1_000, m211206_committedTokens: 1_000 });
    expect(item).toMatchObject({ d21_committedTokens: 2_000, committedTokens: 2_000 });
  });
});
