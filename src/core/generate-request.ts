/**
 * The canonical request: what every route (simple generate, OpenAI chat, native helpers) is converted into,
 * and what every Bedrock path (Converse or a family codec) is converted from.
 */

export type Role = 'user' | 'assistant';

export interface TextPart {
  type: 'text';
  text: string;
}

/** The model asked for a tool to be called. `input` is the parsed JSON arguments. */
export interface ToolCallPart {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  input: unknown;
}

/** The client's answer to a tool call, sent back in a user turn. */
export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  content: string;
  isError?: boolean;
}

export type ContentPart = TextPart | ToolCallPart | ToolResultPart;

export interface Message {
  role: Role;
  content: ContentPart[];
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the tool's arguments. */
  inputSchema: Record<string, unknown>;
}

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'any' }
  | { type: 'none' }
  | { type: 'tool'; name: string };

export interface GenerateRequest {
  system?: string;
  messages: Message[];
  /** Always set by the time a request reaches Bedrock: policy fills in the model's maximum when the client omits it. */
  maxTokens: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
}

/** The canonical parameter names, as used in "cannot honour" messages. */
export type CanonicalParameter =
  | 'system'
  | 'temperature'
  | 'top_p'
  | 'stop'
  | 'tools'
  | 'tool_choice'
  | 'max_tokens';

/** Plain text of a message's text parts, joined. */
export function textOf(content: readonly ContentPart[]): string {
  let text = '';
  for (const part of content) if (part.type === 'text') text += part.text;
  return text;
}

/** A single-turn request from a prompt: the shape of the seeds' `{"prompt": ...}` call. */
export function requestFromPrompt(
  prompt: string,
  options: Omit<GenerateRequest, 'messages'>,
): GenerateRequest {
  return { ...options, messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }] };
}
