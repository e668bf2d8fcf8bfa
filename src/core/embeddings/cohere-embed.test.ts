import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../errors.js';
import floats from './__fixtures__/cohere-embed-response.json' with { type: 'json' };
import byType from './__fixtures__/cohere-embed-response-by-type.json' with { type: 'json' };
import { COHERE_EMBED_MAX_TEXTS, cohereEmbedCodec } from './cohere-embed.js';
import { embeddingCodecFor } from './embedding-codec.js';

describe('cohereEmbedCodec', () => {
  it('is the codec of the cohere-embed family', () => {
    expect(embeddingCodecFor('cohere-embed')).toBe(cohereEmbedCodec);
  });

  it('sends the texts in one call as search documents', () => {
    expect(cohereEmbedCodec.toNativeCalls(['a', 'b'], {})).toEqual([
      { body: { texts: ['a', 'b'], input_type: 'search_document' }, textCount: 2 },
    ]);
  });

  it('splits more than 96 texts into calls of at most 96, in order', () => {
    // Prepare
    const texts = Array.from({ length: 2 * COHERE_EMBED_MAX_TEXTS + 1 }, (_, index) => `t${index}`);

    // Act
    const calls = cohereEmbedCodec.toNativeCalls(texts, {});

    // Assess
    expect(calls.map((call) => call.textCount)).toEqual([96, 96, 1]);
    expect(calls.flatMap((call) => call.body.texts as string[])).toEqual(texts);
  });

  it('refuses dimensions with a 400 unsupported_parameter naming it', () => {
    const act = () => cohereEmbedCodec.toNativeCalls(['a'], { dimensions: 1024 });
    expect(act).toThrow(/dimensions is not supported by Cohere Embed/);
    try {
      act();
    } catch (error) {
      expect(error).toMatchObject({ statusCode: 400, code: 'unsupported_parameter', param: 'dimensions' });
    }
  });

  it.each([
    ['a list of vectors', floats],
    ['vectors by type', byType],
  ])('reads %s, with no token count of its own', (_shape, body) => {
    expect(cohereEmbedCodec.fromNativeResponse(body, 2)).toEqual({
      embeddings: [
        [0.1, 0.2, 0.3],
        [0.4, 0.5, 0.6],
      ],
      inputTokens: undefined,
    });
  });

  it('answers a response with a vector count other than the text count with a 502', () => {
    const act = () => cohereEmbedCodec.fromNativeResponse(floats, 3);
    expect(act).toThrow(UpstreamError);
    expect(act).toThrow('Bedrock returned 2 Cohere embeddings for 3 texts.');
  });
});
