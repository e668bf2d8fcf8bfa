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
import nativeRequest from './__fixtures__/titan-text/request.json' with { type: 'json' };
import nativeResponse from './__fixtures__/titan-text/response.json' with { type: 'json' };
import streamChunks from './__fixtures__/titan-text/stream.json' with { type: 'json' };
import { buildTitanInputText, titanTextCodec } from './titan-text.js';

const canonicalRequest: GenerateRequest = {
  system: 'You are concise.',
  messages: [userText('Hi'), assistantText('Hello! How can I help?'), userText('Name a colour.')],
  maxTokens: 256,
  temperature: 0.7,
  topP: 0.9,
  stopSequences: ['User:'],
};

function responseWithReason(completionReason: string) {
  return { ...nativeResponse, results: [{ ...nativeResponse.results[0]!, completionReason }] };
}

describe('titanTextCodec.toNativeBody', () => {
  it('writes the fixture body: system paragraph, User/Bot lines, ending with an open Bot:', () => {
    expect(titanTextCodec.toNativeBody(canonicalRequest)).toEqual(nativeRequest);
  });

  it('writes the documented single-turn form without a system prompt', () => {
    expect(buildTitanInputText(promptRequest('What is 2+2?'))).toBe('User: What is 2+2?\nBot:');
  });

  it('leaves an assistant turn at the end open for the model to continue', () => {
    // Act
    const inputText = buildTitanInputText({
      messages: [userText('Count to 3.'), assistantText('1, 2,')],
      maxTokens: 5,
    });

    // Assess
    expect(inputText).toBe('User: Count to 3.\nBot: 1, 2,');
  });

  it('joins consecutive user messages into one User line, a blank line apart', () => {
    expect(buildTitanInputText({ messages: [userText('a'), userText('b')], maxTokens: 5 })).toBe(
      'User: a\n\nb\nBot:',
    );
  });

  it('leaves textGenerationConfig fields the request does not set out of the body', () => {
    expect(titanTextCodec.toNativeBody(promptRequest('hi'))).toStrictEqual({
      inputText: 'User: hi\nBot:',
      textGenerationConfig: { maxTokenCount: 100 },
    });
  });
});

describe('titanTextCodec.checkSupported', () => {
  it.each([['|'], ['|||'], ['User:']])('accepts the stop sequence %j', (stop) => {
    expect(() => titanTextCodec.checkSupported(promptRequest('hi', { stopSequences: [stop] }))).not.toThrow();
  });

  it('rejects a stop sequence Titan does not accept, naming stop', () => {
    // Act
    const act = () => titanTextCodec.checkSupported(promptRequest('hi', { stopSequences: ['Human:'] }));

    // Assess
    expect(act).toThrow(UnsupportedParameterError);
    expect(act).toThrow(
      expect.objectContaining({ param: 'stop', message: expect.stringContaining('"Human:"') }),
    );
  });

  it('rejects more than one stop sequence', () => {
    expect(() =>
      titanTextCodec.checkSupported(promptRequest('hi', { stopSequences: ['|', 'User:'] })),
    ).toThrow(expect.objectContaining({ param: 'stop', message: expect.stringContaining('at most 1') }));
  });

  it('rejects tools with the message telling what to do instead', () => {
    expect(() => titanTextCodec.checkSupported(promptRequest('hi', { tools: [weatherTool] }))).toThrow(
      "Model family 'titan-text' does not support 'tools' through the native InvokeModel API; remove 'tools', or use api 'converse' with a model that supports tool use there.",
    );
  });

  it('rejects a forcing tool choice but accepts none', () => {
    expect(() => titanTextCodec.checkSupported(promptRequest('hi', { toolChoice: { type: 'any' } }))).toThrow(
      expect.objectContaining({ param: 'tool_choice' }),
    );
    expect(() =>
      titanTextCodec.checkSupported(promptRequest('hi', { toolChoice: { type: 'none' } })),
    ).not.toThrow();
  });

  it('rejects tool calls in the history, naming messages', () => {
    // Prepare
    const request: GenerateRequest = {
      messages: [
        userText('weather?'),
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'f', input: {} }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c', content: 'sunny' }] },
      ],
      maxTokens: 10,
    };

    // Act
    const act = () => titanTextCodec.toNativeBody(request);

    // Assess
    expect(act).toThrow(expect.objectContaining({ param: 'messages', code: 'unsupported_parameter' }));
  });

  it('rejects temperature above 1', () => {
    expect(() => titanTextCodec.checkSupported(promptRequest('hi', { temperature: 1.1 }))).toThrow(
      expect.objectContaining({ param: 'temperature' }),
    );
  });
});

describe('titanTextCodec.fromNativeResponse', () => {
  it('reads the output text, stop reason and token counts', () => {
    expect(titanTextCodec.fromNativeResponse(nativeResponse)).toEqual({
      content: [{ type: 'text', text: ' Blue.' }],
      stopReason: 'end_turn',
      usage: { inputTokens: 21, outputTokens: 3 },
    });
  });

  it.each([
    ['FINISH', 'end_turn'],
    ['FINISHED', 'end_turn'],
    ['LENGTH', 'max_tokens'],
    ['STOP_CRITERIA_MET', 'stop_sequence'],
    ['CONTENT_FILTERED', 'content_filtered'],
  ])('maps completionReason %s to %s', (completionReason, expected) => {
    expect(titanTextCodec.fromNativeResponse(responseWithReason(completionReason)).stopReason).toBe(expected);
  });

  it('fails the request for RAG_QUERY_WHEN_RAG_DISABLED', () => {
    expect(() =>
      titanTextCodec.fromNativeResponse(responseWithReason('RAG_QUERY_WHEN_RAG_DISABLED')),
    ).toThrow(expect.objectContaining({ code: 'upstream_generation_failed' }));
  });

  it('throws upstream_malformed_response for a body without results', () => {
    expect(() => titanTextCodec.fromNativeResponse({ inputTextTokenCount: 3, results: [] })).toThrow(
      expect.objectContaining({ code: 'upstream_malformed_response', statusCode: 502 }),
    );
  });
});

describe('titanTextCodec.createStreamDecoder', () => {
  it('decodes the fixture stream: start, text, stop, usage last', () => {
    expect(decodeStream(titanTextCodec.createStreamDecoder, streamChunks)).toEqual([
      { type: 'message-start' },
      { type: 'text-delta', text: ' Bl' },
      { type: 'text-delta', text: 'ue.' },
      { type: 'message-stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 21, outputTokens: 3 } },
    ]);
  });

  it('uses inputTextTokenCount and totalOutputTextTokenCount without invocation metrics', () => {
    // Prepare
    const chunks = [
      {
        outputText: 'a',
        index: 0,
        totalOutputTextTokenCount: 1,
        completionReason: null,
        inputTextTokenCount: 11,
      },
      {
        outputText: 'b',
        index: 0,
        totalOutputTextTokenCount: 2,
        completionReason: 'LENGTH',
        inputTextTokenCount: null,
      },
    ];

    // Act
    const events = decodeStream(titanTextCodec.createStreamDecoder, chunks);

    // Assess
    expect(events.slice(-2)).toEqual([
      { type: 'message-stop', stopReason: 'max_tokens' },
      { type: 'usage', usage: { inputTokens: 11, outputTokens: 2 } },
    ]);
  });
});
