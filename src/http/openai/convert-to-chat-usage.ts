import { countPromptTokens, type Usage } from '../../core/generate-result.js';
import { estimateTextTokens } from '../../core/prompt-tokens.js';

/**
 * OpenAI's usage object, with the gateway's extension `prompt_tokens_details.cache_write_tokens` (OpenAI bills
 * no cache writes; Bedrock does, at its own price).
 */
export interface ChatCompletionUsage {
  /** Every prompt token: uncached, read from the cache and written to it, as OpenAI counts cached ones in. */
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/**
 * The output tokens spent reasoning: Bedrock's count where it gave one, else an estimate from the reasoning
 * text (Claude and Converse count reasoning in the output tokens and report no split), never above the output.
 */
export function countReasoningTokens(usage: Usage, reasoningText: string): number {
  if (usage.reasoningTokens !== undefined) return usage.reasoningTokens;
  if (reasoningText === '') return 0;
  return Math.min(usage.outputTokens, estimateTextTokens(reasoningText));
}

/**
 * Canonical usage as OpenAI's (https://docs.litellm.ai/docs/completion/prompt_caching follows the same
 * shape): cache reads are `cached_tokens`, and are part of `prompt_tokens`.
 */
export function convertToChatUsage(usage: Usage, reasoningText = ''): ChatCompletionUsage {
  const promptTokens = countPromptTokens(usage);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: promptTokens + usage.outputTokens,
    prompt_tokens_details: {
      cached_tokens: usage.cacheReadTokens ?? 0,
      cache_write_tokens: usage.cacheWriteTokens ?? 0,
    },
    completion_tokens_details: { reasoning_tokens: countReasoningTokens(usage, reasoningText) },
  };
}
