import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../generate-request.js';
import {
  assistantText,
  decodeStream,
  promptRequest,
  userText,
  weatherTool,
} from './__fixtures__/canonical-builders.js';
import nativeRequest from './__fixtures__/mistral/request.json' with { type: 'json' };
import nativeResponse from './__fixtures__/mistral/response.json' with { type: 'json' };
import streamChunks from './__fixtures__/mistral/stream.json' with { type: 'json' };
import { buildMistralPrompt, mistralCodec } from './mistral.js';

const canonicalRequest: GenerateRequest = {
  system: 'Answer briefly.',
  messages: [
    userText('What is your favourite condiment?'),
    assistantText('Lemon juice.'),
    userText('Do you have mayonnaise recipes?'),
  ],
  maxTokens: 400,
  temperature: 0.5,
  topP: 0.9,
  stopSequences: ['\n\n'],
};

describe('mistralCodec.toNativeBody', () => {
  it('writes the fixture body, with the system prompt opening the first [INST]', () => {
    expect(mistralCodec.toNativeBody(canonicalRequest)).toEqual(nativeRequest);
  });

  it('renders a single turn as <s>[INST] ... [/INST]', () => {
    expect(buildMistralPrompt(promptRequest('What is your favourite condiment?'))).toBe(
      '<s>[INST] What is your favourite condiment? [/INST]',
    );
  });

  it('puts the system prompt only in the first user turn', () => {
    // Act
    const prompt = buildMistralPrompt({
      system: 'Be brief.',
      messages: [userText('a'), assistantText('b'), userText('c')],
      maxTokens: 5,
    });

    // Assess
    expect(prompt).toBe('<s>[INST] Be brief.\n\na [/INST] b</s>[INST] c [/INST]');
  });

  it('leaves a final assistant turn open, without </s>', () => {
    expect(buildMistralPrompt({ messages: [userText('Count.'), assistantText('1, 2,')], maxTokens: 5 })).toBe(
      '<s>[INST] Count. [/INST] 1, 2,',
    );
  });
});

describe('mistralCodec.checkSupported', () => {
  it('accepts 10 stop sequences and rejects 11, naming stop', () => {
    // Prepare
    const ten = Array.from({ length: 10 }, (_, index) => `s${index}`);

    // Act
    const acceptTen = () => mistralCodec.checkSupported(promptRequest('hi', { stopSequences: ten }));
    const rejectEleven = () =>
      mistralCodec.checkSupported(promptRequest('hi', { stopSequences: [...ten, 's10'] }));

    // Assess
    expect(acceptTen).not.toThrow();
    expect(rejectEleven).toThrow(
      expect.objectContaining({ param: 'stop', message: expect.stringContaining('got 11') }),
    );
  });

  it('rejects tools', () => {
    expect(() => mistralCodec.checkSupported(promptRequest('hi', { tools: [weatherTool] }))).toThrow(
      expect.objectContaining({ param: 'tools', code: 'unsupported_parameter' }),
    );
  });
});

describe('mistralCodec.fromNativeResponse', () => {
  it('reads the first output, with usage from the headers', () => {
    expect(mistralCodec.fromNativeResponse(nativeResponse, { inputTokens: 30, outputTokens: 18 })).toEqual({
      content: [{ type: 'text', text: ' Yes: whisk an egg yolk with mustard, then add oil drop by drop.' }],
      stopReason: 'end_turn',
      usage: { inputTokens: 30, outputTokens: 18 },
    });
  });

  it('reports zero usage when no header usage is given', () => {
    expect(mistralCodec.fromNativeResponse(nativeResponse).usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
    });
  });

  it('maps stop_reason length to max_tokens', () => {
    expect(
      mistralCodec.fromNativeResponse({ outputs: [{ text: 'x', stop_reason: 'length' }] }).stopReason,
    ).toBe('max_tokens');
  });

  it('throws upstream_malformed_response for a body without outputs', () => {
    expect(() => mistralCodec.fromNativeResponse({ generation: 'x' })).toThrow(
      expect.objectContaining({ code: 'upstream_malformed_response' }),
    );
  });
});

describe('mistralCodec.createStreamDecoder', () => {
  it('decodes the fixture stream with usage from the invocation metrics', () => {
    expect(decodeStream(mistralCodec.createStreamDecoder, streamChunks)).toEqual([
      { type: 'message-start' },
      { type: 'text-delta', text: ' Yes' },
      { type: 'text-delta', text: ': whisk an egg yolk.' },
      { type: 'message-stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 30, outputTokens: 9 } },
    ]);
  });
});
