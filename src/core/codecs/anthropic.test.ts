import { describe, expect, it } from 'vitest';
import { UnsupportedParameterError, UpstreamError } from '../errors.js';
import type { GenerateRequest } from '../generate-request.js';
import nativeRequest from './__fixtures__/anthropic/request.json' with { type: 'json' };
import nativeResponse from './__fixtures__/anthropic/response.json' with { type: 'json' };
import toolUseResponse from './__fixtures__/anthropic/response-tool-use.json' with { type: 'json' };
import streamChunks from './__fixtures__/anthropic/stream.json' with { type: 'json' };
import toolUseStreamChunks from './__fixtures__/anthropic/stream-tool-use.json' with { type: 'json' };
import {
  assistantText,
  decodeStream,
  promptRequest,
  streamedText,
  userText,
  weatherTool,
} from './__fixtures__/canonical-builders.js';
import { anthropicCodec } from './anthropic.js';

const canonicalRequest: GenerateRequest = {
  system: 'You are a weather assistant.',
  messages: [
    userText('What is the weather in Paris?'),
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool-call', toolCallId: 'toolu_bdrk_01', toolName: 'get_weather', input: { city: 'Paris' } },
      ],
    },
    {
      role: 'user',
      content: [{ type: 'tool-result', toolCallId: 'toolu_bdrk_01', content: '18°C and sunny' }],
    },
    userText('Is that warm?'),
  ],
  maxTokens: 512,
  temperature: 0.5,
  topP: 0.9,
  stopSequences: ['\n\nHuman:'],
  tools: [weatherTool],
  toolChoice: { type: 'auto' },
};

