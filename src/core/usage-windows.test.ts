import { describe, expect, it } from 'vitest';
import {
  findCrossedLimit,
  resolveUsageWindow,
  resolveUsageWindows,
  secondsUntilWindowReset,
  type WindowCounters,
} from './usage-windows.js';

const NOW = Date.parse('2026-11-21T12:05:30.250Z');
const seconds = (iso: string) => Date.parse(iso) / 1000;
const counters = (partial: Partial<WindowCounters>): WindowCounters => ({
  requests: 0,
  committedTokens: 0,
  committedCostMicroUsd: 0,
  ...partial,
});

describe('resolveUsageWindows', () => {
  it('names the minute, day and month in UTC', () => {
    // Act
    const windows = resolveUsageWindows(NOW);

    // Assess
    expect(windows.minute.id).toBe('2026-11-21T12:05');
    expect(windows.day.id).toBe('2026-11-21');
    expect(windows.month.id).toBe('2026-11');
  });

  it('bounds each window and expires its counters after the retention period', () => {
    // Act
    const { minute, day, month } = resolveUsageWindows(NOW);

    // Assess
    expect(minute.startsAtMs).toBe(Date.parse('2026-11-21T12:05:00Z'));
    expect(minute.endsAtMs).toBe(Date.parse('2026-11-21T12:06:00Z'));
    expect(minute.expiresAtSeconds).toBe(seconds('2026-11-21T12:08:00Z'));
    expect(day.endsAtMs).toBe(Date.parse('2026-11-22T00:00:00Z'));
    expect(day.expiresAtSeconds).toBe(seconds('2026-11-24T00:00:00Z'));
    expect(month.startsAtMs).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(month.expiresAtSeconds).toBe(seconds('2026-12-01T00:00:00Z') + 35 * 86_400);
  });

  it('rolls the month over into the next year in December', () => {
    // Act
    const month = resolveUsageWindow('month', Date.parse('2026-12-31T23:59:59.999Z'));

    // Assess
    expect(month.id).toBe('2026-12');
    expect(month.endsAtMs).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });

  it('puts the first millisecond of a minute in that minute', () => {
    expect(resolveUsageWindow('minute', Date.parse('2026-11-21T12:06:00.000Z')).id).toBe('2026-11-21T12:06');
  });

  it('rejects an invalid time', () => {
    expect(() => resolveUsageWindow('day', Number.NaN)).toThrow(RangeError);
  });
});

describe('secondsUntilWindowReset', () => {
  it('counts whole seconds to the end of the window, rounding up', () => {
    // Prepare
    const { minute, day, month } = resolveUsageWindows(NOW);

    // Act & Assess: 29.75 s, 11 h 54 min 29.75 s, 9 days 11 h 54 min 29.75 s
    expect(secondsUntilWindowReset(minute, NOW)).toBe(30);
    expect(secondsUntilWindowReset(day, NOW)).toBe(42_870);
    expect(secondsUntilWindowReset(month, NOW)).toBe(9 * 86_400 + 42_870);
  });

  it('never asks for less than one second', () => {
    // Prepare
    const minute = resolveUsageWindow('minute', NOW);

    // Act & Assess
    expect(secondsUntilWindowReset(minute, minute.endsAtMs - 1)).toBe(1);
    expect(secondsUntilWindowReset(minute, minute.endsAtMs + 5_000)).toBe(1);
  });
});

describe('findCrossedLimit', () => {
  const demand = { requests: 1, tokens: 100, costMicroUsd: 1_000 };

  it('admits a request that fits every limit', () => {
    // Act
    const crossed = findCrossedLimit(
      { rpm: 10, tpm: 1_000, dailyTokens: 10_000, monthlyBudgetUsd: 1 },
      {
        minute: counters({ requests: 9, committedTokens: 900 }),
        month: counters({ committedCostMicroUsd: 999_000 }),
      },
      demand,
    );

    // Assess: every counter lands exactly on its limit
    expect(crossed).toBeUndefined();
  });

  it('names the limit the request would cross', () => {
    expect(findCrossedLimit({ rpm: 10 }, { minute: counters({ requests: 10 }) }, demand)).toBe('rpm');
    expect(findCrossedLimit({ tpm: 1_000 }, { minute: counters({ committedTokens: 901 }) }, demand)).toBe(
      'tpm',
    );
    expect(findCrossedLimit({ dailyTokens: 500 }, { day: counters({ committedTokens: 401 }) }, demand)).toBe(
      'dailyTokens',
    );
    expect(
      findCrossedLimit(
        { monthlyBudgetUsd: 0.01 },
        { month: counters({ committedCostMicroUsd: 9_001 }) },
        demand,
      ),
    ).toBe('monthlyBudgetUsd');
  });

  it('checks each limit against its own window only', () => {
    // Act: a full day window does not matter to tpm
    const crossed = findCrossedLimit({ tpm: 1_000 }, { day: counters({ committedTokens: 5_000 }) }, demand);

    // Assess
    expect(crossed).toBeUndefined();
  });

  it('finds a request that cannot fit even an empty window', () => {
    expect(findCrossedLimit({ tpm: 99 }, {}, demand)).toBe('tpm');
    expect(findCrossedLimit({ monthlyBudgetUsd: 0.000999 }, {}, demand)).toBe('monthlyBudgetUsd');
  });

  it('treats absent limits as unlimited', () => {
    expect(findCrossedLimit({}, { minute: counters({ requests: 1e9, committedTokens: 1e12 }) }, demand)).toBe(
      undefined,
    );
  });
});
