import type { GenerateResult } from '../../core/generate-result.js';
import { type ChatCompletionUsage, convertToChatUsage } from './convert-to-chat-usage.js';
import { type ChatFinishReason, mapFinishReason } from './map-finish-reason.js';

/** Identity of one answer, shared by the response and every chunk of a stream. */
export interface ChatAnswer {
  /** `chatcmpl-<request id>`. */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The alias of the model that answered (after any fallback). */
  model: string;
  /** The Bedrock service tier the call was made in. */
  serviceTier: 'default' | 'flex' | 'priority';
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * A reasoning block as LiteLLM returns Claude's (https://docs.litellm.ai/docs/reasoning_content): clients send
 * these back on the assistant message, so that Claude gets its signed thinking again in a tool loop.
 */
export type ChatThinkingBlock =
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string };

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
        /** The reasoning text, all blocks joined (the field DeepSeek, LiteLLM and the AI SDK use). */
        reasoning_content?: string;
        thinking_blocks?: ChatThinkingBlock[];
        tool_calls?: ChatToolCall[];
        refusal: null;
      };
      logprobs: null;
      finish_reason: ChatFinishReason;
    },
  ];
  usage: ChatCompletionUsage;
  service_tier: ChatAnswer['serviceTier'];
  system_fingerprint: null;
}

/**
 * A canonical result as an OpenAI `chat.completion`. Tool calls carry their arguments as a JSON string;
 * `content` is `null` when the model only called tools, as OpenAI sends it. Reasoning, which OpenAI's chat
 * completions do not return, is in `reasoning_content` and `thinking_blocks`, present only when the model
 * reasoned.
 */
export function convertToChatCompletion(result: GenerateResult, answer: ChatAnswer): ChatCompletion {
  let text = '';
  let reasoningText = '';
  const thinkingBlocks: ChatThinkingBlock[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const part of result.content) {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'tool-call':
        toolCalls.push({
          id: part.toolCallId,
          type: 'function',
          function: { name: part.toolName, arguments: JSON.stringify(part.input ?? {}) },
        });
        break;
      case 'reasoning':
        reasoningText += part.text;
        thinkingBlocks.push({
          type: 'thinking',
          thinking: part.text,
          ...(part.signature === undefined ? {} : { signature: part.signature }),
        });
        break;
      case 'redacted-reasoning':
        thinkingBlocks.push({ type: 'redacted_thinking', data: part.data });
        break;
      default: {
        const _exhaustiveCheck: never = part;
        throw new Error(`Unknown result part ${JSON.stringify(_exhaustiveCheck)}`);
      }
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
          ...(thinkingBlocks.length > 0
            ? { reasoning_content: reasoningText, thinking_blocks: thinkingBlocks }
            : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          refusal: null,
        },
        logprobs: null,
        finish_reason: mapFinishReason(result.stopReason),
      },
    ],
    usage: convertToChatUsage(result.usage),
    service_tier: answer.serviceTier,
    system_fingerprint: null,
  };
}
