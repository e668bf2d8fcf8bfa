import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { convertToEmbeddingResponse, encodeEmbeddingBase64 } from './convert-to-embedding-response.js';

function decodeBase64Float32(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.byteLength / 4 }, (_, index) => view.getFloat32(index * 4, true));
}

describe('encodeEmbeddingBase64', () => {
  it('encodes little-endian float32 bytes', () => {
    // Act
    const encoded = encodeEmbeddingBase64([1, -2]);

    // Assess: 1.0f = 00 00 80 3f, -2.0f = 00 00 00 c0.
    expect(Buffer.from(encoded, 'base64')).toEqual(Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]));
  });

  it('round-trips values to float32 precision', () => {
    const vector = [0.1, -0.25, 0.333333];
    const decoded = decodeBase64Float32(encodeEmbeddingBase64(vector));
    for (const [index, value] of vector.entries()) expect(decoded[index]).toBeCloseTo(value, 6);
  });
});

describe('convertToEmbeddingResponse', () => {
  it('lists one embedding per vector with its index, the model and the usage', () => {
    expect(
      convertToEmbeddingResponse(
        [
          [1, 0],
          [0, 1],
        ],
        { model: 'titan-embed-text-v2', inputTokens: 9, encodingFormat: 'float' },
      ),
    ).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [1, 0] },
        { object: 'embedding', index: 1, embedding: [0, 1] },
      ],
      model: 'titan-embed-text-v2',
      usage: { prompt_tokens: 9, total_tokens: 9 },
    });
  });

  it('sends base64 strings when asked', () => {
    const response = convertToEmbeddingResponse([[1, -2]], {
      model: 'm',
      inputTokens: 1,
      encodingFormat: 'base64',
    });
    expect(response.data[0]!.embedding).toBe(encodeEmbeddingBase64([1, -2]));
  });
});
