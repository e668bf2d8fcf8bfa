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
}
