import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../generate-request.js';
import {
  decodeStream,
  promptRequest,
  streamedText,
  userText,
  weatherTool,
} from './__fixtures__/canonical-builders.js';
import nativeRequest from './__fixtures__/nova/request.json' with { type: 'json' };
import nativeResponse from './__fixtures__/nova/response.json' with { type: 'json' };
import toolUseResponse from './__fixtures__/nova/response-tool-use.json' with { type: 'json' };
import streamChunks from './__fixtures__/nova/stream.json' with { type: 'json' };
import toolUseStreamChunks from './__fixtures__/nova/stream-tool-use.json' with { type: 'json' };
import { novaCodec } from './nova.js';

const canonicalRequest: GenerateRequest = {
  system: 'You are a weather assistant.',
  messages: [
    userText('What is the weather in Paris?'),
    {
      role: 'assistant',
      content: [
        { type: 'tool-call', toolCallId: 'tooluse_01', toolName: 'get_weather', input: { city: 'Paris' } },
      ],
    },
    { role: 'user', content: [{ type: 'tool-result', toolCallId: 'tooluse_01', content: '18°C and sunny' }] },
  ],
  maxTokens: 300,
  temperature: 0.3,
  topP: 0.9,
  stopSequences: ['END'],
  tools: [weatherTool],
  toolChoice: { type: 'auto' },
};

describe('novaCodec.toNativeBody', () => {
  it('writes the fixture body: messages-v1 with system, tool blocks, inferenceConfig and toolConfig', () => {
    expect(novaCodec.toNativeBody(canonicalRequest)).toEqual(nativeRequest);
  });

  it('rejects temperature above 1 before writing anything', () => {
    expect(() => novaCodec.toNativeBody(promptRequest('hi', { temperature: 2 }))).toThrow(
      expect.objectContaining({ param: 'temperature', code: 'unsupported_parameter' }),
    );
  });
});

describe('novaCodec.fromNativeResponse', () => {
  it('reads the text answer and usage', () => {
    expect(novaCodec.fromNativeResponse(nativeResponse)).toEqual({
      content: [{ type: 'text', text: 'It is 18°C and sunny in Paris.' }],
      stopReason: 'end_turn',
      usage: { inputTokens: 120, outputTokens: 12 },
    });
  });

  it('reads a tool call', () => {
    expect(novaCodec.fromNativeResponse(toolUseResponse)).toEqual({
      content: [
        { type: 'text', text: '<thinking>I need the weather tool.</thinking>' },
        { type: 'tool-call', toolCallId: 'tooluse_01', toolName: 'get_weather', input: { city: 'Paris' } },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 95, outputTokens: 30 },
    });
  });
});

describe('novaCodec.createStreamDecoder', () => {
  it('decodes the fixture text stream with one usage, last', () => {
    expect(decodeStream(novaCodec.createStreamDecoder, streamChunks)).toEqual([
      { type: 'message-start' },
      { type: 'text-delta', text: 'It is' },
      { type: 'text-delta', text: ' sunny.' },
      { type: 'message-stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 120, outputTokens: 5 } },
    ]);
  });

  it('decodes a tool call started by contentBlockStart and filled by toolUse input deltas', () => {
    // Act
    const events = decodeStream(novaCodec.createStreamDecoder, toolUseStreamChunks);

    // Assess
    expect(streamedText(events)).toBe('<thinking>Weather tool.</thinking>');
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 1, toolCallId: 'tooluse_01', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 1, inputDelta: '{"city":"Paris"}' },
    ]);
    expect(events.at(-2)).toEqual({ type: 'message-stop', stopReason: 'tool_use' });
  });

  it('takes usage from the invocation metrics when the last chunk has no metadata', () => {
    // Prepare
    const chunks = [
      ...streamChunks.slice(0, -1),
      { 'amazon-bedrock-invocationMetrics': { inputTokenCount: 9, outputTokenCount: 4 } },
    ];

    // Act
    const events = decodeStream(novaCodec.createStreamDecoder, chunks);

    // Assess
    expect(events.filter((event) => event.type === 'usage')).toEqual([
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 4 } },
    ]);
    expect(events.at(-1)?.type).toBe('usage');
  });
});
