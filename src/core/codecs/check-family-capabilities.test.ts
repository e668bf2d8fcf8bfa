import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../generate-request.js';
import { TEXT_CAPABILITIES } from '../model-capabilities.js';
import type { CodecFamily } from '../model-registry.js';
import { PDF_BYTES, PNG_BYTES, promptRequest, userText } from './__fixtures__/canonical-builders.js';
import { codecFor } from './index.js';

/** Families whose native body carries none of issue 14's features (their requests go through Converse). */
const TEXT_ONLY_FAMILIES: readonly CodecFamily[] = ['llama3', 'mistral', 'titan-text', 'cohere-command-r'];

const FEATURE_REQUESTS: ReadonlyArray<[string, string, GenerateRequest]> = [
  [
    'an image',
    'messages',
    {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', format: 'png', data: PNG_BYTES },
            { type: 'text', text: 'What is it?' },
          ],
        },
      ],
      maxTokens: 10,
    },
  ],
  [
    'a document',
    'messages',
    {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', format: 'pdf', name: 'Report', data: PDF_BYTES },
            { type: 'text', text: 'Summarise.' },
          ],
        },
      ],
      maxTokens: 10,
    },
  ],
  ['a reasoning request', 'reasoning', promptRequest('hi', { reasoning: { effort: 'low' } })],
  [
    'reasoning sent back',
    'reasoning',
    {
      messages: [
        userText('hi'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'hmm' },
            { type: 'text', text: 'Hello.' },
          ],
        },
        userText('again'),
      ],
      maxTokens: 10,
    },
  ],
  [
    'a message cache point',
    'cache_control',
    promptRequest('hi', {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'cache-point' }] }],
    }),
  ],
  [
    'a system cache point',
    'cache_control',
    promptRequest('hi', { system: 'Be brief.', cachePoints: { system: { type: 'cache-point' } } }),
  ],
  [
    'an output format',
    'response_format',
    promptRequest('hi', { outputFormat: { type: 'json-schema', schema: { type: 'object' } } }),
  ],
];

describe('checkFamilyCapabilities for the families without native media, reasoning, caching or schemas', () => {
  describe.each(TEXT_ONLY_FAMILIES)('%s', (family) => {
    it.each(FEATURE_REQUESTS)('refuses %s with a 400 naming %s and the model', (_what, param, request) => {
      // Act
      const act = () =>
        codecFor(family).checkSupported(request, {
          model: { alias: 'my-model', capabilities: TEXT_CAPABILITIES },
        });

      // Assess
      expect(act).toThrow(expect.objectContaining({ statusCode: 400, code: 'unsupported_parameter', param }));
      expect(act).toThrow(
        new RegExp(`^Model 'my-model' \\(family '${family}'\\) does not support .+; use api 'converse'\\.$`),
      );
    });
  });

  it('names the family when the model is not known', () => {
    expect(() => codecFor('mistral').checkSupported(FEATURE_REQUESTS[0]![2])).toThrow(
      "Model family 'mistral' does not support images through the native InvokeModel API; use api 'converse'.",
    );
  });
});
