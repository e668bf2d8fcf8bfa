import { describe, expect, it } from 'vitest';
import { emptyModelUsage, type MonthUsage } from '../../tenancy/usage-meter.js';
import { sumMonthUsages } from './sum-usage-windows.js';

function usage(
  keyId: string,
  day: string,
  model: string,
  inputTokens: number,
  costMicroUsd: number,
): MonthUsage {
  const counters = {
    ...emptyModelUsage(),
    requests: 1,
    inputTokens,
    costMicroUsd,
    costUsd: costMicroUsd / 1e6,
  };
  return {
    keyId,
    month: { window: '2026-11', ...counters, models: { [model]: { ...counters } } },
    days: [{ window: day, ...counters, models: { [model]: { ...counters } } }],
  };
}

describe('sumMonthUsages', () => {
  it('sums every key’s month and days, in total and per model, days in order', () => {
    // Act
    const total = sumMonthUsages('2026-11', [
      usage('key_a', '2026-11-21', 'claude-haiku', 100, 1_500),
      usage('key_b', '2026-11-20', 'claude-haiku', 40, 500),
      usage('key_c', '2026-11-21', 'nova-lite', 7, 10),
    ]);

    // Assess
    expect(total.month).toMatchObject({
      requests: 3,
      inputTokens: 147,
      costMicroUsd: 2_010,
      costUsd: 0.00201,
    });
    expect(total.month.models['claude-haiku']).toMatchObject({
      requests: 2,
      inputTokens: 140,
      costUsd: 0.002,
    });
    expect(total.days.map((day) => [day.window, day.inputTokens, Object.keys(day.models).sort()])).toEqual([
      ['2026-11-20', 40, ['claude-haiku']],
      ['2026-11-21', 107, ['claude-haiku', 'nova-lite']],
    ]);
  });

  it('is empty for no keys', () => {
    expect(sumMonthUsages('2026-11', [])).toEqual({
      month: { window: '2026-11', ...emptyModelUsage(), models: {} },
      days: [],
    });
  });
});
