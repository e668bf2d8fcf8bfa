import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../generate-request.js';
import {
  assistantText,
  decodeStream,
  promptRequest,
  userText,
  weatherTool,
} from './__fixtures__/canonical-builders.js';
import nativeRequest from './__fixtures__/cohere-command-r/request.json' with { type: 'json' };
import nativeResponse from './__fixtures__/cohere-command-r/response.json' with { type: 'json' };
import streamChunks from './__fixtures__/cohere-command-r/stream.json' with { type: 'json' };
import { cohereCommandRCodec } from './cohere-command-r.js';

const canonicalRequest: GenerateRequest = {
  system: 'You are a helpful assistant.',
  messages: [userText('Hi'), assistantText('Hello! How can I help?'), userText('Who are you?')],
  maxTokens: 300,
  temperature: 0.3,
  topP: 0.75,
  stopSequences: ['END'],
};

describe('cohereCommandRCodec.toNativeBody', () => {
  it('writes the fixture body: last user turn as message, earlier turns as USER/CHATBOT history, preamble', () => {
    expect(cohereCommandRCodec.toNativeBody(canonicalRequest)).toEqual(nativeRequest);
  });

  it('sends a single turn without chat_history or preamble', () => {
    expect(cohereCommandRCodec.toNativeBody(promptRequest('hi'))).toStrictEqual({
      message: 'hi',
      max_tokens: 100,
    });
  });

  it('rejects a conversation ending with an assistant turn', () => {
    expect(() =>
      cohereCommandRCodec.toNativeBody({ messages: [userText('hi'), assistantText('Hel')], maxTokens: 5 }),
    ).toThrow(expect.objectContaining({ code: 'invalid_conversation', param: 'messages' }));
  });
});

describe('cohereCommandRCodec.checkSupported', () => {
  it('rejects more than 4 stop sequences, naming stop', () => {
    expect(() =>
      cohereCommandRCodec.checkSupported(promptRequest('hi', { stopSequences: ['a', 'b', 'c', 'd', 'e'] })),
    ).toThrow(expect.objectContaining({ param: 'stop', message: expect.stringContaining('at most 4') }));
  });

  it.each([0, 1])('rejects top_p %s, outside 0.01..0.99', (topP) => {
    expect(() => cohereCommandRCodec.checkSupported(promptRequest('hi', { topP }))).toThrow(
      expect.objectContaining({ param: 'top_p', message: expect.stringContaining('from 0.01 to 0.99') }),
    );
  });

  it('rejects tools', () => {
    expect(() => cohereCommandRCodec.checkSupported(promptRequest('hi', { tools: [weatherTool] }))).toThrow(
      expect.objectContaining({ param: 'tools' }),
    );
  });
});

describe('cohereCommandRCodec.fromNativeResponse', () => {
  it('reads text, finish reason and billed units', () => {
    expect(cohereCommandRCodec.fromNativeResponse(nativeResponse)).toEqual({
      content: [{ type: 'text', text: 'I am Command R, a model by Cohere.' }],
      stopReason: 'end_turn',
      usage: { inputTokens: 25, outputTokens: 9 },
    });
  });

  it.each([
    ['COMPLETE', 'end_turn'],
    ['MAX_TOKENS', 'max_tokens'],
    ['STOP_SEQUENCE', 'stop_sequence'],
    ['ERROR_TOXIC', 'content_filtered'],
    ['ERROR_LIMIT', 'max_tokens'],
  ])('maps finish_reason %s to %s', (finishReason, expected) => {
    const result = cohereCommandRCodec.fromNativeResponse({ ...nativeResponse, finish_reason: finishReason });
    expect(result.stopReason).toBe(expected);
  });

  it('fails the request for finish_reason ERROR', () => {
    expect(() =>
      cohereCommandRCodec.fromNativeResponse({ ...nativeResponse, finish_reason: 'ERROR' }),
    ).toThrow(expect.objectContaining({ code: 'upstream_generation_failed', statusCode: 502 }));
  });

  it('uses the header usage when the body has no meta', () => {
    // Prepare
    const { meta: _meta, ...body } = nativeResponse;

    // Act
    const result = cohereCommandRCodec.fromNativeResponse(body, { inputTokens: 5, outputTokens: 6 });

    // Assess
    expect(result.usage).toEqual({ inputTokens: 5, outputTokens: 6 });
  });
});

describe('cohereCommandRCodec.createStreamDecoder', () => {
  it('decodes the fixture stream, preferring the invocation metrics for usage', () => {
    expect(decodeStream(cohereCommandRCodec.createStreamDecoder, streamChunks)).toEqual([
      { type: 'message-start' },
      { type: 'text-delta', text: 'I am' },
      { type: 'text-delta', text: ' Command R.' },
      { type: 'message-stop', stopReason: 'max_tokens' },
      { type: 'usage', usage: { inputTokens: 91, outputTokens: 5 } },
    ]);
  });

  it('falls back to the billed units of stream-end without invocation metrics', () => {
    // Prepare
    const chunks = streamChunks.map(({ 'amazon-bedrock-invocationMetrics': _metrics, ...chunk }) => chunk);

    // Act
    const events = decodeStream(cohereCommandRCodec.createStreamDecoder, chunks);

    // Assess
    expect(events.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 25, outputTokens: 5 } });
  });

  it('ends with an error event, then usage, for finish_reason ERROR', () => {
    // Prepare
    const decode = cohereCommandRCodec.createStreamDecoder();

    // Act
    const events = [
      ...decode({ is_finished: false, event_type: 'text-generation', text: 'partial' }),
      ...decode({ is_finished: true, event_type: 'stream-end', finish_reason: 'ERROR' }),
    ];

    // Assess
    expect(events.map((event) => event.type)).toEqual(['message-start', 'text-delta', 'error', 'usage']);
  });
});
