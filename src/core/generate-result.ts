import type { ReasoningPart, RedactedReasoningPart, TextPart, ToolCallPart } from './generate-request.js';

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

/**
 * Tokens of one answer, by how Bedrock bills them. `inputTokens` are the uncached input tokens (Converse's
 * `inputTokens` excludes cache reads and writes, as Anthropic's `input_tokens` does); cached prompt tokens are
 * counted apart. Reasoning tokens are part of `outputTokens` and billed as output.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens read from the cache. */
  cacheReadTokens?: number;
  /** Prompt tokens written to the cache, all TTLs. */
  cacheWriteTokens?: number;
  /** Of `cacheWriteTokens`, those written with the 1-hour TTL (priced apart). */
  cacheWrite1hTokens?: number;
  /** Of `outputTokens`, those the model spent reasoning. */
  reasoningTokens?: number;
}

/**
 * `usage` with its reasoning tokens: Bedrock counts reasoning in the output tokens without saying how many (for
 * Claude and Converse alike), so when it gave none they are estimated from the reasoning text, never more than
 * the output. An estimate, and documented as one.
 */
export function withReasoningTokens(
  usage: Usage,
  reasoningText: string,
  estimate: (text: string) => number,
): Usage {
  if (usage.reasoningTokens !== undefined || reasoningText === '') return usage;
  return { ...usage, reasoningTokens: Math.min(usage.outputTokens, estimate(reasoningText)) };
}

/** All prompt tokens of an answer: uncached, read from and written to the cache. */
export function countPromptTokens(usage: Usage): number {
  return usage.inputTokens + (usage.cacheReadTokens ?? 0) + (usage.cacheWriteTokens ?? 0);
}

/** What a model answers with. */
export type ResultPart = TextPart | ToolCallPart | ReasoningPart | RedactedReasoningPart;

export interface GenerateResult {
  content: ResultPart[];
  stopReason: StopReason;
  usage: Usage;
}
