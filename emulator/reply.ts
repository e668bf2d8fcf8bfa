import type { PromptCacheUsage } from './prompt-cache.js';
import type { TokenPiece } from './tokenizers/tokenizer.js';

/** Why the model stopped, in Converse notation; each family maps it to its own words. */
export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'guardrail_intervened';

/** A tool call the model makes. */
export interface ToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** The reasoning the model wrote before its answer. */
export type ReplyReasoning =
  | {
      kind: 'text';
      /** What the family shows: the thinking, `[REDACTED]` for Nova 2, or nothing when Claude omits it. */
      text: string;
      /** Claude's signature of `text`; the other families sign nothing. */
      signature?: string;
      /** `text` token by token, for streams; their tokens add up to `tokens` only when the text is shown. */
      pieces: readonly TokenPiece[];
      /** The reasoning tokens billed as output. */
      tokens: number;
    }
  | { kind: 'redacted'; data: string; tokens: number };

/** A guardrail the call named, and what it did. */
export interface GuardrailOutcome {
  identifier: string;
  version?: string;
  action: 'INTERVENED' | 'NONE';
  /** Whether the response carries the trace. */
  trace: boolean;
}

/** The emulated model's answer, before any family or API shapes it. */
export interface Reply {
  /** The reply text; empty when the model calls a tool. */
  text: string;
  toolCall?: ToolCall;
  stopReason: StopReason;
  /** The stop sequence that ended the reply, when `stopReason` is `stop_sequence`. */
  stopSequence?: string;
  reasoning?: ReplyReasoning;
  /** The input tokens billed at the full price: the cached ones are in `cache`. */
  inputTokens: number;
  /** Cache reads and writes, when the request set cache points. */
  cache?: PromptCacheUsage;
  /** All output tokens: the reasoning's and the content's. */
  outputTokens: number;
  /** The content as the model wrote it, token by token: the text, or the tool input as JSON. */
  pieces: readonly TokenPiece[];
  guardrail?: GuardrailOutcome;
}

/** Every input token of a reply, cached or not: what CountTokens reports for the same request. */
export function sumInputTokens(reply: Reply): number {
  return reply.inputTokens + (reply.cache?.readTokens ?? 0) + (reply.cache?.writeTokens ?? 0);
}
