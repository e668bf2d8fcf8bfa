import { z } from 'zod';
import type { Usage } from '../generate-result.js';

/**
 * `inputTokenCount` is the uncached input, with the cached prompt counted in `cacheReadInputTokenCount` and
 * `cacheWriteInputTokenCount`, as in Converse's usage (langchain-ai/langchain-aws
 * libs/aws/tests/unit_tests/llms/test_bedrock_cache_usage.py: "Bedrock reports only the *uncached* input in
 * `x-amzn-bedrock-input-token-count` / `inputTokenCount`, so the cache counts have to be added in").
 */
const invocationMetricsSchema = z.object({
  'amazon-bedrock-invocationMetrics': z.object({
    inputTokenCount: z.number(),
    outputTokenCount: z.number(),
    cacheReadInputTokenCount: z.number().nullish(),
    cacheWriteInputTokenCount: z.number().nullish(),
  }),
});

/**
 * Usage from the `amazon-bedrock-invocationMetrics` Bedrock adds to the last native stream chunk,
 * or `undefined` when the chunk carries none (every chunk but the last). Cache counts appear only when non-zero,
 * so that spreading the result over a family's own counters keeps what the metrics do not say (the 1-hour split).
 */
export function readInvocationMetrics(chunk: unknown): Usage | undefined {
  const result = invocationMetricsSchema.safeParse(chunk);
  if (!result.success) return undefined;
  const metrics = result.data['amazon-bedrock-invocationMetrics'];
  return {
    inputTokens: metrics.inputTokenCount,
    outputTokens: metrics.outputTokenCount,
    ...(metrics.cacheReadInputTokenCount ? { cacheReadTokens: metrics.cacheReadInputTokenCount } : {}),
    ...(metrics.cacheWriteInputTokenCount ? { cacheWriteTokens: metrics.cacheWriteInputTokenCount } : {}),
  };
}
