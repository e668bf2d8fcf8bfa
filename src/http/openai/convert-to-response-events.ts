import { createOrphanToolDeltaError, type GatewayError } from '../../core/errors.js';
import type { ReasoningPart, RedactedReasoningPart } from '../../core/generate-request.js';
import type { AnswerEvent } from '../../core/stream-event.js';
import type { SseMessage } from '../sse-response.js';
import {
  convertToResponseUsage,
  createFunctionCallItem,
  createItemId,
  createMessageItem,
  createOutputText,
  createReasoningItem,
  createResponseObject,
  type ItemStatus,
  mapResponseStatus,
  type OutputItem,
  type ResponseAnswer,
} from './create-response-object.js';

export interface ResponseEventOptions extends ResponseAnswer {
  /** Put into the error event, as in error responses. */
  requestId: string;
}

/** The output item being streamed: what its closing events need. */
type OpenItem =
  | { type: 'message'; index: number; id: string; text: string }
  | { type: 'reasoning'; index: number; id: string; text: string; summaryOpen: boolean }
  | {
      type: 'function_call';
      index: number;
      id: string;
      callId: string;
      name: string;
      arguments: string;
      blockIndex: number;
    };

/**
 * Canonical stream events as the Responses API's SSE events (`event:` named by each event's `type`, every event
 * with its `sequence_number`), in the order OpenAI documents
 * (https://developers.openai.com/api/reference/resources/responses/streaming-events) and the openai SDK's
 * `ResponseStream` and `@ai-sdk/openai`'s responses parser consume them:
 *
 * - `response.created` and `response.in_progress`, with the response in progress and no output;
 * - per output item, `response.output_item.added` ... `response.output_item.done` (the item whole):
 *   - a message: `response.content_part.added`, `response.output_text.delta`s, `response.output_text.done`,
 *     `response.content_part.done`;
 *   - a function call: `response.function_call_arguments.delta`s and `.done`;
 *   - a reasoning block: `response.reasoning_summary_part.added`, `response.reasoning_summary_text.delta`s,
 *     `.done` and `response.reasoning_summary_part.done` (none for a redacted or empty block); the block's
 *     `encrypted_content`, when asked for, comes with `output_item.done`, since Claude's signature ends the block;
 * - `response.completed`, or `response.incomplete` (max tokens, a content filter), with the whole response and
 *   its usage.
 *
 * A stream that fails ends with one `error` event and nothing after it, so clients see the failure instead of
 * a silently short answer. The event has OpenAI's documented fields (`code`, `message`, `param`) and also the
 * gateway's error object under `error`, the shape OpenAI has sent for early stream errors (`@ai-sdk/openai`
 * parses both), which makes the openai SDK throw instead of ending the stream quietly.
 */
