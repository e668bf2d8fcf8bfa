/**
 * The usage item's size as DynamoDB bills it (write units are per 1 KB of item), for a key with every limit
 * (minute, day and month metered) that used N models yesterday and today, with and without per-model
 * counters. `npx tsx scripts/measure-usage-item.ts` against dynalite, in memory.
 */
import { priceUsage } from '../src/core/usage-cost.js';
import { startLocalDynamo } from '../src/tenancy/local-dynamo.js';
import { measureItemBytes } from '../src/tenancy/measure-item-bytes.js';
import { createUsageMeter, formatUsageItemKey } from '../src/tenancy/usage-meter.js';

const PRICE = { inputPerMTok: 3, outputPerMTok: 15 };
const MODELS = ['claude-sonnet', 'claude-haiku', 'nova-lite', 'llama-3-3-70b', 'titan-embed-text-v2'];
const TODAY = Date.parse('2026-11-21T12:05:30Z');
const YESTERDAY = TODAY - 86_400_000;

const dynamo = await startLocalDynamo({ tables: { keys: 'keys', usage: 'usage' } });
try {
  for (const perModel of [false, true]) {
    for (const count of [1, 3, 5]) {
      const keyId = `key_${perModel ? 'a' : 'b'}${count}0000000000`.slice(0, 16);
      const key = { keyId, limits: { rpm: 1000, tpm: 1e6, dailyTokens: 1e7, monthlyBudgetUsd: 100 } };
      for (const now of [YESTERDAY, TODAY]) {
        const meter = createUsageMeter({ client: dynamo.jsonClient, tableName: 'usage', now: () => now });
        for (const model of MODELS.slice(0, count)) {
          const charge = priceUsage({ inputTokens: 1234, outputTokens: 567, reasoningTokens: 89 }, PRICE);
          const reservation = await meter.reserve({
            key,
            demand: { requests: 1, tokens: 5000, costMicroUsd: 90_000 },
          });
          await meter.settle(reservation, charge, perModel ? [{ model, calls: 1, charge }] : []);
        }
      }
      const { Item } = await dynamo.jsonClient.send<{ Item: Record<string, { N?: string; S?: string }> }>(
        'GetItem',
        {
          TableName: 'usage',
          Key: { pk: { S: formatUsageItemKey(keyId, '2026-11') } },
        },
      );
      const bytes = measureItemBytes(Item);
      console.log(
        `${perModel ? 'per-model' : 'totals only'}, ${count} model(s) yesterday and today: ${bytes} bytes, ${Object.keys(Item).length} attributes, ${Math.ceil(bytes / 1024)} write unit(s) per write`,
      );
    }
  }
} finally {
  await dynamo.close();
}
