import { z } from 'zod';
import type { Usage } from '../generate-result.js';

const invocationMetricsSchema = z.object({
  'amazon-bedrock-invocationMetrics': z.object({
    inputTokenCount: z.number(),
    outputTokenCount: z.number(),
  }),
});

/**
 * Usage from the `amazon-bedrock-invocationMetrics` Bedrock adds to the last native stream chunk,
 * or `undefined` when the chunk carries none (every chunk but the last).
 */
export function readInvocationMetrics(chunk: unknown): Usage | undefined {
  const result = invocationMetricsSchema.safeParse(chunk);
  if (!result.success) return undefined;
  const metrics = result.data['amazon-bedrock-invocationMetrics'];
  return { inputTokens: metrics.inputTokenCount, outputTokens: metrics.outputTokenCount };
}
