import type { CachePointPart } from '../../core/generate-request.js';
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
 * counterpart). Merging and placing cache points is protocol-free and lives in src/core/cache-points.ts.
 */
export function readCachePoint(markers: CacheMarkers): CachePointPart | undefined {
  if (markers.cache_control !== null && markers.cache_control !== undefined) {
    const { ttl } = markers.cache_control;
    return ttl === undefined ? { type: 'cache-point' } : { type: 'cache-point', ttl };
  }
  return markers.prompt_cache_breakpoint ? { type: 'cache-point' } : undefined;
}
