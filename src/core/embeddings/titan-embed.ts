import { z } from 'zod';
import { parseBedrockBody } from '../codecs/parse-bedrock-body.js';
import { InvalidRequestError } from '../errors.js';
import type { EmbeddingCodec } from './embedding-codec.js';

/** The vector lengths Titan Text Embeddings v2 offers; 1024 is its default. */
export const TITAN_EMBED_DIMENSIONS: readonly number[] = [256, 512, 1024];

const responseSchema = z.looseObject({
  embedding: z.array(z.number()),
  inputTextTokenCount: z.number().int().nonnegative().optional(),
});

/**
 * Amazon Titan Text Embeddings v2: one text per call, `{inputText, dimensions, normalize: true}`, so vectors
 * are unit length like OpenAI's. The response reports the call's input tokens as `inputTextTokenCount`.
 */
export const titanEmbedCodec: EmbeddingCodec = {
  family: 'titan-embed',
  toNativeCalls(texts, options) {
    const dimensions = options.dimensions ?? 1024;
    if (!TITAN_EMBED_DIMENSIONS.includes(dimensions)) {
      throw new InvalidRequestError(
        'unsupported_value',
        `dimensions is ${dimensions}, but Titan Text Embeddings v2 offers ${TITAN_EMBED_DIMENSIONS.join(', ')}.`,
        { param: 'dimensions' },
      );
    }
    return texts.map((inputText) => ({ body: { inputText, dimensions, normalize: true }, textCount: 1 }));
  },
  fromNativeResponse(body) {
    const response = parseBedrockBody(responseSchema, body, 'a titan-embed response body');
    return { embeddings: [response.embedding], inputTokens: response.inputTextTokenCount };
  },
};
