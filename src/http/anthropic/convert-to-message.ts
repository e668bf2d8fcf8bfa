import type { GenerateResult } from '../../core/generate-result.js';
import { type AnthropicUsage, convertToAnthropicUsage } from './convert-to-anthropic-usage.js';
import { type AnthropicStopReason, mapStopReason } from './map-stop-reason.js';

/** Identity of one answer, shared by the response and every event of a stream. */
export interface MessageAnswer {
  /** `msg_` and the request id. */
  id: string;
  /** The model as the answer names it (see `nameAnsweringModel`). */
  model: string;
  /** The request's stop sequences, to name the one that ended the answer. */
  stopSequences: readonly string[] | undefined;
}

export type AnthropicResponseBlock =
  | { type: 'text'; text: string; citations: null }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

export interface AnthropicMessageResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/**
 * A canonical result as an Anthropic Message. Reasoning is a `thinking` block with its signature; reasoning that
 * came unsigned (models other than Claude) has the empty signature, and the gateway drops it again when it is
 * sent back to Claude, which would refuse it.
 */
export function convertToMessage(result: GenerateResult, answer: MessageAnswer): AnthropicMessageResponse {
  const content = result.content.map((part): AnthropicResponseBlock => {
    switch (part.type) {
      case 'text':
        return { type: 'text', text: part.text, citations: null };
      case 'tool-call':
        return { type: 'tool_use', id: part.toolCallId, name: part.toolName, input: part.input ?? {} };
      case 'reasoning':
        return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
      case 'redacted-reasoning':
        return { type: 'redacted_thinking', data: part.data };
      default: {
        const _exhaustiveCheck: never = part;
        throw new Error(`Unknown result part ${JSON.stringify(_exhaustiveCheck)}`);
      }
    }
  });
  return {
    id: answer.id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content,
    ...mapStopReason(result.stopReason, answer.stopSequences),
    usage: convertToAnthropicUsage(result.usage),
  };
}
