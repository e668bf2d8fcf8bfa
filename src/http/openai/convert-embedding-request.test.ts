import { describe, expect, it } from 'vitest';
import { convertEmbeddingRequest } from './convert-embedding-request.js';
import { embeddingRequestSchema } from './embedding-request-schema.js';

function convert(body: Record<string, unknown>) {
  return convertEmbeddingRequest(embeddingRequestSchema.parse(body));
}

describe('convertEmbeddingRequest', () => {
  it('takes one string as one text, float encoding by default', () => {
    expect(convert({ model: 'm', input: 'hello' })).toEqual({
      model: 'm',
      texts: ['hello'],
      single: true,
      dimensions: undefined,
      encodingFormat: 'float',
    });
  });

  it('takes an array as texts in order, with dimensions and base64', () => {
    expect(
      convert({ model: 'm', input: ['a', 'b'], dimensions: 256, encoding_format: 'base64', user: 'u' }),
    ).toEqual({
      model: 'm',
      texts: ['a', 'b'],
      single: false,
      dimensions: 256,
      encodingFormat: 'base64',
    });
  });

  it.each([
    ['token ids', [1, 2, 3]],
    ['arrays of token ids', [[1, 2]]],
  ])('refuses %s naming input', (_case, input) => {
    expect(() => convert({ model: 'm', input })).toThrow(/input as token ids is not supported/);
  });

  it('refuses an empty text naming its index', () => {
    expect(() => convert({ model: 'm', input: ['a', ''] })).toThrow('input[1] is empty');
    expect(() => convert({ model: 'm', input: '' })).toThrow('input is empty');
  });

  it.each([
    ['an unknown field', { model: 'm', input: 'a', truncate: 'END' }],
    ['an unknown encoding', { model: 'm', input: 'a', encoding_format: 'int8' }],
    ['an empty array', { model: 'm', input: [] }],
  ])('rejects %s in the schema', (_case, body) => {
    expect(embeddingRequestSchema.safeParse(body).success).toBe(false);
  });
});
