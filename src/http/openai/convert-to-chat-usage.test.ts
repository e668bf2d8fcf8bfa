import { describe, expect, it } from 'vitest';
import { convertToChatUsage } from './convert-to-chat-usage.js';

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
