import type { TextPart, ToolCallPart } from './generate-request.js';

/**
 * Why the model stopped, normalised across families. Values follow Converse's `stopReason` vocabulary;
 * every family codec maps its own values onto these.
 */
export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'content_filtered'
  | 'guardrail_intervened';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface GenerateResult {
  content: Array<TextPart | ToolCallPart>;
  stopReason: StopReason;
  usage: Usage;
}
