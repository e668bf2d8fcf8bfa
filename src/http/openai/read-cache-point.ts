import type { CachePointPart, ContentPart } from '../../core/generate-request.js';
import type { CacheTtl } from '../../core/model-capabilities.js';
import type { CacheControl } from './chat-request-schema.js';

/**
 * What an OpenAI content part, message or tool may carry to end a cacheable prefix: LiteLLM's `cache_control`
 * (chat completions only) or OpenAI's own `prompt_cache_breakpoint` (both APIs).
 */
export interface CacheMarkers {
  cache_control?: CacheControl | null | undefined;
  prompt_cache_breakpoint?: { mode: 'explicit' } | null | undefined;
}

/**
 * The cache point a part or message asks for: LiteLLM's `cache_control` (with its TTL), or OpenAI's
 * `prompt_cache_breakpoint`, which takes Bedrock's default TTL (5 minutes; OpenAI's 30 minutes has no
 * counterpart).
 */
export function readCachePoint(markers: CacheMarkers): CachePointPart | undefined {
  if (markers.cache_control !== null && markers.cache_control !== undefined) {
    const { ttl } = markers.cache_control;
    return ttl === undefined ? { type: 'cache-point' } : { type: 'cache-point', ttl };
  }
  return markers.prompt_cache_breakpoint ? { type: 'cache-point' } : undefined;
}

/** One cache point for several asked at one place (the system prompt, the tools): the longest TTL wins. */
export function mergeCachePoints(
  points: ReadonlyArray<CachePointPart | undefined>,
): CachePointPart | undefined {
  const asked = points.filter((point) => point !== undefined);
  if (asked.length === 0) return undefined;
  const ttls = new Set<CacheTtl | undefined>(asked.map((point) => point.ttl));
  if (ttls.has('1h')) return { type: 'cache-point', ttl: '1h' };
  return ttls.has('5m') ? { type: 'cache-point', ttl: '5m' } : { type: 'cache-point' };
}

/** Appends a cache point, unless there is nothing before it in the message or it already ends in one. */
export function appendCachePoint(content: ContentPart[], point: CachePointPart | undefined): void {
  const last = content.at(-1);
  if (point && last && last.type !== 'cache-point') content.push(point);
}
