import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { createAnswerStream } from '../pipeline/create-answer-stream.js';
import type { SseMessage } from '../sse-response.js';
import { type ChatChunkOptions, convertToChatChunks } from './convert-to-chat-chunks.js';

const options: ChatChunkOptions = {
  id: 'chatcmpl-r1',
  created: 1_700_000_000,
  model: 'claude-haiku',
  serviceTier: 'default',
  includeUsage: false,
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

async function collect(
  events: StreamEvent[],
  overrides: Partial<ChatChunkOptions> = {},
): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  for await (const message of convertToChatChunks(answerOf(events), { ...options, ...overrides }))
    messages.push(message);
  return messages;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary chunk JSON
function parse(messages: SseMessage[]): any[] {
  return messages.map((message) => (message.data === '[DONE]' ? '[DONE]' : JSON.parse(message.data)));
}

const textEvents: StreamEvent[] = [
  { type: 'message-start' },
  { type: 'text-delta', text: 'Hel' },
  { type: 'text-delta', text: 'lo' },
  { type: 'message-stop', stopReason: 'end_turn' },
  { type: 'usage', usage: { inputTokens: 5, outputTokens: 2 } },
];

describe('convertToChatChunks', () => {
  it('sends the role chunk, content deltas, the finish chunk and [DONE], without event names', async () => {
    // Act
    const messages = await collect(textEvents);

    // Assess
    expect(messages.every((message) => message.event === undefined)).toBe(true);
    const chunks = parse(messages);
    const base = {
      id: 'chatcmpl-r1',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'claude-haiku',
      system_fingerprint: null,
      service_tier: 'default',
    };
    expect(chunks).toEqual([
      {
        ...base,
        choices: [
          { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
        ],
      },
      { ...base, choices: [{ index: 0, delta: { content: 'Hel' }, logprobs: null, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: 'lo' }, logprobs: null, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] },
      '[DONE]',
    ]);
  });

  it('with includeUsage, puts usage: null on every chunk and adds a usage chunk with no choices before [DONE]', async () => {
    // Act
    const chunks = parse(await collect(textEvents, { includeUsage: true }));

    // Assess
    expect(chunks.at(-1)).toBe('[DONE]');
    expect(chunks.at(-2)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 2,
        total_tokens: 7,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(chunks.slice(0, -2).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('numbers tool calls from 0 in start order, whatever their content-block index', async () => {
    // Act
    const chunks = parse(
      await collect([
        { type: 'message-start' },
        { type: 'text-delta', text: 'Checking.' },
        { type: 'tool-call-start', index: 1, toolCallId: 'tooluse_a', toolName: 'get_weather' },
        { type: 'tool-call-delta', index: 1, inputDelta: '{"city":' },
        { type: 'tool-call-delta', index: 1, inputDelta: '"Paris"}' },
        { type: 'tool-call-start', index: 2, toolCallId: 'tooluse_b', toolName: 'get_time' },
        { type: 'tool-call-delta', index: 2, inputDelta: '{}' },
        { type: 'message-stop', stopReason: 'tool_use' },
        { type: 'usage', usage: { inputTokens: 5, outputTokens: 9 } },
      ]),
    );

    // Assess
    const toolDeltas = chunks
      .filter((chunk) => chunk !== '[DONE]' && chunk.choices[0]?.delta.tool_calls)
      .map((chunk) => chunk.choices[0].delta.tool_calls);
    expect(toolDeltas).toEqual([
      [{ index: 0, id: 'tooluse_a', type: 'function', function: { name: 'get_weather', arguments: '' } }],
      [{ index: 0, function: { arguments: '{"city":' } }],
      [{ index: 0, function: { arguments: '"Paris"}' } }],
      [{ index: 1, id: 'tooluse_b', type: 'function', function: { name: 'get_time', arguments: '' } }],
      [{ index: 1, function: { arguments: '{}' } }],
    ]);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('tool_calls');
  });

  it('ends with the error as an error chunk, without a finish chunk or [DONE], when the stream fails', async () => {
    // Prepare
    const error = new UpstreamError(502, 'model_stream_error', 'The model stream failed.');

    // Act
    const chunks = parse(
      await collect([
        { type: 'message-start' },
        { type: 'text-delta', text: 'Hel' },
        { type: 'error', error },
        { type: 'text-delta', text: 'never sent' },
      ]),
    );

    // Assess
    expect(chunks).toHaveLength(3);
    expect(chunks[1].choices[0].delta.content).toBe('Hel');
    expect(chunks[2]).toEqual({
      error: {
        type: 'api_error',
        code: 'model_stream_error',
        message: 'The model stream failed.',
        param: null,
        request_id: 'r1',
      },
    });
  });

  it('reports a stream that ends without the model stop as an error, never as a finish', async () => {
    // Act
    const chunks = parse(await collect([{ type: 'message-start' }, { type: 'text-delta', text: 'Hel' }]));

    // Assess
    expect(chunks.at(-1)).toMatchObject({ error: { code: 'upstream_stream_incomplete', type: 'api_error' } });
    expect(chunks).not.toContain('[DONE]');
    expect(chunks.some((chunk) => chunk.choices?.[0]?.finish_reason)).toBe(false);
  });

  it('reports tool-call arguments that arrive before their call started as an error', async () => {
    // Act
    const chunks = parse(
      await collect([{ type: 'message-start' }, { type: 'tool-call-delta', index: 0, inputDelta: '{}' }]),
    );

    // Assess
    expect(chunks.at(-1)).toMatchObject({ error: { code: 'upstream_malformed_response' } });
  });

  it('skips empty text deltas', async () => {
    // Act
    const chunks = parse(
      await collect([
        { type: 'text-delta', text: '' },
        { type: 'message-stop', stopReason: 'end_turn' },
      ]),
    );

    // Assess: role chunk, finish chunk, [DONE].
    expect(chunks).toHaveLength(3);
  });

  it('streams reasoning as reasoning_content deltas, and each signed block whole in thinking_blocks at its end', async () => {
    // Act
    const chunks = parse(
      await collect(
        [
          { type: 'message-start' },
          { type: 'reasoning-delta', text: 'The user ' },
          { type: 'reasoning-delta', text: 'says hi.' },
          { type: 'reasoning-signature', signature: 'sig-1' },
          { type: 'redacted-reasoning', data: 'ZW5j' },
          { type: 'reasoning-delta', text: 'Then greet.' },
          { type: 'reasoning-signature', signature: 'sig-2' },
          { type: 'text-delta', text: 'Hello' },
          { type: 'message-stop', stopReason: 'end_turn' },
          { type: 'usage', usage: { inputTokens: 5, outputTokens: 40 } },
        ],
        { includeUsage: true },
      ),
    );

    // Assess
    const deltas = chunks.slice(1, -3).map((chunk) => chunk.choices[0].delta);
    expect(deltas).toEqual([
      { reasoning_content: 'The user ' },
      { reasoning_content: 'says hi.' },
      { thinking_blocks: [{ type: 'thinking', thinking: 'The user says hi.', signature: 'sig-1' }] },
      { thinking_blocks: [{ type: 'redacted_thinking', data: 'ZW5j' }] },
      { reasoning_content: 'Then greet.' },
      { thinking_blocks: [{ type: 'thinking', thinking: 'Then greet.', signature: 'sig-2' }] },
      { content: 'Hello' },
    ]);
    const reasoningTokens = chunks.at(-2).usage.completion_tokens_details.reasoning_tokens;
    expect(reasoningTokens).toBeGreaterThan(0);
    expect(reasoningTokens).toBeLessThan(40);
  });
});
