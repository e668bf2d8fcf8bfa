import { z } from 'zod';
import { validateBody } from '../validate-body.js';
import { convertEmbeddingType } from './create-embedding.js';
import type { EmbeddingFamily } from './embedding-family.js';

const bodySchema = z.looseObject({
  texts: z.array(z.string()).min(1).max(96),
  input_type: z.enum(['search_document', 'search_query', 'classification', 'clustering']),
  truncate: z.enum(['NONE', 'START', 'END']).optional(),
  embedding_types: z.array(z.enum(['float', 'int8', 'uint8'])).optional(),
});

/** Cohere Embed v3 (`cohere.embed*`): 1024 dimensions. */
export const cohereEmbed: EmbeddingFamily = {
  readInvokeBody(body) {
    const request = validateBody(bodySchema, body, 'schema');
    return {
      texts: request.texts,
      dimensions: 1024,
      normalize: true,
      embeddingTypes: request.embedding_types ?? [],
    };
  },
  buildInvokeResponse(vectors, input, context) {
    if (input.embeddingTypes.length === 0) {
      return {
        id: context.requestId,
        texts: input.texts,
        embeddings: vectors,
        response_type: 'embeddings_floats',
      };
    }
    const embeddings = Object.fromEntries(
      input.embeddingTypes.map((type) => [type, vectors.map((vector) => convertEmbeddingType(vector, type))]),
    );
    return { id: context.requestId, texts: input.texts, embeddings, response_type: 'embeddings_by_type' };
  },
};
