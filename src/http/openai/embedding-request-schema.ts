import { z } from 'zod';

/**
 * OpenAI's `POST /v1/embeddings` body, strictly. Token-array inputs are accepted by shape only, so
 * `convertEmbeddingRequest` can refuse them with a message that says why.
 */
export const embeddingRequestSchema = z.strictObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1).max(2048),
    z.array(z.number()).min(1),
    z.array(z.array(z.number())).min(1),
  ]),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
  user: z.string().optional(),
});

export type EmbeddingRequest = z.output<typeof embeddingRequestSchema>;
