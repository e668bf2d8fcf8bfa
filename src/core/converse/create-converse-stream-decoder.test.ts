import { describe, expect, it } from 'vitest';
import { decodeStream, streamedText } from '../codecs/__fixtures__/canonical-builders.js';
import streamEvents from './__fixtures__/stream.json' with { type: 'json' };
import toolUseStreamEvents from './__fixtures__/stream-tool-use.json' with { type: 'json' };
import { createConverseStreamDecoder } from './create-converse-stream-decoder.js';

describe('createConverseStreamDecoder', () => {
  it('decodes a text stream: start, deltas, stop, usage last', () => {
    expect(decodeStream(createConverseStreamDecoder, streamEvents)).toEqual([
      { type: 'message-start' },
      { type: 'text-delta', text: 'Paris: ' },
      { type: 'text-delta', text: '18°C.' },
      { type: 'message-stop', stopReason: 'max_tokens' },
      { type: 'usage', usage: { inputTokens: 30, outputTokens: 4 } },
    ]);
  });

  it('decodes a tool call and skips reasoning deltas', () => {
    // Act
    const events = decodeStream(createConverseStreamDecoder, toolUseStreamEvents);

    // Assess
    expect(streamedText(events)).toBe('Let me check.');
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 1, toolCallId: 'tooluse_01', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 1, inputDelta: '{"city":' },
      { type: 'tool-call-delta', index: 1, inputDelta: '"Paris"}' },
    ]);
    expect(events.slice(-2).map((event) => event.type)).toEqual(['message-stop', 'usage']);
  });

  it('still emits usage last when metadata arrives before messageStop', () => {
    // Prepare
    const [start, first, second, blockStop, messageStop, metadata] = streamEvents;

    // Act
    const events = decodeStream(createConverseStreamDecoder, [
      start,
      first,
      second,
      blockStop,
      metadata,
      messageStop,
    ]);

    // Assess
    expect(events.slice(-2)).toEqual([
      { type: 'message-stop', stopReason: 'max_tokens' },
      { type: 'usage', usage: { inputTokens: 30, outputTokens: 4 } },
    ]);
  });

  it('emits an error event instead of message-stop for malformed_tool_use', () => {
    // Prepare
    const decode = createConverseStreamDecoder();

    // Act
    const events = [
      ...decode({ messageStart: { role: 'assistant' } }),
      ...decode({ messageStop: { stopReason: 'malformed_tool_use' } }),
      ...decode({ metadata: { usage: { inputTokens: 3, outputTokens: 1 } } }),
    ];

    // Assess
    expect(events.map((event) => event.type)).toEqual(['message-start', 'error', 'usage']);
    expect(events[1]).toMatchObject({ error: { code: 'upstream_generation_failed' } });
  });

  it('ignores unknown members and padding', () => {
    // Prepare
    const decode = createConverseStreamDecoder();
    decode({ messageStart: { role: 'assistant' } });

    // Act
    const events = decode({ somethingNew: { a: 1 }, p: 'abcdef' });

    // Assess
    expect(events).toEqual([]);
  });

  it('throws a 502 for a delta without a block index', () => {
    // Prepare
    const decode = createConverseStreamDecoder();

    // Act
    const act = () => decode({ contentBlockDelta: { delta: { text: 'x' } } });

    // Assess
    expect(act).toThrow(expect.objectContaining({ statusCode: 502, code: 'upstream_malformed_response' }));
  });
});
