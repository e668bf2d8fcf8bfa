import { describe, expect, it } from 'vitest';
import { estimateTextTokens } from '../../core/prompt-tokens.js';
import { convertToChatUsage, countReasoningTokens } from './convert-to-chat-usage.js';

describe('convertToChatUsage', () => {
  it('counts cache reads and writes in prompt_tokens, reads as cached_tokens and writes as cache_write_tokens', () => {
    // Act
    const usage = convertToChatUsage({
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 2000,
      cacheWriteTokens: 300,
      cacheWrite1hTokens: 100,
    });

    // Assess
    expect(usage).toEqual({
      prompt_tokens: 2310,
      completion_tokens: 5,
      total_tokens: 2315,
      prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 300 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });
});

describe('countReasoningTokens', () => {
  const reasoning = 'First I consider the question, then I weigh the options carefully.';

  it("uses Bedrock's count when it gave one", () => {
    expect(countReasoningTokens({ inputTokens: 1, outputTokens: 50, reasoningTokens: 12 }, reasoning)).toBe(
      12,
    );
  });

  it('estimates the count from the reasoning text otherwise, never above the output tokens', () => {
    expect(countReasoningTokens({ inputTokens: 1, outputTokens: 500 }, reasoning)).toBe(
      estimateTextTokens(reasoning),
    );
    expect(countReasoningTokens({ inputTokens: 1, outputTokens: 3 }, reasoning)).toBe(3);
    expect(countReasoningTokens({ inputTokens: 1, outputTokens: 3 }, '')).toBe(0);
  });
});
