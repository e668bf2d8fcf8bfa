import { createOrphanToolDeltaError, type GatewayError } from '../../core/errors.js';
import type { AnswerEvent } from '../../core/stream-event.js';
import type { SseMessage } from '../sse-response.js';
import type { ChatAnswer, ChatThinkingBlock } from './convert-to-chat-completion.js';
import { type ChatCompletionUsage, convertToChatUsage } from './convert-to-chat-usage.js';
import { type ChatFinishReason, mapFinishReason } from './map-finish-reason.js';

export interface ChatChunkOptions extends ChatAnswer {
  /** `stream_options.include_usage`: a last chunk with `choices: []` and the usage; `usage: null` on the others. */
  includeUsage: boolean;
  /** Put into an error chunk, as in error responses. */
  requestId: string;
}

/** The part of a chunk's choice that changes. */
export interface ChatChunkDelta {
  role?: 'assistant';
  content?: string;
  /** A piece of the model's reasoning (the gateway's extension, as DeepSeek and LiteLLM stream it). */
  reasoning_content?: string;
  /** A reasoning block that just ended, whole, with its signature; or a redacted one. */
  thinking_blocks?: ChatThinkingBlock[];
  tool_calls?: Array<{
    index: number;
    id?: string;
    type?: 'function';
    function: { name?: string; arguments: string };
  }>;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  system_fingerprint: null;
  choices: Array<{
    index: 0;
    delta: ChatChunkDelta;
    logprobs: null;
    finish_reason: ChatFinishReason | null;
  }>;
  usage?: ChatCompletionUsage | null;
  service_tier: ChatAnswer['serviceTier'];
}

/**
 * Canonical stream events as OpenAI `chat.completion.chunk` SSE messages (no `event:` names, as OpenAI sends):
 * a first chunk with the assistant role and empty content, then content, reasoning and tool-call deltas, then
 * a chunk with an empty delta and the finish reason, then (with `includeUsage`) a chunk with `choices: []` and
 * the usage, then `[DONE]`.
 *
 * Reasoning streams as `delta.reasoning_content`; when a signed block ends, one `delta.thinking_blocks` holds
 * it whole with its signature (what a client sends back in a tool loop), and a redacted block comes whole.
 *
 * Tool calls are numbered from 0 in the order they start, whatever content-block index Bedrock gave them:
 * OpenAI clients reassemble calls by that `index`.
 *
 * A stream that fails ends with one `{"error": ...}` chunk and no `[DONE]`, so clients see the failure
 * (the OpenAI SDK throws on it) instead of a silently short answer.
 */
export async function* convertToChatChunks(
  events: AsyncIterable<AnswerEvent>,
  options: ChatChunkOptions,
): AsyncGenerator<SseMessage> {
  const message = (value: unknown): SseMessage => ({ data: JSON.stringify(value) });
  const chunk = (delta: ChatChunkDelta, finishReason: ChatFinishReason | null = null): SseMessage =>
    message({
      id: options.id,
      object: 'chat.completion.chunk',
      created: options.created,
      model: options.model,
      system_fingerprint: null,
      service_tier: options.serviceTier,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(options.includeUsage ? { usage: null } : {}),
    } satisfies ChatCompletionChunk);
  const failure = (error: GatewayError): SseMessage => message(error.toJSON(options.requestId));

  yield chunk({ role: 'assistant', content: '' });
  const toolCallIndexes = new Map<number, number>();
  let blockText = '';
  for await (const event of events) {
    switch (event.type) {
      case 'text-delta':
        if (event.text.length > 0) yield chunk({ content: event.text });
        break;
      case 'tool-call-start': {
        const index = toolCallIndexes.size;
        toolCallIndexes.set(event.index, index);
        yield chunk({
          tool_calls: [
            {
              index,
              id: event.toolCallId,
              type: 'function',
              function: { name: event.toolName, arguments: '' },
            },
          ],
        });
        break;
      }
      case 'tool-call-delta': {
        const index = toolCallIndexes.get(event.index);
        if (index === undefined) {
          yield failure(createOrphanToolDeltaError());
          return;
        }
        if (event.inputDelta.length > 0) {
          yield chunk({ tool_calls: [{ index, function: { arguments: event.inputDelta } }] });
        }
        break;
      }
      case 'error':
        yield failure(event.error);
        return;
      case 'finish':
        yield chunk({}, mapFinishReason(event.stopReason));
        if (options.includeUsage) {
          yield message({
            id: options.id,
            object: 'chat.completion.chunk',
            created: options.created,
            model: options.model,
            system_fingerprint: null,
            service_tier: options.serviceTier,
            choices: [],
            usage: convertToChatUsage(event.usage),
          } satisfies ChatCompletionChunk);
        }
        yield { data: '[DONE]' };
        return;
      case 'reasoning-delta':
        blockText += event.text;
        if (event.text.length > 0) yield chunk({ reasoning_content: event.text });
        break;
      case 'reasoning-signature':
        yield chunk({
          thinking_blocks: [{ type: 'thinking', thinking: blockText, signature: event.signature }],
        });
        blockText = '';
        break;
      case 'redacted-reasoning':
        yield chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: event.data }] });
        break;
      default: {
        const _exhaustiveCheck: never = event;
        throw new Error(`Unknown answer event ${JSON.stringify(_exhaustiveCheck)}`);
      }
    }
  }
}
