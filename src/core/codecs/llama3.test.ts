import { describe, expect, it } from 'vitest';
import { UnsupportedParameterError } from '../errors.js';
import type { GenerateRequest } from '../generate-request.js';
import {
  assistantText,
  decodeStream,
  promptRequest,
  userText,
  weatherTool,
} from './__fixtures__/canonical-builders.js';
import nativeRequest from './__fixtures__/llama3/request.json' with { type: 'json' };
import nativeResponse from './__fixtures__/llama3/response.json' with { type: 'json' };
import streamChunks from './__fixtures__/llama3/stream.json' with { type: 'json' };
import { buildLlama3Prompt, llama3Codec } from './llama3.js';

const canonicalRequest: GenerateRequest = {
  system: 'You are a helpful assistant.',
  messages: [userText('Hi'), assistantText('Hello!'), userText('Tell me a joke.')],
  maxTokens: 512,
  temperature: 0.5,
  topP: 0.9,
};

describe('llama3Codec.toNativeBody', () => {
  it('writes the fixture body with the Llama 3 chat template', () => {
    expect(llama3Codec.toNativeBody(canonicalRequest)).toEqual(nativeRequest);
  });

  it('renders a single user turn with the exact header tokens and no system block', () => {
    expect(buildLlama3Prompt(promptRequest('Hi'))).toBe(
      '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
    );
  });

  it('leaves a final assistant turn open, without <|eot_id|> or another header', () => {
    // Act
    const prompt = buildLlama3Prompt({
      messages: [userText('Count.'), assistantText('1, 2,')],
      maxTokens: 5,
    });

    // Assess
    expect(prompt).toBe(
      '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nCount.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n1, 2,',
    );
  });

  it('writes only prompt and max_gen_len when sampling is not set', () => {
    expect(Object.keys(llama3Codec.toNativeBody(promptRequest('hi')))).toEqual(['prompt', 'max_gen_len']);
  });
});

describe('llama3Codec.checkSupported', () => {
  it('rejects stop sequences, naming stop', () => {
    // Act
    const act = () => llama3Codec.checkSupported(promptRequest('hi', { stopSequences: ['END'] }));

    // Assess
    expect(act).toThrow(UnsupportedParameterError);
    expect(act).toThrow(
      "Model family 'llama3' does not support 'stop' through the native InvokeModel API; remove 'stop'.",
    );
  });

  it('accepts an empty stop list', () => {
    expect(() => llama3Codec.checkSupported(promptRequest('hi', { stopSequences: [] }))).not.toThrow();
  });

  it('rejects tools and top_p above 1', () => {
    expect(() => llama3Codec.checkSupported(promptRequest('hi', { tools: [weatherTool] }))).toThrow(
      expect.objectContaining({ param: 'tools' }),
    );
    expect(() => llama3Codec.checkSupported(promptRequest('hi', { topP: 1.01 }))).toThrow(
      expect.objectContaining({ param: 'top_p' }),
    );
  });
});

describe('llama3Codec.fromNativeResponse', () => {
  it('reads generation, stop reason and token counts', () => {
    expect(llama3Codec.fromNativeResponse(nativeResponse)).toEqual({
      content: [
        { type: 'text', text: 'Why did the scarecrow win an award? He was outstanding in his field.' },
      ],
      stopReason: 'end_turn',
      usage: { inputTokens: 42, outputTokens: 17 },
    });
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    [null, 'end_turn'],
  ])('maps stop_reason %s to %s', (stopReason, expected) => {
    expect(llama3Codec.fromNativeResponse({ ...nativeResponse, stop_reason: stopReason }).stopReason).toBe(
      expected,
    );
  });
});

describe('llama3Codec.createStreamDecoder', () => {
  it('decodes the fixture stream, keeping the prompt count from the first chunk', () => {
    expect(decodeStream(llama3Codec.createStreamDecoder, streamChunks)).toEqual([
      { type: 'message-start' },
      { type: 'text-delta', text: 'Why did' },
      { type: 'text-delta', text: ' the scarecrow' },
      { type: 'text-delta', text: ' win?' },
      { type: 'message-stop', stopReason: 'max_tokens' },
      { type: 'usage', usage: { inputTokens: 42, outputTokens: 7 } },
    ]);
  });

  it('uses the chunk counters when the last chunk has no invocation metrics', () => {
    // Prepare
    const chunks = streamChunks.map(({ 'amazon-bedrock-invocationMetrics': _metrics, ...chunk }) => ({
      ...chunk,
      generation_token_count: chunk.generation_token_count + 100,
    }));

    // Act
    const events = decodeStream(llama3Codec.createStreamDecoder, chunks);

    // Assess
    expect(events.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 42, outputTokens: 107 } });
  });
});
