import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../errors.js';
import converseResponse from './__fixtures__/response.json' with { type: 'json' };
import toolUseResponse from './__fixtures__/response-tool-use.json' with { type: 'json' };
import { convertFromConverseResponse } from './convert-from-converse-response.js';

describe('convertFromConverseResponse', () => {
  it('reads the text answer, stop reason and usage', () => {
    expect(convertFromConverseResponse(converseResponse)).toEqual({
      content: [{ type: 'text', text: 'Paris: 18°C and sunny.' }],
      stopReason: 'end_turn',
      usage: { inputTokens: 30, outputTokens: 9 },
    });
  });

  it('reads reasoning with its signature, and toolUse blocks as tool calls', () => {
    expect(convertFromConverseResponse(toolUseResponse)).toEqual({
      content: [
        { type: 'reasoning', text: 'The user wants weather.', signature: 'c2ln' },
        { type: 'text', text: 'Let me check.' },
        { type: 'tool-call', toolCallId: 'tooluse_01', toolName: 'get_weather', input: { city: 'Paris' } },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 80, outputTokens: 40 },
    });
  });

  it('reads redacted reasoning, as the SDK gives it (bytes) or as JSON does (base64)', () => {
    const redacted = (redactedContent: unknown) => ({
      ...converseResponse,
      output: {
        message: { role: 'assistant', content: [{ reasoningContent: { redactedContent } }, { text: 'Hi' }] },
      },
    });
    expect(convertFromConverseResponse(redacted(new Uint8Array([1, 2, 3]))).content[0]).toEqual({
      type: 'redacted-reasoning',
      data: 'AQID',
    });
    expect(convertFromConverseResponse(redacted('AQID')).content[0]).toEqual({
      type: 'redacted-reasoning',
      data: 'AQID',
    });
  });

  it('reads cache reads and writes, with the 1-hour writes apart', () => {
    // Act
    const result = convertFromConverseResponse({
      ...converseResponse,
      usage: {
        inputTokens: 10,
        outputTokens: 5,
        totalTokens: 2_015,
        cacheReadInputTokens: 1_500,
        cacheWriteInputTokens: 500,
        cacheDetails: [
          { ttl: '5m', inputTokens: 300 },
          { ttl: '1h', inputTokens: 200 },
        ],
      },
    });

    // Assess
    expect(result.usage).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 1_500,
      cacheWriteTokens: 500,
      cacheWrite1hTokens: 200,
    });
  });

  it.each([
    ['end_turn', 'end_turn'],
    ['tool_use', 'tool_use'],
    ['max_tokens', 'max_tokens'],
    ['stop_sequence', 'stop_sequence'],
    ['guardrail_intervened', 'guardrail_intervened'],
    ['content_filtered', 'content_filtered'],
    ['model_context_window_exceeded', 'max_tokens'],
  ])('maps stopReason %s to %s', (stopReason, expected) => {
    expect(convertFromConverseResponse({ ...converseResponse, stopReason }).stopReason).toBe(expected);
  });

  it.each(['malformed_model_output', 'malformed_tool_use'])(
    'fails with a 502 upstream_generation_failed for stopReason %s',
    (stopReason) => {
      // Act
      const act = () => convertFromConverseResponse({ ...converseResponse, stopReason });

      // Assess
      expect(act).toThrow(UpstreamError);
      expect(act).toThrow(expect.objectContaining({ statusCode: 502, code: 'upstream_generation_failed' }));
    },
  );

  it('uses the header usage when the body has none', () => {
    // Prepare
    const { usage: _usage, ...body } = converseResponse;

    // Act
    const result = convertFromConverseResponse(body, { inputTokens: 1, outputTokens: 2 });

    // Assess
    expect(result.usage).toEqual({ inputTokens: 1, outputTokens: 2 });
  });

  it.each([
    ['a body without output', { stopReason: 'end_turn' }],
    [
      'a text block that is not a string',
      { output: { message: { role: 'assistant', content: [{ text: 3 }] } } },
    ],
    [
      'a toolUse block without a name',
      { output: { message: { role: 'assistant', content: [{ toolUse: { toolUseId: 't', input: {} } }] } } },
    ],
  ])('throws a 502 upstream_malformed_response for %s', (_case, body) => {
    expect(() => convertFromConverseResponse(body)).toThrow(
      expect.objectContaining({ statusCode: 502, code: 'upstream_malformed_response' }),
    );
  });
});
