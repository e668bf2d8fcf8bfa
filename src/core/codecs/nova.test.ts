import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../generate-request.js';
import {
  catalogueModel,
  decodeStream,
  PDF_BYTES,
  PNG_BYTES,
  promptRequest,
  REDACTED_REASONING_DATA,
  streamedText,
  userText,
  weatherTool,
} from './__fixtures__/canonical-builders.js';
import nativeRequest from './__fixtures__/nova/request.json' with { type: 'json' };
import featuresRequest from './__fixtures__/nova/request-features.json' with { type: 'json' };
import nativeResponse from './__fixtures__/nova/response.json' with { type: 'json' };
import reasoningResponse from './__fixtures__/nova/response-reasoning.json' with { type: 'json' };
import toolUseResponse from './__fixtures__/nova/response-tool-use.json' with { type: 'json' };
import streamChunks from './__fixtures__/nova/stream.json' with { type: 'json' };
import reasoningStreamChunks from './__fixtures__/nova/stream-reasoning.json' with { type: 'json' };
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

const NOVA_2_LITE = catalogueModel('nova-2-lite');

/** An image, cache points, Nova 2 reasoning sent back and asked for, a guardrail and a tier (headers, not body). */
const featuresCanonicalRequest: GenerateRequest = {
  system: 'You describe photos of cities.',
  cachePoints: { system: { type: 'cache-point' } },
  messages: [
    {
      role: 'user',
      content: [
        { type: 'image', format: 'png', data: PNG_BYTES },
        { type: 'cache-point' },
        { type: 'text', text: 'Which city is this, and what is its weather?' },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: '[REDACTED]' },
        { type: 'redacted-reasoning', data: REDACTED_REASONING_DATA },
        { type: 'tool-call', toolCallId: 'tooluse_02', toolName: 'get_weather', input: { city: 'Paris' } },
      ],
    },
    { role: 'user', content: [{ type: 'tool-result', toolCallId: 'tooluse_02', content: '18°C and sunny' }] },
  ],
  maxTokens: 2000,
  tools: [weatherTool],
  reasoning: { effort: 'medium' },
  guardrail: { identifier: 'gr1', version: '1' },
  serviceTier: 'flex',
};

describe('novaCodec.toNativeBody with images, cache points and reasoning', () => {
  it('writes the fixture body: base64 bytes, cachePoint blocks, reasoningConfig at the top level, no guardrail or tier', () => {
    expect(novaCodec.toNativeBody(featuresCanonicalRequest, { model: NOVA_2_LITE })).toEqual(featuresRequest);
  });

  it('refuses reasoning for a Nova that does not reason, naming the model', () => {
    // Act
    const act = () =>
      novaCodec.toNativeBody(promptRequest('hi', { reasoning: { effort: 'low' } }), {
        model: catalogueModel('nova-pro'),
      });

    // Assess
    expect(act).toThrow(expect.objectContaining({ param: 'reasoning', code: 'unsupported_parameter' }));
    expect(act).toThrow(/nova-pro/);
  });

  it('refuses documents, which Nova takes through Converse only', () => {
    // Prepare
    const request = promptRequest('hi', {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', format: 'pdf', name: 'Report', data: PDF_BYTES },
            { type: 'text', text: 'Summarise.' },
          ],
        },
      ],
    });

    // Act
    const act = () => novaCodec.checkSupported(request, { model: catalogueModel('nova-pro') });

    // Assess
    expect(act).toThrow(
      "Model 'nova-pro' (family 'nova') does not support documents through the native InvokeModel API; use api 'converse'.",
    );
  });

  it('refuses a cache point after the tool definitions, which Nova does not cache', () => {
    expect(() =>
      novaCodec.checkSupported(
        promptRequest('hi', { tools: [weatherTool], cachePoints: { tools: { type: 'cache-point' } } }),
      ),
    ).toThrow(expect.objectContaining({ param: 'cache_control' }));
  });

  it('refuses structured output, which Nova does not take', () => {
    expect(() =>
      novaCodec.checkSupported(
        promptRequest('hi', { outputFormat: { type: 'json-schema', schema: { type: 'object' } } }),
      ),
    ).toThrow(expect.objectContaining({ param: 'response_format' }));
  });
});

describe('novaCodec reading reasoning and cache usage', () => {
  it('reads redacted reasoning text and the cache counts under their native names', () => {
    expect(novaCodec.fromNativeResponse(reasoningResponse)).toEqual({
      content: [
        { type: 'reasoning', text: '[REDACTED]' },
        { type: 'text', text: 'This is Paris, where it is 18°C and sunny.' },
      ],
      stopReason: 'end_turn',
      usage: { inputTokens: 310, outputTokens: 142, cacheReadTokens: 2200 },
    });
  });

  it('streams reasoning deltas and reports the cache write of the metadata', () => {
    // Act
    const events = decodeStream(novaCodec.createStreamDecoder, reasoningStreamChunks);

    // Assess
    expect(events).toEqual([
      { type: 'message-start' },
      { type: 'reasoning-delta', text: '[REDACTED]' },
      { type: 'text-delta', text: 'This is Paris,' },
      { type: 'text-delta', text: ' 18°C and sunny.' },
      { type: 'message-stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 310, outputTokens: 142, cacheWriteTokens: 2200 } },
    ]);
  });

  it('takes the cache counts of the invocation metrics when the last chunk has no metadata', () => {
    // Prepare
    const chunks = [
      ...reasoningStreamChunks.slice(0, -1),
      {
        'amazon-bedrock-invocationMetrics': {
          inputTokenCount: 310,
          outputTokenCount: 142,
          cacheReadInputTokenCount: 1500,
          cacheWriteInputTokenCount: 0,
        },
      },
    ];

    // Act
    const events = decodeStream(novaCodec.createStreamDecoder, chunks);

    // Assess
    expect(events.at(-1)).toEqual({
      type: 'usage',
      usage: { inputTokens: 310, outputTokens: 142, cacheReadTokens: 1500 },
    });
  });
});
