import type { StopReason } from '../../core/generate-result.js';

/** The `stop_reason` values a Bedrock answer can have (`@anthropic-ai/sdk` `StopReason`). */
export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/**
 * Canonical stop reasons as Anthropic's. A content filter or a guardrail intervention is `refusal`, Anthropic's
 * stop reason for an answer its safety measures stopped (https://platform.claude.com/docs/en/api/messages,
 * `stop_reason`).
 */
const STOP_REASONS: Readonly<Record<StopReason, AnthropicStopReason>> = {
  end_turn: 'end_turn',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  tool_use: 'tool_use',
  content_filtered: 'refusal',
  guardrail_intervened: 'refusal',
};

/**
 * The stop reason and the stop sequence that ended the answer. Bedrock says that a stop sequence ended it but
 * not which one, so `stop_sequence` is named only when the request had exactly one, which it then must be;
 * with several it is `null` (documented in docs/api.md).
 */
export function mapStopReason(
  stopReason: StopReason,
  stopSequences: readonly string[] | undefined,
): { stop_reason: AnthropicStopReason; stop_sequence: string | null } {
  const stopSequence =
    stopReason === 'stop_sequence' && stopSequences?.length === 1 ? stopSequences[0]! : null;
  return { stop_reason: STOP_REASONS[stopReason], stop_sequence: stopSequence };
}
