import { createOrphanToolDeltaError, type GatewayError } from '../../core/errors.js';
import type { AnswerEvent } from '../../core/stream-event.js';
import type { SseMessage } from '../sse-response.js';
import { renderAnthropicError } from './anthropic-error-format.js';
import { convertToAnthropicUsage, EMPTY_ANTHROPIC_USAGE } from './convert-to-anthropic-usage.js';
import type { AnthropicResponseBlock, MessageAnswer } from './convert-to-message.js';
import { mapStopReason } from './map-stop-reason.js';

/** The block being streamed: its index in the message and what it is. */
type OpenBlock =
  | { kind: 'text'; index: number }
  | { kind: 'thinking'; index: number }
  | { kind: 'tool_use'; index: number };

/** The `ping` event Anthropic's streams carry, and the gateway's while it waits on Bedrock. */
export const PING_EVENT: SseMessage = { event: 'ping', data: JSON.stringify({ type: 'ping' }) };

function event(type: string, data: Record<string, unknown>): SseMessage {
  return { event: type, data: JSON.stringify({ type, ...data }) };
}

/**
 * Canonical stream events in Anthropic's SSE sequence
 * (https://platform.claude.com/docs/en/build-with-claude/streaming):
 * `message_start` (the message with empty content and the usage shape with every cache field, zeros until
 * Bedrock has counted), then for each block `content_block_start`, its deltas (`text_delta`, `input_json_delta`
 * starting with an empty `partial_json` as Anthropic's do, `thinking_delta`, and `signature_delta` just before
 * the block's stop), and `content_block_stop`; then `message_delta` with the stop reason and the cumulative
 * usage, and `message_stop`. A `ping` follows the first `content_block_start`, where Anthropic's streams have
 * one; the route adds more while Bedrock is silent.
 *
 * Blocks are numbered in the order they start, whatever content-block index Bedrock gave them. A stream that
 * fails ends with one `error` event (`{"type":"error","error":{...}}`) and no `message_stop`, so clients see the
 * failure (the SDK throws on it) instead of a silently short answer.
 */
export async function* convertToMessageEvents(
  events: AsyncIterable<AnswerEvent>,
  answer: MessageAnswer,
): AsyncGenerator<SseMessage> {
  yield event('message_start', {
    message: {
      id: answer.id,
      type: 'message',
      role: 'assistant',
      model: answer.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: EMPTY_ANTHROPIC_USAGE,
    },
  });
  let nextIndex = 0;
  let open: OpenBlock | undefined;
  let pinged = false;
  /** Bedrock's index of each tool call, by the block that streams it. */
  const toolBlocks = new Map<number, number>();

  function* start(block: OpenBlock, contentBlock: AnthropicResponseBlock | Record<string, unknown>) {
    open = block;
    yield event('content_block_start', { index: block.index, content_block: contentBlock });
    if (!pinged) {
      pinged = true;
      yield PING_EVENT;
    }
  }
  function* stop() {
    if (!open) return;
    yield event('content_block_stop', { index: open.index });
    open = undefined;
  }
  const delta = (index: number, value: Record<string, unknown>) =>
    event('content_block_delta', { index, delta: value });
  const failure = (error: GatewayError): SseMessage => ({
    event: 'error',
    data: JSON.stringify(renderAnthropicError(error).body),
  });

  for await (const item of events) {
    switch (item.type) {
      case 'text-delta':
        if (item.text === '') break;
        if (open?.kind !== 'text') {
          yield* stop();
          yield* start({ kind: 'text', index: nextIndex++ }, { type: 'text', text: '' });
        }
        yield delta(open!.index, { type: 'text_delta', text: item.text });
        break;
      case 'reasoning-delta':
        if (open?.kind !== 'thinking') {
          yield* stop();
          yield* start(
            { kind: 'thinking', index: nextIndex++ },
            { type: 'thinking', thinking: '', signature: '' },
          );
        }
        if (item.text !== '') yield delta(open!.index, { type: 'thinking_delta', thinking: item.text });
        break;
      case 'reasoning-signature':
        if (open?.kind !== 'thinking') {
          yield* stop();
          yield* start(
            { kind: 'thinking', index: nextIndex++ },
            { type: 'thinking', thinking: '', signature: '' },
          );
        }
        yield delta(open!.index, { type: 'signature_delta', signature: item.signature });
        yield* stop();
        break;
      case 'redacted-reasoning':
        yield* stop();
        yield* start(
          { kind: 'thinking', index: nextIndex++ },
          { type: 'redacted_thinking', data: item.data },
        );
        yield* stop();
        break;
      case 'tool-call-start': {
        yield* stop();
        const index = nextIndex++;
        toolBlocks.set(item.index, index);
        yield* start(
          { kind: 'tool_use', index },
          { type: 'tool_use', id: item.toolCallId, name: item.toolName, input: {} },
        );
        yield delta(index, { type: 'input_json_delta', partial_json: '' });
        break;
      }
      case 'tool-call-delta': {
        const index = toolBlocks.get(item.index);
        if (index === undefined) {
          yield failure(createOrphanToolDeltaError());
          return;
        }
        if (item.inputDelta !== '')
          yield delta(index, { type: 'input_json_delta', partial_json: item.inputDelta });
        break;
      }
      case 'error':
        yield failure(item.error);
        return;
      case 'finish':
        yield* stop();
        yield event('message_delta', {
          delta: mapStopReason(item.stopReason, answer.stopSequences),
          usage: convertToAnthropicUsage(item.usage),
        });
        yield event('message_stop', {});
        return;
      default: {
        const _exhaustiveCheck: never = item;
        throw new Error(`Unknown answer event ${JSON.stringify(_exhaustiveCheck)}`);
      }
    }
  }
}
