import { describe, expect, it } from 'vitest';
import { type CacheRequest, createPromptCache } from './prompt-cache.js';

/** Prefixes `p0`, `p1`... of the given token counts. */
function requestFor(
  tokens: readonly number[],
  points: CacheRequest['points'],
  minimumTokens = 100,
): CacheRequest {
  return {
    prefix: (boundary) => ({ key: `p${boundary}`, tokens: tokens[boundary] as number }),
    points,
    minimumTokens,
  };
}

describe('createPromptCache', () => {
  it('writes a prefix on first use and reads it within its TTL, which each hit renews', () => {
    // Prepare
    let now = 0;
    const cache = createPromptCache(() => now);
    const request = requestFor([500], [{ prefix: 0, ttl: '5m' }]);

    // Act
    const first = cache.settle(request);
    now += 4 * 60_000;
    const second = cache.settle(request);
    now += 4 * 60_000;
    const third = cache.settle(request);
    now += 5 * 60_000;
    const expired = cache.settle(request);

    // Assess
    expect(first).toEqual({ readTokens: 0, writeTokens: 500, writeTokensByTtl: { '5m': 500, '1h': 0 } });
    expect(second.readTokens).toBe(500);
    expect(third.readTokens).toBe(500);
    expect(expired).toEqual(first);
  });

  it('caches nothing below the minimum, and keeps a 1-hour prefix past five minutes', () => {
    // Prepare
    let now = 0;
    const cache = createPromptCache(() => now);

    // Act
    const short = cache.settle(requestFor([99], [{ prefix: 0, ttl: '5m' }]));
    cache.settle(requestFor([300], [{ prefix: 0, ttl: '1h' }]));
    now += 30 * 60_000;
    const later = cache.settle(requestFor([300], [{ prefix: 0, ttl: '1h' }]));

    // Assess
    expect(short).toEqual({ readTokens: 0, writeTokens: 0, writeTokensByTtl: { '5m': 0, '1h': 0 } });
    expect(later.readTokens).toBe(300);
  });

  it('reads the longest cached prefix and writes the segments after it with their own TTLs', () => {
    // Prepare
    const cache = createPromptCache(() => 0);
    cache.settle(requestFor([200, 400], [{ prefix: 0, ttl: '1h' }]));

    // Act
    const usage = cache.settle(
      requestFor(
        [200, 400, 700],
        [
          { prefix: 0, ttl: '1h' },
          { prefix: 2, ttl: '5m' },
        ],
      ),
    );

    // Assess
    expect(usage).toEqual({ readTokens: 200, writeTokens: 500, writeTokensByTtl: { '5m': 500, '1h': 0 } });
  });

  it('finds a prefix cached earlier at a block boundary before a later cache point', () => {
    // Prepare: a conversation that moved its cache point forward by two blocks
    const cache = createPromptCache(() => 0);
    cache.settle(requestFor([150, 250], [{ prefix: 1, ttl: '5m' }]));

    // Act
    const usage = cache.settle(requestFor([150, 250, 320, 480], [{ prefix: 3, ttl: '5m' }]));

    // Assess
    expect(usage).toEqual({ readTokens: 250, writeTokens: 230, writeTokensByTtl: { '5m': 230, '1h': 0 } });
  });

  it('forgets everything when cleared', () => {
    // Prepare
    const cache = createPromptCache(() => 0);
    const request = requestFor([500], [{ prefix: 0, ttl: '5m' }]);
    cache.settle(request);

    // Act
    cache.clear();

    // Assess
    expect(cache.settle(request).readTokens).toBe(0);
  });
});
