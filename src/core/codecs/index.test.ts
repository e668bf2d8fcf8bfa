import { describe, expect, it } from 'vitest';
import { CODEC_FAMILIES } from '../model-registry.js';
import { codecFor } from './index.js';

const expectedMaxTokensPaths = {
  anthropic: ['max_tokens'],
  'titan-text': ['textGenerationConfig', 'maxTokenCount'],
  llama3: ['max_gen_len'],
  mistral: ['max_tokens'],
  nova: ['inferenceConfig', 'maxTokens'],
  'cohere-command-r': ['max_tokens'],
};

describe('codecFor', () => {
  it.each(CODEC_FAMILIES)('returns the %s codec', (family) => {
    expect(codecFor(family).family).toBe(family);
  });

  it.each(CODEC_FAMILIES)("puts the request's max tokens where the %s maxTokensPath points", (family) => {
    // Prepare
    const codec = codecFor(family);

    // Act
    const body = codec.toNativeBody({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      maxTokens: 77,
    });
    const value = codec.maxTokensPath.reduce<unknown>(
      (node, key) => (node as Record<string, unknown>)[key],
      body,
    );

    // Assess
    expect(codec.maxTokensPath).toEqual(expectedMaxTokensPaths[family]);
    expect(value).toBe(77);
  });
});
