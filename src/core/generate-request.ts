import type { CacheTtl, ReasoningEffort, ServiceTier } from './model-capabilities.js';

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

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';
export type DocumentFormat = 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md';

/** An image, as bytes with their format (Converse `image`). */
export interface ImagePart {
  type: 'image';
  format: ImageFormat;
  data: Uint8Array;
}

/** A document, as bytes with their format and a name (Converse `document`; the name is part of the prompt). */
export interface DocumentPart {
  type: 'document';
  format: DocumentFormat;
  name: string;
  data: Uint8Array;
}

/**
 * The model's reasoning, in a result, or sent back in a later turn. Claude signs it, and requires the signed
 * block back unchanged in a tool loop.
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
}

/** Reasoning the provider encrypted (Claude's `redacted_thinking`), as base64, to be sent back as it came. */
export interface RedactedReasoningPart {
  type: 'redacted-reasoning';
  data: string;
}

/** A prompt-cache checkpoint: the prefix up to here is cached (Converse `cachePoint`, Anthropic `cache_control`). */
export interface CachePointPart {
  type: 'cache-point';
  ttl?: CacheTtl;
}

export type ContentPart =
  | TextPart
  | ImagePart
  | DocumentPart
  | ToolCallPart
  | ToolResultPart
  | ReasoningPart
  | RedactedReasoningPart
  | CachePointPart;

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

/** What the answer must be: any JSON object, or JSON that follows a schema. */
export type OutputFormat =
  | { type: 'json-object' }
  | {
      type: 'json-schema';
      schema: Record<string, unknown>;
      name?: string;
      description?: string;
      /** The client asked for exact adherence (OpenAI's `strict`). */
      strict?: boolean;
    };

/** What the client asked of the model's reasoning: an effort, or (Claude's older models) a token budget. */
export interface ReasoningRequest {
  effort?: ReasoningEffort;
  budgetTokens?: number;
}

/** A Bedrock guardrail applied to the call. */
export interface GuardrailReference {
  identifier: string;
  /** A version number, or `DRAFT`. */
  version: string;
  /** Ask Bedrock for the guardrail's trace (what it found), for the log. */
  trace?: boolean;
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
  /** Sample from the K most likely tokens only (Claude's `top_k`, Nova's `topK`), where the model takes it. */
  topK?: number;
  stopSequences?: string[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Cache checkpoints after the system prompt and after the tool definitions (messages carry their own). */
  cachePoints?: { system?: CachePointPart; tools?: CachePointPart };
  reasoning?: ReasoningRequest;
  outputFormat?: OutputFormat;
  guardrail?: GuardrailReference;
  serviceTier?: 'default' | ServiceTier;
}

/** The canonical parameter names, as used in "cannot honour" messages. */
export type CanonicalParameter =
  | 'system'
  | 'temperature'
  | 'top_p'
  | 'top_k'
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
