import { z } from 'zod';
import { validateBody } from '../validate-body.js';
import { convertEmbeddingType } from './create-embedding.js';
import type { EmbeddingFamily } from './embedding-family.js';

/** Titan validates against a strict JSON schema: unknown keys are refused. */
const bodySchema = z.strictObject({
  inputText: z.string().min(1).max(50_000),
  dimensions: z.literal([256, 512, 1024]).optional(),
  normalize: z.boolean().optional(),
  embeddingTypes: z.array(z.enum(['float', 'binary'])).optional(),
});

/** Amazon Titan Text Embeddings v2 (`amazon.titan-embed-text*`). */
export const titanEmbed: EmbeddingFamily = {
  readInvokeBody(body, model) {
    const request = validateBody(bodySchema, body, 'schema');
    return {
      texts: [request.inputText],
      dimensions: request.dimensions ?? (model.dimensions[0] as number),
      normalize: request.normalize ?? true,
      embeddingTypes: request.embeddingTypes ?? [],
    };
  },
  buildInvokeResponse([embedding = []], input, context) {
    const types = input.embeddingTypes.length > 0 ? input.embeddingTypes : ['float' as const];
    return {
      embedding,
      embeddingsByType: Object.fromEntries(
        types.map((type) => [type, convertEmbeddingType(embedding, type)]),
      ),
      inputTextTokenCount: context.inputTokens,
    };
  },
};
