import type { CachePointPart, ContentPart } from './generate-request.js';
import type { CacheTtl } from './model-capabilities.js';

/**
 * One cache point for several asked at one place (the system prompt, the tools, one joined text): the longest
 * TTL wins, since a prefix cached for an hour is also cached for five minutes. Shared by every protocol that
 * turns its own cache markers into canonical cache points.
 */
export function mergeCachePoints(
  points: ReadonlyArray<CachePointPart | undefined>,
): CachePointPart | undefined {
  const asked = points.filter((point) => point !== undefined);
  if (asked.length === 0) return undefined;
  const ttls = new Set<CacheTtl | undefined>(asked.map((point) => point.ttl));
  if (ttls.has('1h')) return { type: 'cache-point', ttl: '1h' };
  return ttls.has('5m') ? { type: 'cache-point', ttl: '5m' } : { type: 'cache-point' };
}

/**
 * Appends a cache point, unless there is nothing before it in the message or it already ends in one: a cache
 * point caches the prefix before it, so one at the start or right after another caches nothing more.
 */
export function appendCachePoint(content: ContentPart[], point: CachePointPart | undefined): void {
  const last = content.at(-1);
  if (point && last && last.type !== 'cache-point') content.push(point);
}
