import type { TestStack } from './start-stack.js';
import { waitFor } from './wait-for.js';

/** A key's counters for today, as `GET /v1/usage` reports them. */
export interface UsageDay {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_micro_usd: number;
  reserved_tokens: number;
}

/**
 * Today's usage of `key` once it holds `requests` settled requests and nothing reserved: settlement ends after
 * the response (a stream's after its last byte), so the counters are read until they are complete.
 */
export async function readUsageDay(stack: TestStack, key: string, requests: number): Promise<UsageDay> {
  return waitFor(
    async () =>
      (await (await stack.fetch('/v1/usage', { headers: { authorization: `Bearer ${key}` } })).json()).day,
    (day: UsageDay) => day.requests === requests && day.reserved_tokens === 0,
  );
}
