import { readFileSync } from 'node:fs';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../core/errors.js';
import type { AnswerEvent } from '../../core/stream-event.js';
import type { SseMessage } from '../sse-response.js';
import { convertToMessageEvents } from './convert-to-message-events.js';

// biome-ignore lint/suspicious/noExplicitAny: the events are arbitrary JSON
type Json = any;

/** The events of an SSE text, with their data parsed. */
function parseSse(text: string): Array<{ event: string | undefined; data: Json }> {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  parser.feed(text);
  return events.map((event) => ({ event: event.event, data: JSON.parse(event.data) }));
}

async function* fromArray(events: AnswerEvent[]): AsyncGenerator<AnswerEvent> {
  yield* events;
}

async function collect(
  messages: AsyncIterable<SseMessage>,
): Promise<Array<{ event: string | undefined; data: Json }>> {
  const out = [];
  for await (const message of messages) out.push({ event: message.event, data: JSON.parse(message.data) });
  return out;
}

const documented = parseSse(
  readFileSync(new URL('./__fixtures__/stream-tool-use.sse', import.meta.url), 'utf8'),
);

/**
 * The canonical events Bedrock's stream of the documented answer decodes to: the text deltas, then the tool call
 * (Bedrock numbers its content blocks, the tool call is block 1) and its argument pieces, then the stop and usage.
 */
function canonicalEventsOf(stream: typeof documented): AnswerEvent[] {
  const events: AnswerEvent[] = [];
  for (const { data } of stream) {
    if (data.type === 'content_block_start' && data.content_block.type === 'tool_use') {
      events.push({
        type: 'tool-call-start',
        index: data.index,
        toolCallId: data.content_block.id,
        toolName: data.content_block.name,
      });
    }
    if (data.type === 'content_block_delta' && data.delta.type === 'text_delta') {
      events.push({ type: 'text-delta', text: data.delta.text });
    }
    if (
      data.type === 'content_block_delta' &&
      data.delta.type === 'input_json_delta' &&
      data.delta.partial_json
    ) {
      events.push({ type: 'tool-call-delta', index: data.index, inputDelta: data.delta.partial_json });
    }
    if (data.type === 'message_delta') {
      events.push({
        type: 'finish',
        stopReason: data.delta.stop_reason,
        usage: { inputTokens: 472, outputTokens: data.usage.output_tokens },
      });
    }
  }
  return events;
}

function withoutUsage(events: typeof documented) {
  return events.map(({ event, data }) => {
    if (data.type === 'message_start') {
      const { usage: _usage, ...message } = data.message;
      return { event, data: { ...data, message } };
    }
    if (data.type === 'message_delta') {
      const { usage: _usage, ...rest } = data;
      return { event, data: rest };
    }
    return { event, data };
  });
}

describe('convertToMessageEvents', () => {
  it("writes a streamed tool call in exactly the sequence of Anthropic's documented stream", async () => {
    // Prepare
    const start = documented[0]!.data.message;

    // Act
    const written = await collect(
      convertToMessageEvents(fromArray(canonicalEventsOf(documented)), {
        id: start.id,
        model: start.model,
        stopSequences: undefined,
      }),
    );

    // Assess: every event, name and data, as documented; only the usage differs, as below.
    expect(withoutUsage(written)).toEqual(withoutUsage(documented));
    expect(written.map((event) => event.event)).toEqual(documented.map((event) => event.event));
    // Nothing is counted before Bedrock's stream ends, but every field Claude Code reads is there.
    expect(written[0]!.data.message.usage).toEqual({
      input_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: 0,
      output_tokens_details: { thinking_tokens: 0 },
    });
    // The final usage is cumulative, as Anthropic's message_delta usage is.
    expect(written.at(-2)!.data.usage).toMatchObject({ input_tokens: 472, output_tokens: 89 });
  });

  it('streams thinking with its signature just before the block stops, then the text', async () => {
    // Act
    const written = await collect(
      convertToMessageEvents(
        fromArray([
          { type: 'reasoning-delta', text: 'Let me think' },
          { type: 'reasoning-delta', text: ' it over.' },
          { type: 'reasoning-signature', signature: 'c2lnbmVk' },
          { type: 'text-delta', text: 'Yes.' },
          {
            type: 'finish',
            stopReason: 'end_turn',
            usage: { inputTokens: 5, outputTokens: 9, reasoningTokens: 6 },
          },
        ]),
        { id: 'msg_1', model: 'claude-haiku-4-5', stopSequences: undefined },
      ),
    );

    // Assess
    expect(
      written.map(({ event, data }) => [event, data.index, data.delta?.type ?? data.content_block?.type]),
    ).toEqual([
      ['message_start', undefined, undefined],
      ['content_block_start', 0, 'thinking'],
      ['ping', undefined, undefined],
      ['content_block_delta', 0, 'thinking_delta'],
      ['content_block_delta', 0, 'thinking_delta'],
      ['content_block_delta', 0, 'signature_delta'],
      ['content_block_stop', 0, undefined],
      ['content_block_start', 1, 'text'],
      ['content_block_delta', 1, 'text_delta'],
      ['content_block_stop', 1, undefined],
      ['message_delta', undefined, undefined],
      ['message_stop', undefined, undefined],
    ]);
    expect(written[5]!.data.delta).toEqual({ type: 'signature_delta', signature: 'c2lnbmVk' });
    expect(written.at(-2)!.data).toMatchObject({
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 9, output_tokens_details: { thinking_tokens: 6 } },
    });
  });

  it('writes redacted thinking as a whole block, and names the one stop sequence that ended the answer', async () => {
    // Act
    const written = await collect(
      convertToMessageEvents(
        fromArray([
          { type: 'redacted-reasoning', data: 'ZW5jcnlwdGVk' },
          { type: 'text-delta', text: 'one two' },
          { type: 'finish', stopReason: 'stop_sequence', usage: { inputTokens: 5, outputTokens: 2 } },
        ]),
        { id: 'msg_1', model: 'claude-haiku-4-5', stopSequences: ['STOP'] },
      ),
    );

    // Assess
    expect(written[1]!.data).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'redacted_thinking', data: 'ZW5jcnlwdGVk' },
    });
    expect(written[3]!.data).toEqual({ type: 'content_block_stop', index: 0 });
    expect(written.at(-2)!.data.delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'STOP' });
  });

  it('ends a failed stream with one error event in Anthropic shape, and no message_stop', async () => {
    // Act
    const written = await collect(
      convertToMessageEvents(
        fromArray([
          { type: 'text-delta', text: 'Partial' },
          {
            type: 'error',
            error: new UpstreamError(503, 'upstream_unavailable', 'Bedrock is unavailable. Retry later.'),
          },
        ]),
        { id: 'msg_1', model: 'claude-haiku-4-5', stopSequences: undefined },
      ),
    );

    // Assess
    expect(written.at(-1)).toEqual({
      event: 'error',
      data: {
        type: 'error',
        error: { type: 'overloaded_error', message: 'Bedrock is unavailable. Retry later.' },
      },
    });
    expect(written.some((event) => event.event === 'message_stop')).toBe(false);
  });

  it('fails, rather than guessing, when tool arguments come before their tool call', async () => {
    const written = await collect(
      convertToMessageEvents(fromArray([{ type: 'tool-call-delta', index: 3, inputDelta: '{}' }]), {
        id: 'msg_1',
        model: 'claude-haiku-4-5',
        stopSequences: undefined,
      }),
    );
    expect(written.at(-1)!.data.error.type).toBe('api_error');
  });
});
