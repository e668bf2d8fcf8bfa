import { z } from 'zod';
import type { Usage } from '../generate-result.js';

/**
 * Converse `usage` (response and stream `metadata`), leniently: `inputTokens` excludes the cached prompt,
 * `cacheReadInputTokens` and `cacheWriteInputTokens` count it, and `cacheDetails` splits the writes by TTL
 * (botocore bedrock-runtime `TokenUsage`, `CacheDetail`).
 */
export const converseUsageSchema = z
  .object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    cacheReadInputTokens: z.number().optional(),
    cacheWriteInputTokens: z.number().optional(),
    cacheDetails: z.array(z.object({ ttl: z.string().optional(), inputTokens: z.number() })).optional(),
  })
  .transform((usage): Usage => {
    const writes1h = (usage.cacheDetails ?? [])
      .filter((detail) => detail.ttl === '1h')
      .reduce((total, detail) => total + detail.inputTokens, 0);
    return {
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      ...(usage.cacheReadInputTokens ? { cacheReadTokens: usage.cacheReadInputTokens } : {}),
      ...(usage.cacheWriteInputTokens ? { cacheWriteTokens: usage.cacheWriteInputTokens } : {}),
      ...(writes1h > 0
        ? { cacheWrite1hTokens: Math.min(writes1h, usage.cacheWriteInputTokens ?? writes1h) }
        : {}),
    };
  });

/** Bytes as the SDK gives them (Uint8Array) or as JSON carries them (base64), as base64. */
export const base64BytesSchema = z.union([
  z.string(),
  z.instanceof(Uint8Array).transform((bytes) => {
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  }),
]);
