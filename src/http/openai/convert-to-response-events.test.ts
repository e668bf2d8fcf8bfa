import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { createAnswerStream } from '../pipeline/create-answer-stream.js';
import { convertToResponseEvents, type ResponseEventOptions } from './convert-to-response-events.js';
import { describeResponseSettings } from './create-response-object.js';
import { decodeReasoningContent } from './encode-reasoning-content.js';

const options: ResponseEventOptions = {
  id: 'resp_r1',
  createdAt: 1_700_000_000,
  model: 'claude-haiku',
  serviceTier: 'default',
  settings: describeResponseSettings({ model: 'claude-haiku', input: 'Hi' }, 1000),
  includeReasoningContent: true,
  requestId: 'r1',
};

async function* fromArray(events: StreamEvent[]): AsyncGenerator<StreamEvent> {
  for (const event of events) yield event;
}

/** Upstream events as the pipeline hands them to a route: content, then one finish or error. */
function answerOf(events: StreamEvent[]) {
  return createAnswerStream(fromArray(events), {
    cutoff: new AbortController().signal,
    onEnd: () => {},
    estimateUsage: () => ({ inputTokens: 0, outputTokens: 0 }),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary event JSON
async function collect(events: StreamEvent[], overrides: Partial<ResponseEventOptions> = {}): Promise<any[]> {
  const parsed = [];
  for await (const message of convertToResponseEvents(answerOf(events), { ...options, ...overrides })) {
    const data = JSON.parse(message.data);
    expect(message.event).toBe(data.type);
    parsed.push(data);
  }
  return parsed;
}

function ending(stopReason: 'end_turn' | 'max_tokens' | 'tool_use' | 'guardrail_intervened'): StreamEvent[] {
  return [
    { type: 'message-stop', stopReason },
    { type: 'usage', usage: { inputTokens: 5, outputTokens: 9 } },
  ];
}

describe('convertToResponseEvents', () => {
  it('sends the lifecycle, a message with its text deltas, and completed with the output and usage', async () => {
    // Act
    const events = await collect([
      { type: 'message-start' },
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: '' },
      { type: 'text-delta', text: 'lo' },
      ...ending('end_turn'),
    ]);

    // Assess
    const message = { type: 'message', id: 'msg_r1_0', role: 'assistant' };
    const part = { type: 'output_text', text: 'Hello', annotations: [], logprobs: [] };
    const at = { item_id: 'msg_r1_0', output_index: 0 };
    expect(events.map(({ response: _response, ...event }) => event)).toEqual([
      { type: 'response.created', sequence_number: 0 },
      { type: 'response.in_progress', sequence_number: 1 },
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { ...message, status: 'in_progress', content: [] },
        sequence_number: 2,
      },
      {
        type: 'response.content_part.added',
        ...at,
        content_index: 0,
        part: { ...part, text: '' },
        sequence_number: 3,
      },
      {
        type: 'response.output_text.delta',
        ...at,
        content_index: 0,
        delta: 'Hel',
        logprobs: [],
        sequence_number: 4,
      },
      {
        type: 'response.output_text.delta',
        ...at,
        content_index: 0,
        delta: 'lo',
        logprobs: [],
        sequence_number: 5,
      },
      {
        type: 'response.output_text.done',
        ...at,
        content_index: 0,
        text: 'Hello',
        logprobs: [],
        sequence_number: 6,
      },
      { type: 'response.content_part.done', ...at, content_index: 0, part, sequence_number: 7 },
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { ...message, status: 'completed', content: [part] },
        sequence_number: 8,
      },
      { type: 'response.completed', sequence_number: 9 },
    ]);
    expect(events[0].response).toMatchObject({
      id: 'resp_r1',
      status: 'in_progress',
      output: [],
      usage: null,
    });
    expect(events.at(-1).response).toMatchObject({
      status: 'completed',
      output: [{ ...message, status: 'completed', content: [part] }],
      usage: { input_tokens: 5, output_tokens: 9, total_tokens: 14 },
    });
  });

  it('streams a signed reasoning block as summary events, its block in output_item.done, before the message', async () => {
    // Act
    const events = await collect([
      { type: 'message-start' },
      { type: 'reasoning-delta', text: 'Think' },
      { type: 'reasoning-delta', text: 'ing' },
      { type: 'reasoning-signature', signature: 'sig-1' },
      { type: 'text-delta', text: 'Answer' },
      ...ending('end_turn'),
    ]);

    // Assess
    expect(events.slice(2, 9).map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    expect(events[2].item).toEqual({ type: 'reasoning', id: 'rs_r1_0', summary: [] });
    const done = events[8].item;
    expect(done).toMatchObject({ id: 'rs_r1_0', summary: [{ type: 'summary_text', text: 'Thinking' }] });
    expect(decodeReasoningContent(done.encrypted_content, 'x')).toEqual({
      type: 'reasoning',
      text: 'Thinking',
      signature: 'sig-1',
    });
    expect(events[9]).toMatchObject({
      type: 'response.output_item.added',
      output_index: 1,
      item: { id: 'msg_r1_1' },
    });
    expect(events.at(-1).response.output.map((item: { type: string }) => item.type)).toEqual([
      'reasoning',
      'message',
    ]);
  });

  it('leaves encrypted_content out unless it was included', async () => {
    // Act
    const events = await collect(
      [
        { type: 'message-start' },
        { type: 'reasoning-delta', text: 'Think' },
        { type: 'reasoning-signature', signature: 'sig-1' },
        ...ending('end_turn'),
      ],
      { includeReasoningContent: false },
    );

    // Assess
    expect(events.at(-1).response.output).toEqual([
      { type: 'reasoning', id: 'rs_r1_0', summary: [{ type: 'summary_text', text: 'Think' }] },
    ]);
  });

  it('sends a redacted block, or a signature without text, as a reasoning item without summary parts', async () => {
    // Act
    const events = await collect([
      { type: 'message-start' },
      { type: 'redacted-reasoning', data: 'c2VjcmV0' },
      { type: 'reasoning-signature', signature: 'sig-2' },
      ...ending('end_turn'),
    ]);

    // Assess
    expect(events.slice(2, -1).map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_item.done',
    ]);
    const [redacted, empty] = events.at(-1).response.output;
    expect(redacted.summary).toEqual([]);
    expect(decodeReasoningContent(redacted.encrypted_content, 'x')).toEqual({
      type: 'redacted-reasoning',
      data: 'c2VjcmV0',
    });
    expect(empty.summary).toEqual([]);
    expect(decodeReasoningContent(empty.encrypted_content, 'x')).toEqual({
      type: 'reasoning',
      text: '',
      signature: 'sig-2',
    });
  });

  it('ends unsigned reasoning (gpt-oss, DeepSeek) when the answer begins', async () => {
    // Act
    const events = await collect([
      { type: 'message-start' },
      { type: 'reasoning-delta', text: 'Hmm' },
      { type: 'text-delta', text: 'Yes' },
      ...ending('end_turn'),
    ]);

    // Assess
    const [reasoning, message] = events.at(-1).response.output;
    expect(decodeReasoningContent(reasoning.encrypted_content, 'x')).toEqual({
      type: 'reasoning',
      text: 'Hmm',
    });
    expect(message.content[0].text).toBe('Yes');
  });

  it('streams function calls as items with argument deltas, an empty one as {}', async () => {
    // Act
    const events = await collect([
      { type: 'message-start' },
      { type: 'text-delta', text: 'Checking.' },
      { type: 'tool-call-start', index: 1, toolCallId: 'tooluse_a', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 1, inputDelta: '{"city":' },
      { type: 'tool-call-delta', index: 1, inputDelta: '"Paris"}' },
      { type: 'tool-call-start', index: 2, toolCallId: 'tooluse_b', toolName: 'get_time' },
      ...ending('tool_use'),
    ]);

    // Assess
    const calls = events.filter((event) => event.type.startsWith('response.function_call_arguments'));
    expect(calls).toEqual([
      expect.objectContaining({
        type: 'response.function_call_arguments.delta',
        item_id: 'fc_r1_1',
        delta: '{"city":',
      }),
      expect.objectContaining({
        type: 'response.function_call_arguments.delta',
        item_id: 'fc_r1_1',
        delta: '"Paris"}',
      }),
      expect.objectContaining({
        type: 'response.function_call_arguments.done',
        item_id: 'fc_r1_1',
        output_index: 1,
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      }),
      expect.objectContaining({
        type: 'response.function_call_arguments.done',
        item_id: 'fc_r1_2',
        arguments: '{}',
      }),
    ]);
    expect(
      events.find((event) => event.type === 'response.output_item.added' && event.output_index === 1).item,
    ).toEqual({
      type: 'function_call',
      id: 'fc_r1_1',
      call_id: 'tooluse_a',
      name: 'get_weather',
      arguments: '',
      status: 'in_progress',
    });
    expect(events.at(-1)).toMatchObject({ type: 'response.completed' });
    expect(events.at(-1).response.output.map((item: { id: string }) => item.id)).toEqual([
      'msg_r1_0',
      'fc_r1_1',
      'fc_r1_2',
    ]);
  });

  it('ends with response.incomplete, the open item incomplete, when the budget runs out', async () => {
    // Act
    const events = await collect([
      { type: 'message-start' },
      { type: 'text-delta', text: 'Long' },
      ...ending('max_tokens'),
    ]);

    // Assess
    expect(events.at(-2)).toMatchObject({
      type: 'response.output_item.done',
      item: { status: 'incomplete' },
    });
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
  });

  it('reports a guardrail that intervened as incomplete for content_filter', async () => {
    // Act
    const events = await collect([
      { type: 'message-start' },
      { type: 'text-delta', text: 'Sorry.' },
      ...ending('guardrail_intervened'),
    ]);

    // Assess
    expect(events.at(-1).response.incomplete_details).toEqual({ reason: 'content_filter' });
  });

  it('ends with one error event, flat and nested, and nothing after it, when the stream fails', async () => {
    // Prepare
    const error = new UpstreamError(502, 'model_stream_error', 'The model stream failed.');

    // Act
    const events = await collect([
      { type: 'message-start' },
      { type: 'text-delta', text: 'Hel' },
      { type: 'error', error },
    ]);

    // Assess
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'model_stream_error',
      message: 'The model stream failed.',
      param: null,
      error: {
        type: 'api_error',
        code: 'model_stream_error',
        message: 'The model stream failed.',
        param: null,
        request_id: 'r1',
      },
      sequence_number: events.length - 1,
    });
    expect(events.some((event) => event.type === 'response.completed')).toBe(false);
  });

  it('fails the stream when Bedrock sends tool arguments outside their tool call', async () => {
    // Act
    const events = await collect([
      { type: 'message-start' },
      { type: 'tool-call-start', index: 1, toolCallId: 'tooluse_a', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 2, inputDelta: '{}' },
      ...ending('tool_use'),
    ]);

    // Assess
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_malformed_response' });
  });
});
