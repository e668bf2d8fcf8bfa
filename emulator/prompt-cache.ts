import type { CacheTtl } from './model-input.js';

/** What a call read from and wrote to the prompt cache, in tokens. */
export interface PromptCacheUsage {
  readTokens: number;
  writeTokens: number;
  /** The writes by TTL (Converse `cacheDetails`, Claude `cache_creation`). */
  writeTokensByTtl: Record<CacheTtl, number>;
}

/** One prefix of a request that could be cached: its key and what it costs. */
export interface CachePrefix {
  key: string;
  tokens: number;
}

/** What a call asks of the cache. */
export interface CacheRequest {
  /** The prefix up to a block boundary (boundaries are in Bedrock's order: tools, system, messages). */
  prefix(boundary: number): CachePrefix;
  /** The explicit cache points, by boundary. */
  points: ReadonlyArray<{ prefix: number; ttl: CacheTtl }>;
  /** The model's minimum per checkpoint: a shorter prefix is not cached, and the call still succeeds. */
  minimumTokens: number;
}

/** The emulator's prompt cache: one per emulator, shared by every call to it. */
export interface PromptCache {
  settle(request: CacheRequest): PromptCacheUsage;
  clear(): void;
}

const TTL_MS: Record<CacheTtl, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

/**
 * How far back from a cache point a hit is looked for: Anthropic's prompt caching "automatically checks for cache
 * hits at all previous content block boundaries (up to approximately 20 blocks before your explicit breakpoint)"
 * (https://docs.claude.com/en/docs/build-with-claude/prompt-caching). Bedrock documents no look-back of its own;
 * the same rule is applied to every model (UNCONFIRMED for Nova).
 */
const LOOK_BACK_BLOCKS = 20;

/**
 * A prompt cache as Bedrock keeps it (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html,
 * claude-models.md §2.6): a prefix up to a cache point is written on first use and read by later calls with the
 * same prefix within its TTL, which each hit renews; a prefix below the model's minimum is not cached ("your
 * inference will still succeed, but your prefix will not be cached"). A call reads the longest cached prefix
 * found at or before its cache points and writes the rest, up to its last cache point, each segment with the
 * TTL of the cache point that ends it. Keys are whatever the caller makes them (prefix text, media digests, the
 * model). The clock is injected, so tests move time instead of waiting.
 */
export function createPromptCache(clock: () => number): PromptCache {
  const entries = new Map<string, { expiresAt: number; ttl: CacheTtl }>();
  return {
    clear: () => entries.clear(),
    settle(request) {
      const now = clock();
      for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
      const eligible = request.points.filter(
        (point) => request.prefix(point.prefix).tokens >= request.minimumTokens,
      );
      let hit = -1;
      let hitTtl: CacheTtl = '5m';
      for (const point of eligible) {
        for (let index = point.prefix; index >= Math.max(0, point.prefix - LOOK_BACK_BLOCKS); index--) {
          if (index <= hit) break;
          const prefix = request.prefix(index);
          if (prefix.tokens >= request.minimumTokens && entries.has(prefix.key)) {
            hit = index;
            hitTtl = point.ttl;
            break;
          }
        }
      }
      const usage: PromptCacheUsage = {
        readTokens: 0,
        writeTokens: 0,
        writeTokensByTtl: { '5m': 0, '1h': 0 },
      };
      let covered = 0;
      if (hit >= 0) {
        const prefix = request.prefix(hit);
        const entry = entries.get(prefix.key)!;
        // A hit renews the entry, for the longer of its TTL and that of the cache point that found it.
        if (TTL_MS[hitTtl] > TTL_MS[entry.ttl]) entry.ttl = hitTtl;
        entry.expiresAt = now + TTL_MS[entry.ttl];
        usage.readTokens = prefix.tokens;
        covered = prefix.tokens;
      }
      for (const point of eligible) {
        if (point.prefix <= hit) continue;
        const prefix = request.prefix(point.prefix);
        const written = Math.max(0, prefix.tokens - covered);
        usage.writeTokens += written;
        usage.writeTokensByTtl[point.ttl] += written;
        covered = Math.max(covered, prefix.tokens);
        entries.set(prefix.key, { expiresAt: now + TTL_MS[point.ttl], ttl: point.ttl });
      }
      return usage;
    },
  };
}
