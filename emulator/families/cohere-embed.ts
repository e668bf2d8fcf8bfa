import { z } from 'zod';
import { describeExtraneousKey, describeSchemaViolation } from '../bedrock-messages.js';
import { createValidationError } from '../errors.js';
import { validateBody } from '../validate-body.js';
import { convertEmbeddingType } from './create-embedding.js';
import type { EmbeddingFamily } from './embedding-family.js';

const bodySchema = z.looseObject({
  texts: z.array(z.string().max(2048)).min(1).max(96),
  input_type: z.enum(['search_document', 'search_query', 'classification', 'clustering']),
  truncate: z.enum(['NONE', 'START', 'END']).optional(),
  embedding_types: z.array(z.enum(['float', 'int8', 'uint8'])).optional(),
  output_dimension: z.int().optional(),
});

/**
 * Cohere Embed (`cohere.embed*`): v3 answers 1024 dimensions; v4 takes `output_dimension` (256/512/1024/1536,
 * default 1536) and always groups its vectors by type (other-models.md §5).
 */
export const cohereEmbed: EmbeddingFamily = {
  readInvokeBody(body, model) {
    const request = validateBody(bodySchema, body, 'schema');
    const dimensions = request.output_dimension ?? (model.dimensions[0] as number);
    if (request.output_dimension !== undefined && !model.dimensions.includes(dimensions)) {
      // v3 has one size, so any output_dimension is foreign to it; v4 lists its sizes.
      throw createValidationError(
        model.dimensions.length === 1
          ? describeExtraneousKey('#', 'output_dimension')
          : describeSchemaViolation('#/output_dimension', `${dimensions} is not a valid enum value`),
      );
    }
    return {
      texts: request.texts,
      dimensions,
      normalize: true,
      embeddingTypes: request.embedding_types ?? [],
    };
  },
  buildInvokeResponse(vectors, input, context) {
    if (input.embeddingTypes.length === 0 && !context.model.embeddingsByType) {
      return {
        id: context.requestId,
        texts: input.texts,
        embeddings: vectors,
        response_type: 'embeddings_floats',
      };
    }
    const types = input.embeddingTypes.length > 0 ? input.embeddingTypes : (['float'] as const);
    const embeddings = Object.fromEntries(
      types.map((type) => [type, vectors.map((vector) => convertEmbeddingType(vector, type))]),
    );
    return { id: context.requestId, texts: input.texts, embeddings, response_type: 'embeddings_by_type' };
  },
};
