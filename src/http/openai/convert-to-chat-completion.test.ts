import { describe, expect, it } from 'vitest';
import { convertToChatCompletion } from './convert-to-chat-completion.js';

const answer = {
  id: 'chatcmpl-r1',
  created: 1_700_000_000,
  model: 'claude-haiku',
  serviceTier: 'default',
} as const;

describe('convertToChatCompletion', () => {
  it('returns a text answer as a chat.completion with mapped finish reason and usage', () => {
    // Act
    const completion = convertToChatCompletion(
      {
        content: [
          { type: 'text', text: 'Hello' },
          { type: 'text', text: ' there' },
        ],
        stopReason: 'max_tokens',
        usage: { inputTokens: 7, outputTokens: 3 },
      },
      answer,
    );

    // Assess
    expect(completion).toEqual({
      id: 'chatcmpl-r1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-haiku',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello there', refusal: null },
          logprobs: null,
          finish_reason: 'length',
        },
      ],
      usage: {
        prompt_tokens: 7,
        completion_tokens: 3,
        total_tokens: 10,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: null,
    });
  });

  it('returns tool calls with JSON-string arguments and null content when the model only called tools', () => {
    // Act
    const completion = convertToChatCompletion(
      {
        content: [
          { type: 'tool-call', toolCallId: 'tooluse_1', toolName: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool-call', toolCallId: 'tooluse_2', toolName: 'get_time', input: {} },
        ],
        stopReason: 'tool_use',
        usage: { inputTokens: 1, outputTokens: 1 },
      },
      answer,
    );

    // Assess
    const choice = completion.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      { id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'tooluse_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
  });

  it('keeps text next to tool calls, and sends empty content (not null) for an empty text answer', () => {
    // Act
    const withText = convertToChatCompletion(
      {
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool-call', toolCallId: 't', toolName: 'f', input: {} },
        ],
        stopReason: 'tool_use',
        usage: { inputTokens: 1, outputTokens: 1 },
      },
      answer,
    );
    const empty = convertToChatCompletion(
      { content: [], stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 0 } },
      answer,
    );

    // Assess
    expect(withText.choices[0].message.content).toBe('Let me check.');
    expect(empty.choices[0].message.content).toBe('');
    expect(empty.choices[0].message).not.toHaveProperty('tool_calls');
  });

  it('returns reasoning as reasoning_content and thinking_blocks, signed and redacted, before the answer', () => {
    // Act
    const completion = convertToChatCompletion(
      {
        content: [
          { type: 'reasoning', text: 'Paris is the capital.', signature: 'sig-1' },
          { type: 'redacted-reasoning', data: 'ZW5j' },
          { type: 'text', text: 'Paris.' },
        ],
        stopReason: 'end_turn',
        usage: { inputTokens: 4, outputTokens: 30, reasoningTokens: 12 },
      },
      answer,
    );

    // Assess
    const { message } = completion.choices[0];
    expect(message).toEqual({
      role: 'assistant',
      content: 'Paris.',
      reasoning_content: 'Paris is the capital.',
      thinking_blocks: [
        { type: 'thinking', thinking: 'Paris is the capital.', signature: 'sig-1' },
        { type: 'redacted_thinking', data: 'ZW5j' },
      ],
      refusal: null,
    });
    expect(completion.usage.completion_tokens_details.reasoning_tokens).toBe(12);
  });

  it('answers in the service tier the call was made in', () => {
    const completion = convertToChatCompletion(
      { content: [], stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 0 } },
      { ...answer, serviceTier: 'flex' },
    );
    expect(completion.service_tier).toBe('flex');
  });
});
