import type { GenerateResult, Usage } from '../../core/generate-result.js';
import { type ChatFinishReason, mapFinishReason } from './map-finish-reason.js';

/** Identity of one answer, shared by the response and every chunk of a stream. */
export interface ChatAnswer {
  /** `chatcmpl-<request id>`. */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The alias of the model that answered (after any fallback). */
  model: string;
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatCompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: [
    {
      index: 0;
      message: {
        role: 'assistant';
        content: string | null;
        tool_calls?: ChatToolCall[];
        refusal: null;
      };
      logprobs: null;
      finish_reason: ChatFinishReason;
    },
  ];
  usage: ChatCompletionUsage;
  system_fingerprint: null;
}

/** Canonical usage as OpenAI's. */
export function convertToChatUsage(usage: Usage): ChatCompletionUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/**
 * A canonical result as an OpenAI `chat.completion`. Tool calls carry their arguments as a JSON string;
 * `content` is `null` when the model only called tools, as OpenAI sends it.
 */
export function convertToChatCompletion(result: GenerateResult, answer: ChatAnswer): ChatCompletion {
  let text = '';
  const toolCalls: ChatToolCall[] = [];
  for (const part of result.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push({
        id: part.toolCallId,
        type: 'function',
        function: { name: part.toolName, arguments: JSON.stringify(part.input ?? {}) },
      });
    }
  }
  return {
    id: answer.id,
    object: 'chat.completion',
    created: answer.created,
    model: answer.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text.length > 0 || toolCalls.length === 0 ? text : null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          refusal: null,
        },
        logprobs: null,
        finish_reason: mapFinishReason(result.stopReason),
      },
    ],
    usage: convertToChatUsage(result.usage),
    system_fingerprint: null,
  };
}
