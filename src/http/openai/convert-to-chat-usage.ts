import { countPromptTokens, type Usage } from '../../core/generate-result.js';

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
 * Canonical usage as OpenAI's (https://docs.litellm.ai/docs/completion/prompt_caching follows the same
 * shape): cache reads are `cached_tokens`, and are part of `prompt_tokens`.
 */
export function convertToChatUsage(usage: Usage): ChatCompletionUsage {
  const promptTokens = countPromptTokens(usage);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: promptTokens + usage.outputTokens,
    prompt_tokens_details: {
      cached_tokens: usage.cacheReadTokens ?? 0,
      cache_write_tokens: usage.cacheWriteTokens ?? 0,
    },
    // The pipeline has filled in an estimate where Bedrock gave no figure (`withReasoningTokens`).
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}
