import { splitIntoChunks } from './tokenize.js';

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
  outputTokens: number;
}

/** The pieces a reply streams in: its text, or its tool input as JSON, a few tokens per chunk. */
export function splitReplyIntoChunks(reply: Reply): string[] {
  return splitIntoChunks(reply.toolCall ? JSON.stringify(reply.toolCall.input) : reply.text);
}