export async function* convertToResponseEvents(
  events: AsyncIterable<AnswerEvent>,
  options: ResponseEventOptions,
): AsyncGenerator<SseMessage> {
  let sequenceNumber = 0;
  const emit = (type: string, fields: Record<string, unknown>): SseMessage => ({
    event: type,
    data: JSON.stringify({ type, ...fields, sequence_number: sequenceNumber++ }),
  });
  const failure = (error: GatewayError): SseMessage => {
    const body = error.toJSON(options.requestId);
    return emit('error', {
      code: body.error.code,
      message: body.error.message,
      param: body.error.param,
      error: body.error,
    });
  };
  const output: OutputItem[] = [];
  let open: OpenItem | undefined;
  /** Where an item's events point. */
  const locate = (item: OpenItem) => ({ item_id: item.id, output_index: item.index });

  const inProgress = createResponseObject(options, {
    status: 'in_progress',
    output: [],
    incomplete_details: null,
    usage: null,
  });
  yield emit('response.created', { response: inProgress });
  yield emit('response.in_progress', { response: inProgress });

  function* openItem(item: OutputItem): Generator<SseMessage> {
    yield emit('response.output_item.added', { output_index: output.length, item });
  }

  /** Ends the open item with its closing events; `block` is the reasoning block that ends it, when one does. */
  function* closeItem(
    status: ItemStatus = 'completed',
    block?: ReasoningPart | RedactedReasoningPart,
  ): Generator<SseMessage> {
    const item = open;
    if (!item) return;
    open = undefined;
    const at = locate(item);
    let done: OutputItem;
    switch (item.type) {
      case 'message': {
        const part = createOutputText(item.text);
        yield emit('response.output_text.done', { ...at, content_index: 0, text: item.text, logprobs: [] });
        yield emit('response.content_part.done', { ...at, content_index: 0, part });
        done = createMessageItem(item.id, item.text, status);
        break;
      }
      case 'function_call': {
        const call = createFunctionCallItem(item, status);
        yield emit('response.function_call_arguments.done', {
          ...at,
          name: call.name,
          arguments: call.arguments,
        });
        done = call;
        break;
      }
      case 'reasoning': {
        if (item.summaryOpen) {
          const part = { type: 'summary_text', text: item.text };
          yield emit('response.reasoning_summary_text.done', { ...at, summary_index: 0, text: item.text });
          yield emit('response.reasoning_summary_part.done', { ...at, summary_index: 0, part });
        }
        done = createReasoningItem(
          item.id,
          block ?? { type: 'reasoning', text: item.text },
          options.includeReasoningContent,
        );
        break;
      }
      default: {
        const _exhaustiveCheck: never = item;
        throw new Error(`Unknown open item ${JSON.stringify(_exhaustiveCheck)}`);
      }
    }
    output.push(done);
    yield emit('response.output_item.done', { output_index: item.index, item: done });
  }

  function* openReasoning(): Generator<SseMessage> {
    if (open?.type === 'reasoning') return;
    yield* closeItem();
    const id = createItemId(options, 'rs', output.length);
    open = { type: 'reasoning', index: output.length, id, text: '', summaryOpen: false };
    yield* openItem({ type: 'reasoning', id, summary: [] });
  }

  for await (const event of events) {
    switch (event.type) {
      case 'text-delta': {
        if (event.text.length === 0) break;
        if (open?.type !== 'message') {
          yield* closeItem();
          const id = createItemId(options, 'msg', output.length);
          open = { type: 'message', index: output.length, id, text: '' };
          yield* openItem(createMessageItem(id, '', 'in_progress'));
          yield emit('response.content_part.added', {
            ...locate(open),
            content_index: 0,
            part: createOutputText(''),
          });
        }
        open.text += event.text;
        yield emit('response.output_text.delta', {
          ...locate(open),
          content_index: 0,
          delta: event.text,
          logprobs: [],
        });
        break;
      }
      case 'tool-call-start': {
        yield* closeItem();
        const id = createItemId(options, 'fc', output.length);
        open = {
          type: 'function_call',
          index: output.length,
          id,
          callId: event.toolCallId,
          name: event.toolName,
          arguments: '',
          blockIndex: event.index,
        };
        yield* openItem(createFunctionCallItem(open, 'in_progress'));
        break;
      }
      case 'tool-call-delta': {
        if (open?.type !== 'function_call' || open.blockIndex !== event.index) {
          yield failure(createOrphanToolDeltaError());
          return;
        }
        if (event.inputDelta.length === 0) break;
        open.arguments += event.inputDelta;
        yield emit('response.function_call_arguments.delta', { ...locate(open), delta: event.inputDelta });
        break;
      }
      case 'reasoning-delta': {
        if (event.text.length === 0) break;
        yield* openReasoning();
        if (open?.type !== 'reasoning') break;
        if (!open.summaryOpen) {
          open.summaryOpen = true;
          yield emit('response.reasoning_summary_part.added', {
            ...locate(open),
            summary_index: 0,
            part: { type: 'summary_text', text: '' },
          });
        }
        open.text += event.text;
        yield emit('response.reasoning_summary_text.delta', {
          ...locate(open),
          summary_index: 0,
          delta: event.text,
        });
        break;
      }
      case 'reasoning-signature': {
        yield* openReasoning();
        const text = open?.type === 'reasoning' ? open.text : '';
        yield* closeItem('completed', { type: 'reasoning', text, signature: event.signature });
        break;
      }
      case 'redacted-reasoning':
        yield* closeItem();
        yield* openReasoning();
        yield* closeItem('completed', { type: 'redacted-reasoning', data: event.data });
        break;
      case 'error':
        yield failure(event.error);
        return;
      case 'finish': {
        const { status, incomplete_details } = mapResponseStatus(event.stopReason);
        yield* closeItem(status === 'incomplete' ? 'incomplete' : 'completed');
        const response = createResponseObject(options, {
          status,
          output,
          incomplete_details,
          usage: convertToResponseUsage(event.usage),
        });
        yield emit(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
        return;
      }
      default: {
        const _exhaustiveCheck: never = event;
        throw new Error(`Unknown answer event ${JSON.stringify(_exhaustiveCheck)}`);
      }
    }
  }
}
