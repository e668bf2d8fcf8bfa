import type { Usage } from '../../core/generate-result.js';

/**
 * Anthropic's usage object (`@anthropic-ai/sdk` `Usage`): `input_tokens` are the uncached prompt tokens (as
 * Bedrock's and the canonical `inputTokens` are), cache writes are split by TTL in `cache_creation`, and thinking
 * tokens are a part of `output_tokens`. Claude Code 2.1.79 and later expect every cache field, in
 * `message_start` and in `message_delta` (anthropics/claude-code#24176; Claude Code 2.1.332 reads the counts of
 * `message_delta`, verified with scripts/try-claude-code.sh).
 */
export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  /** Of `output_tokens`, those spent thinking (Bedrock's count, else the gateway's estimate from the text). */
  output_tokens_details: { thinking_tokens: number };
}

/** The usage of nothing yet: what `message_start` carries, before Bedrock has counted (at the stream's end). */
export const EMPTY_ANTHROPIC_USAGE: AnthropicUsage = {
  input_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  output_tokens: 0,
  output_tokens_details: { thinking_tokens: 0 },
};

/** Canonical usage as Anthropic's. */
export function convertToAnthropicUsage(usage: Usage): AnthropicUsage {
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const cacheWrite1h = Math.min(cacheWrite, usage.cacheWrite1hTokens ?? 0);
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: usage.cacheReadTokens ?? 0,
    cache_creation: {
      ephemeral_5m_input_tokens: cacheWrite - cacheWrite1h,
      ephemeral_1h_input_tokens: cacheWrite1h,
    },
    output_tokens: usage.outputTokens,
    output_tokens_details: { thinking_tokens: usage.reasoningTokens ?? 0 },
  };
}
