import { z } from 'zod';
import { parseBedrockBody } from '../codecs/parse-bedrock-body.js';
import { UnsupportedParameterError, UpstreamError } from '../errors.js';
import type { EmbeddingCodec } from './embedding-codec.js';

/** Cohere Embed takes at most this many texts per call. */
export const COHERE_EMBED_MAX_TEXTS = 96;

const vectorsSchema = z.array(z.array(z.number()));

/** `embeddings` is a list of vectors, or (when types were asked for) an object of lists by type. */
const responseSchema = z.looseObject({
  embeddings: z.union([vectorsSchema, z.looseObject({ float: vectorsSchema })]),
});

/**
 * Cohere Embed v3: up to 96 texts per call, `{texts, input_type: 'search_document'}`. Its vector length is
 * fixed by the model, so `dimensions` is refused. The body reports no token count: the caller takes
 * Bedrock's `X-Amzn-Bedrock-Input-Token-Count` header instead.
 *
 * `search_document` because an OpenAI embeddings request does not say whether it embeds a query or a
 * document, and documents are what most callers store and search.
 */
export const cohereEmbedCodec: EmbeddingCodec = {
  family: 'cohere-embed',
  toNativeCalls(texts, options) {
    if (options.dimensions !== undefined) {
      throw new UnsupportedParameterError(
        'dimensions',
        'dimensions is not supported by Cohere Embed: its vector length is fixed by the model. Omit it.',
      );
    }
    const calls = [];
    for (let start = 0; start < texts.length; start += COHERE_EMBED_MAX_TEXTS) {
      const batch = texts.slice(start, start + COHERE_EMBED_MAX_TEXTS);
      calls.push({ body: { texts: batch, input_type: 'search_document' }, textCount: batch.length });
    }
    return calls;
  },
  fromNativeResponse(body, textCount) {
    const response = parseBedrockBody(responseSchema, body, 'a cohere-embed response body');
    const embeddings = Array.isArray(response.embeddings) ? response.embeddings : response.embeddings.float;
    if (embeddings.length !== textCount) {
      throw new UpstreamError(
        502,
        'upstream_malformed_response',
        `Bedrock returned ${embeddings.length} Cohere embeddings for ${textCount} texts.`,
      );
    }
    return { embeddings, inputTokens: undefined };
  },
};
