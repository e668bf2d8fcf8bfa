import { describe, expect, it } from 'vitest';
import type { GenerateResult } from '../../core/generate-result.js';
import { convertToResponse } from './convert-to-response.js';
import { describeResponseSettings, type ResponseAnswer } from './create-response-object.js';
import { decodeReasoningContent } from './encode-reasoning-content.js';

const answer: ResponseAnswer = {
  id: 'resp_r1',
  createdAt: 1_700_000_000,
  model: 'claude-haiku',
  serviceTier: 'default',
  settings: describeResponseSettings({ model: 'claude-haiku', input: 'Hi' }, 1000),
  includeReasoningContent: false,
};

function result(
  content: GenerateResult['content'],
  stopReason: GenerateResult['stopReason'] = 'end_turn',
): GenerateResult {
  return {
    content,
    stopReason,
    usage: { inputTokens: 10, outputTokens: 20, cacheReadTokens: 5, cacheWriteTokens: 3, reasoningTokens: 4 },
  };
}

describe('convertToResponse', () => {
  it('makes items in the order the model produced them: reasoning, a message per run of text, function calls', () => {
    // Act
    const response = convertToResponse(
      result(
        [
          { type: 'reasoning', text: 'Think', signature: 'sig' },
          { type: 'text', text: 'Let me ' },
          { type: 'text', text: 'check.' },
          { type: 'tool-call', toolCallId: 'tooluse_1', toolName: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool-call', toolCallId: 'tooluse_2', toolName: 'get_time', input: undefined },
        ],
        'tool_use',
      ),
      answer,
    );

    // Assess
    expect(response.status).toBe('completed');
    expect(response.output).toEqual([
      { type: 'reasoning', id: 'rs_r1_0', summary: [{ type: 'summary_text', text: 'Think' }] },
      {
        type: 'message',
        id: 'msg_r1_1',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Let me check.', annotations: [], logprobs: [] }],
      },
      {
        type: 'function_call',
        id: 'fc_r1_2',
        call_id: 'tooluse_1',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
        status: 'completed',
      },
      {
        type: 'function_call',
        id: 'fc_r1_3',
        call_id: 'tooluse_2',
        name: 'get_time',
        arguments: '{}',
        status: 'completed',
      },
    ]);
  });

  it('counts cached tokens inside input_tokens, as OpenAI does, with reads and writes apart', () => {
    // Act
    const response = convertToResponse(result([{ type: 'text', text: 'Hi' }]), answer);

    // Assess
    expect(response.usage).toEqual({
      input_tokens: 18,
      input_tokens_details: { cached_tokens: 5, cache_write_tokens: 3 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 4 },
      total_tokens: 38,
    });
  });

  it('carries reasoning blocks, redacted ones too, in encrypted_content when included', () => {
    // Act
    const response = convertToResponse(
      result([
        { type: 'redacted-reasoning', data: 'c2VjcmV0' },
        { type: 'text', text: 'Hi' },
      ]),
      { ...answer, includeReasoningContent: true },
    );

    // Assess
    const [reasoning] = response.output;
    expect(reasoning).toMatchObject({ type: 'reasoning', summary: [] });
    expect(
      decodeReasoningContent((reasoning as { encrypted_content: string }).encrypted_content, 'x'),
    ).toEqual({
      type: 'redacted-reasoning',
      data: 'c2VjcmV0',
    });
  });

  it('marks the response and its last item incomplete when the budget ran out', () => {
    // Act
    const response = convertToResponse(result([{ type: 'text', text: 'Long' }], 'max_tokens'), answer);

    // Assess
    expect(response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    expect(response.output[0]).toMatchObject({ status: 'incomplete' });
  });

  it('reports back the settings, store false, and the tier the call was made in', () => {
    // Act
    const response = convertToResponse(result([]), { ...answer, serviceTier: 'flex' });

    // Assess
    expect(response).toMatchObject({
      id: 'resp_r1',
      object: 'response',
      created_at: 1_700_000_000,
      model: 'claude-haiku',
      output: [],
      error: null,
      store: false,
      service_tier: 'flex',
      max_output_tokens: 1000,
      tool_choice: 'auto',
      tools: [],
      text: { format: { type: 'text' } },
    });
  });
});
