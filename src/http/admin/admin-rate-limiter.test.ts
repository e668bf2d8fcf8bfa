import { describe, expect, it } from 'vitest';
import { createAdminRateLimiter } from './admin-rate-limiter.js';

describe('createAdminRateLimiter', () => {
  it('admits requestsPerMinute per key per minute, then says how long to wait, and starts over next minute', () => {
    // Prepare
    let nowMs = 1_000_000;
    const limiter = createAdminRateLimiter({ requestsPerMinute: 2, now: () => nowMs });

    // Act
    const first = [limiter.take('key_a'), limiter.take('key_a'), limiter.take('key_a')];
    const other = limiter.take('key_b');
    nowMs += 45_000;
    const stillOver = limiter.take('key_a');
    nowMs += 15_000;
    const nextMinute = limiter.take('key_a');

    // Assess
    expect(first).toEqual([undefined, undefined, 60]);
    expect(other).toBeUndefined();
    expect(stillOver).toBe(15);
    expect(nextMinute).toBeUndefined();
  });

  it('refuses a rate that is not a positive integer', () => {
    expect(() => createAdminRateLimiter({ requestsPerMinute: 0 })).toThrow(RangeError);
  });
});
