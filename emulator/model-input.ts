import type { MediaItem } from './inspect-media.js';

/** A tool the request offers the model, in any API's notation. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** The tool's JSON schema for its input. */
  inputSchema: unknown;
}

/** How the request lets the model use its tools. */
export type ToolChoice =
  | { type: 'auto' }
  | { type: 'any' }
  | { type: 'none' }
  | { type: 'tool'; name: string };

/** A prompt-cache TTL (Converse `CacheTTL`, Claude `cache_control.ttl`); `5m` when none is given. */
export type CacheTtl = '5m' | '1h';

/**
 * A point where a cached prefix can end: after a tool definition, a system block or a message block. Bedrock reads
 * a request in the order tools, system, messages (claude-models.md §2.6), so a prefix is some leading tools and a
 * leading part of the transcript.
 */
export interface PromptBoundary {
  /** The prefix of the prompt (as the model sees it) up to this point: `prompt.slice(0, promptLength)`. */
  promptLength: number;
  /** The leading tool definitions in the prefix. */
  toolCount: number;
  /** The leading media items in the prefix. */
  mediaCount: number;
}

/** The request's cache points, on its block boundaries. */
export interface PromptCacheLayout {
  /** Every block boundary, in Bedrock's order, for the look-back over earlier prefixes. */
  boundaries: readonly PromptBoundary[];
  /** The explicit cache points: indices into `boundaries`. */
  points: ReadonlyArray<{ boundary: number; ttl: CacheTtl }>;
}

/** How the request asks the model to reason, and how the model's family returns the reasoning. */
export interface ReasoningRequest {
  /**
   * - `claude`: thinking text with a signature (or redacted thinking);
   * - `nova`: Nova 2's reasoning, returned as `[REDACTED]` but billed (nova2-userguide/reasoning-capabilities.html);
   * - `openai`: gpt-oss's reasoning text, unsigned;
   * - `deepseek`: DeepSeek R1's reasoning text, unsigned.
   */
  style: 'claude' | 'nova' | 'openai' | 'deepseek';
  /** Claude's `budget_tokens`: the reasoning never exceeds it. */
  budgetTokens?: number;
  /** The effort asked (`low` ... `max`), which sets the reasoning's length. */
  effort?: string;
  /** Claude's `thinking.display: "omitted"`: the text is empty, the signature and the billing stay. */
  omitted?: boolean;
}

/** A reasoning block a request sends back in an assistant turn, where Claude's validator counts it (0-based). */
export interface ReplayedReasoning {
  messageIndex: number;
  blockIndex: number;
  kind: 'text' | 'redacted';
  text?: string;
  signature?: string;
  /** Redacted reasoning's opaque data, base64. */
  data?: string;
}

/** The last assistant turn, for Claude's rule that a tool loop's turn starts with its thinking. */
export interface AssistantTurnShape {
  messageIndex: number;
  /** The first block's type in Claude's words: `text`, `tool_use`, `thinking`, `redacted_thinking`... */
  firstBlockType: string;
  callsTools: boolean;
}

/** A guardrail the call names (Converse `guardrailConfig`, InvokeModel's guardrail headers). */
export interface GuardrailRequest {
  identifier: string;
  version?: string;
  /** Whether the response carries the guardrail trace (`enabled`/`enabled_full`, or `ENABLED`/`ENABLED_FULL`). */
  trace: boolean;
}

/**
 * What the emulated model reads from a request, whatever API or family it came through.
 * Each family's reader (and the Converse reader) produces one.
 */
export interface ModelInput {
  /** The prompt as the model sees it: the family's template text, or the flattened conversation. */
  prompt: string;
  /** The request's output cap; undefined means the family's default. */
  maxTokens?: number;
  stopSequences: readonly string[];
  tools: readonly ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Text of the tool results in the last user turn: set when the model should now answer in text. */
  toolResultText?: string;
  /** The images and documents of the prompt, in order: they cost input tokens. */
  media?: readonly MediaItem[];
  /** Explicit cache points, when the request sets any. */
  cache?: PromptCacheLayout;
  /** Set when the model reasons before it answers. */
  reasoning?: ReasoningRequest;
  /** A JSON schema the answer must follow (structured output). */
  outputSchema?: unknown;
  /** Reasoning blocks sent back, which Claude verifies. */
  replayedReasoning?: readonly ReplayedReasoning[];
  lastAssistantTurn?: AssistantTurnShape;
  guardrail?: GuardrailRequest;
}
