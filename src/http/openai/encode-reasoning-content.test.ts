import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { decodeReasoningContent, encodeReasoningContent } from './encode-reasoning-content.js';

describe('encodeReasoningContent and decodeReasoningContent', () => {
  it.each([
    ['signed thinking', { type: 'reasoning', text: 'Step 1 — ünïcode 思考', signature: 'c2ln' }],
    ['unsigned reasoning', { type: 'reasoning', text: 'Hmm' }],
    ['an empty signed block', { type: 'reasoning', text: '', signature: 'c2ln' }],
    ['redacted thinking', { type: 'redacted-reasoning', data: 'ZW5jcnlwdGVk' }],
  ] as const)('gives back %s exactly as it was', (_case, part) => {
    // Act
    const content = encodeReasoningContent(part);

    // Assess
    expect(content).toMatch(/^bgw-reasoning-1\.[A-Za-z0-9_-]+$/);
    expect(decodeReasoningContent(content, 'input[1].encrypted_content')).toEqual(part);
  });

  it.each([
    ["OpenAI's own encrypted content", 'gAAAAABpF2x'],
    ['a prefix with no JSON behind it', 'bgw-reasoning-1.!!!'],
    ['JSON of another shape', `bgw-reasoning-1.${Buffer.from('{"type":"thinking"}').toString('base64url')}`],
  ])('refuses %s with a 400 naming the field', (_case, content) => {
    // Act
    let error: unknown;
    try {
      decodeReasoningContent(content, 'input[1].encrypted_content');
    } catch (thrown) {
      error = thrown;
    }

    // Assess
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ statusCode: 400, param: 'input[1].encrypted_content' });
  });
});
