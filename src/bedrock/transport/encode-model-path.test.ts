import { describe, expect, it } from 'vitest';
import { encodeModelPath } from './encode-model-path.js';

describe('encodeModelPath', () => {
  it('keeps a plain id as it is', () => {
    // Act
    const path = encodeModelPath('deepseek.v3.2', 'converse');

    // Assess
    expect(path).toBe('/model/deepseek.v3.2/converse');
  });

  it('percent-encodes the colon of a versioned id, as the AWS SDK does', () => {
    // Act
    const path = encodeModelPath('us.anthropic.claude-haiku-4-5-20251001-v1:0', 'invoke');

    // Assess
    expect(path).toBe('/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke');
  });

  it('keeps an ARN one path segment, with its colons and slash encoded', () => {
    // Act
    const path = encodeModelPath(
      'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2(c)',
      'converse-stream',
    );

    // Assess
    expect(path).toBe(
      '/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fa1b2%28c%29/converse-stream',
    );
  });
});