describe('anthropicCodec.toNativeBody', () => {
  it('writes the Messages body of the fixture, merging the tool result and the next user text into one turn', () => {
    expect(anthropicCodec.toNativeBody(canonicalRequest)).toEqual(nativeRequest);
  });

  it('leaves out every optional field the request does not set', () => {
    // Act
    const body = anthropicCodec.toNativeBody(promptRequest('hi'));

    // Assess
    expect(body).toStrictEqual({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
  });

  it('marks an error tool result with is_error', () => {
    // Prepare
    const request: GenerateRequest = {
      ...canonicalRequest,
      messages: [
        ...canonicalRequest.messages.slice(0, 2),
        {
          role: 'user',
          content: [{ type: 'tool-result', toolCallId: 'toolu_bdrk_01', content: 'down', isError: true }],
        },
      ],
    };

    // Act
    const body = anthropicCodec.toNativeBody(request) as { messages: Array<{ content: unknown[] }> };

    // Assess
    expect(body.messages[2]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_bdrk_01', content: 'down', is_error: true },
    ]);
  });

  it.each([
    [{ type: 'any' } as const, { type: 'any' }],
    [{ type: 'tool', name: 'get_weather' } as const, { type: 'tool', name: 'get_weather' }],
  ])('writes tool_choice %j as %j', (toolChoice, expected) => {
    const body = anthropicCodec.toNativeBody(promptRequest('hi', { tools: [weatherTool], toolChoice }));
    expect(body.tool_choice).toEqual(expected);
  });

  it("expresses tool_choice 'none' by sending no tools when the history has no tool parts", () => {
    // Act
    const body = anthropicCodec.toNativeBody(
      promptRequest('hi', { tools: [weatherTool], toolChoice: { type: 'none' } }),
    );

    // Assess
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
  });

  it('rejects a conversation that starts with an assistant turn', () => {
    expect(() =>
      anthropicCodec.toNativeBody({ messages: [assistantText('hello'), userText('hi')], maxTokens: 10 }),
    ).toThrow(expect.objectContaining({ code: 'invalid_conversation', param: 'messages' }));
  });
});

describe('anthropicCodec.checkSupported', () => {
  it('accepts tools, tool choice, stop sequences and in-range sampling', () => {
    expect(() => anthropicCodec.checkSupported(canonicalRequest)).not.toThrow();
  });

  it.each([
    ['temperature', { temperature: 1.5 }],
    ['top_p', { topP: 1.2 }],
  ])('rejects %s out of 0..1, naming the parameter', (param, overrides) => {
    // Act
    const act = () => anthropicCodec.checkSupported(promptRequest('hi', overrides));

    // Assess
    expect(act).toThrow(UnsupportedParameterError);
    expect(act).toThrow(expect.objectContaining({ param, code: 'unsupported_parameter' }));
  });
});

describe('anthropicCodec.fromNativeResponse', () => {
  it('reads text, the stop reason and usage', () => {
    expect(anthropicCodec.fromNativeResponse(nativeResponse)).toEqual({
      content: [{ type: 'text', text: 'Yes, 18°C is pleasantly warm.' }],
      stopReason: 'end_turn',
      usage: { inputTokens: 412, outputTokens: 14 },
    });
  });

  it('reads tool_use blocks as tool calls', () => {
    expect(anthropicCodec.fromNativeResponse(toolUseResponse)).toEqual({
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool-call', toolCallId: 'toolu_bdrk_01', toolName: 'get_weather', input: { city: 'Paris' } },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 380, outputTokens: 52 },
    });
  });

  it.each([
    ['end_turn', 'end_turn'],
    ['max_tokens', 'max_tokens'],
    ['stop_sequence', 'stop_sequence'],
    ['tool_use', 'tool_use'],
    ['refusal', 'content_filtered'],
  ])('maps stop_reason %s to %s', (nativeReason, expected) => {
    const result = anthropicCodec.fromNativeResponse({ ...nativeResponse, stop_reason: nativeReason });
    expect(result.stopReason).toBe(expected);
  });

  it('skips content blocks of unknown types', () => {
    // Prepare
    const body = {
      ...nativeResponse,
      content: [{ type: 'thinking', thinking: '...' }, ...nativeResponse.content],
    };

    // Act
    const result = anthropicCodec.fromNativeResponse(body);

    // Assess
    expect(result.content).toEqual([{ type: 'text', text: 'Yes, 18°C is pleasantly warm.' }]);
  });

  it('uses the header usage when the body has none', () => {
    // Prepare
    const { usage: _usage, ...body } = nativeResponse;

    // Act
    const result = anthropicCodec.fromNativeResponse(body, { inputTokens: 7, outputTokens: 8 });

    // Assess
    expect(result.usage).toEqual({ inputTokens: 7, outputTokens: 8 });
  });

  it.each([
    ['a body without content', { stop_reason: 'end_turn' }],
    ['a text block without text', { content: [{ type: 'text' }] }],
    ['a tool_use block without id', { content: [{ type: 'tool_use', name: 'f', input: {} }] }],
  ])('throws a 502 upstream_malformed_response for %s', (_case, body) => {
    const act = () => anthropicCodec.fromNativeResponse(body);
    expect(act).toThrow(UpstreamError);
    expect(act).toThrow(expect.objectContaining({ statusCode: 502, code: 'upstream_malformed_response' }));
  });
});

describe('anthropicCodec.createStreamDecoder', () => {
  it('decodes a text stream: start, deltas, stop, then usage from the invocation metrics, last', () => {
    // Act
    const events = decodeStream(anthropicCodec.createStreamDecoder, streamChunks);

    // Assess
    expect(events).toEqual([
      { type: 'message-start' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ', world' },
      { type: 'message-stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 25, outputTokens: 5 } },
    ]);
  });

  it('decodes a tool call: start with id and name, then the JSON argument pieces', () => {
    // Act
    const events = decodeStream(anthropicCodec.createStreamDecoder, toolUseStreamChunks);

    // Assess
    expect(streamedText(events)).toBe('Let me check.');
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 1, toolCallId: 'toolu_bdrk_01', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 1, inputDelta: '{"city": ' },
      { type: 'tool-call-delta', index: 1, inputDelta: '"Paris"}' },
    ]);
    expect(events.slice(-2)).toEqual([
      { type: 'message-stop', stopReason: 'tool_use' },
      { type: 'usage', usage: { inputTokens: 380, outputTokens: 52 } },
    ]);
  });

  it("falls back to the stream's own token counts when the last chunk has no invocation metrics", () => {
    // Prepare
    const chunks = streamChunks.map((chunk) =>
      chunk.type === 'message_stop' ? { type: 'message_stop' } : chunk,
    );

    // Act
    const events = decodeStream(anthropicCodec.createStreamDecoder, chunks);

    // Assess
    expect(events.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 25, outputTokens: 5 } });
    expect(events.filter((event) => event.type === 'usage')).toHaveLength(1);
  });

  it('throws a 502 for a tool_use block start without an id', () => {
    // Prepare
    const decode = anthropicCodec.createStreamDecoder();

    // Act
    const act = () =>
      decode({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', name: 'f' } });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'upstream_malformed_response' }));
  });
});
