import type { StopReason } from '../../core/generate-result.js';

/** OpenAI's `finish_reason` values that a Bedrock answer can have. */
export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

const FINISH_REASONS: Readonly<Record<StopReason, ChatFinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  content_filtered: 'content_filter',
  guardrail_intervened: 'content_filter',
};

/** The canonical stop reason as OpenAI's `finish_reason`. */
export function mapFinishReason(stopReason: StopReason): ChatFinishReason {
  return FINISH_REASONS[stopReason];
}
