/**
 * A per-instance limit on admin requests per admin key, so a leaked or looping admin key cannot hammer the
 * key and usage tables (every admin call reads DynamoDB). In process, not in DynamoDB: admin traffic is
 * small, and metering it would add writes to the usage table for calls that cost no tokens. On Lambda each
 * instance counts on its own, so the effective ceiling is this rate times the concurrent instances.
 */
export interface AdminRateLimiter {
  readonly requestsPerMinute: number;
  /** Counts one request; returns the seconds to wait when over the limit, else undefined. */
  take(keyId: string): number | undefined;
}

const WINDOW_MS = 60_000;
/** Most admin keys tracked at once; the table starts over past it (a limiter, not a record). */
const MAX_TRACKED_KEYS = 1_000;

/** A fixed one-minute window per key, on the injected clock. */
export function createAdminRateLimiter(options: {
  requestsPerMinute: number;
  now?: () => number;
}): AdminRateLimiter {
  const { requestsPerMinute, now = Date.now } = options;
  if (!Number.isInteger(requestsPerMinute) || requestsPerMinute <= 0) {
    throw new RangeError(
      `createAdminRateLimiter: requestsPerMinute must be a positive integer, got ${requestsPerMinute}.`,
    );
  }
  const windows = new Map<string, { startsAtMs: number; count: number }>();
  return {
    requestsPerMinute,
    take(keyId) {
      const nowMs = now();
      let window = windows.get(keyId);
      if (!window || nowMs - window.startsAtMs >= WINDOW_MS) {
        if (windows.size >= MAX_TRACKED_KEYS) windows.clear();
        window = { startsAtMs: nowMs, count: 0 };
        windows.set(keyId, window);
      }
      window.count++;
      if (window.count <= requestsPerMinute) return undefined;
      return Math.max(1, Math.ceil((window.startsAtMs + WINDOW_MS - nowMs) / 1000));
    },
  };
}
