import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import response from './__fixtures__/titan-embed-response.json' with { type: 'json' };
import { embeddingCodecFor } from './embedding-codec.js';
import { titanEmbedCodec } from './titan-embed.js';

describe('titanEmbedCodec', () => {
  it('is the codec of the titan-embed family', () => {
    expect(embeddingCodecFor('titan-embed')).toBe(titanEmbedCodec);
  });

  it('makes one normalised call per text, with 1024 dimensions by default', () => {
    // Act
    const calls = titanEmbedCodec.toNativeCalls(['one', 'two'], {});

    // Assess
    expect(calls).toEqual([
      { body: { inputText: 'one', dimensions: 1024, normalize: true }, textCount: 1 },
      { body: { inputText: 'two', dimensions: 1024, normalize: true }, textCount: 1 },
    ]);
  });

  it.each([256, 512, 1024])('passes dimensions %i through', (dimensions) => {
    expect(titanEmbedCodec.toNativeCalls(['x'], { dimensions })[0]!.body).toMatchObject({ dimensions });
  });

  it('refuses dimensions Titan does not offer with a 400 naming dimensions', () => {
    // Act
    const act = () => titanEmbedCodec.toNativeCalls(['x'], { dimensions: 768 });

    // Assess
    expect(act).toThrow(GatewayError);
    expect(act).toThrow('dimensions is 768, but Titan Text Embeddings v2 offers 256, 512, 1024.');
    try {
      act();
    } catch (error) {
      expect(error).toMatchObject({ statusCode: 400, param: 'dimensions' });
    }
  });

  it('reads the vector and the input token count from a response', () => {
    expect(titanEmbedCodec.fromNativeResponse(response, 1)).toEqual({
      embeddings: [[0.6, -0.8, 0.0]],
      inputTokens: 4,
    });
  });

  it('leaves the token count undefined when the body has none', () => {
    expect(titanEmbedCodec.fromNativeResponse({ embedding: [1] }, 1).inputTokens).toBeUndefined();
  });

  it('answers a body without a vector with a 502', () => {
    const act = () => titanEmbedCodec.fromNativeResponse({ inputTextTokenCount: 3 }, 1);
    expect(act).toThrow(
      'Bedrock returned a titan-embed response body that does not have the expected shape.',
    );
  });
});
