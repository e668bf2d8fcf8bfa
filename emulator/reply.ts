import type { TokenPiece } from './tokenizers/tokenizer.js';

/** Why the model stopped, in Converse notation; each family maps it to its own words. */
export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

/** A tool call the model makes. */
export interface ToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** The emulated model's answer, before any family or API shapes it. */
export interface Reply {
  /** The reply text; empty when the model calls a tool. */
  text: string;
  toolCall?: ToolCall;
  stopReason: StopReason;
  /** The stop sequence that ended the reply, when `stopReason` is `stop_sequence`. */
  stopSequence?: string;
  inputTokens: number;
  /** The tokens in `pieces`. */
  outputTokens: number;
  /** The content as the model wrote it, token by token: the text, or the tool input as JSON. */
  pieces: readonly TokenPiece[];
}
