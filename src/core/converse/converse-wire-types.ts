/**
 * The Converse API's JSON shapes, as plain types mirroring the wire (field names exactly as Bedrock spells them).
 * No SDK types: the Bedrock client casts these to the SDK's structurally close ones. Amazon Nova's native
 * InvokeModel body uses the same shapes.
 */

export interface ConverseTextBlock {
  text: string;
}

export interface ConverseToolUseBlock {
  toolUse: { toolUseId: string; name: string; input: unknown };
}

export interface ConverseToolResultBlock {
  toolResult: {
    toolUseId: string;
    content: ConverseTextBlock[];
    /** Sent only for errors; Bedrock documents the field for Anthropic Claude and Amazon Nova models only. */
    status?: 'success' | 'error';
  };
}

/** Bytes: the SDK takes a Uint8Array and sends base64 on the wire. */
export interface ConverseImageBlock {
  image: { format: string; source: { bytes: Uint8Array } };
}

export interface ConverseDocumentBlock {
  document: { format: string; name: string; source: { bytes: Uint8Array } };
}

export interface ConverseReasoningBlock {
  reasoningContent: { reasoningText: { text: string; signature?: string } } | { redactedContent: Uint8Array };
}

export interface ConverseCachePointBlock {
  cachePoint: { type: 'default'; ttl?: '5m' | '1h' };
}

export type ConverseContentBlock =
  | ConverseTextBlock
  | ConverseImageBlock
  | ConverseDocumentBlock
  | ConverseToolUseBlock
  | ConverseToolResultBlock
  | ConverseReasoningBlock
  | ConverseCachePointBlock;

export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ConverseContentBlock[];
}

export interface ConverseInferenceConfig {
  maxTokens: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

export interface ConverseToolSpecification {
  toolSpec: {
    name: string;
    description?: string;
    inputSchema: { json: Record<string, unknown> };
  };
}

export type ConverseToolChoice =
  | { auto: Record<string, never> }
  | { any: Record<string, never> }
  | { tool: { name: string } };

export interface ConverseToolConfig {
  tools: Array<ConverseToolSpecification | ConverseCachePointBlock>;
  toolChoice?: ConverseToolChoice;
}

/** Converse `outputConfig`: a JSON schema the answer follows, and Claude's reasoning effort. */
export interface ConverseOutputConfig {
  textFormat?: {
    type: 'json_schema';
    structure: { jsonSchema: { schema: string; name?: string; description?: string } };
  };
  effort?: string;
}

export interface ConverseGuardrailConfig {
  guardrailIdentifier: string;
  guardrailVersion: string;
  trace?: 'enabled' | 'disabled';
}

/** The body of a Converse or ConverseStream request (the model id travels in the path). */
export interface ConverseRequestBody {
  messages: ConverseMessage[];
  system?: Array<ConverseTextBlock | ConverseCachePointBlock>;
  inferenceConfig: ConverseInferenceConfig;
  toolConfig?: ConverseToolConfig;
  additionalModelRequestFields?: Record<string, unknown>;
  outputConfig?: ConverseOutputConfig;
  guardrailConfig?: ConverseGuardrailConfig;
  serviceTier?: { type: 'priority' | 'default' | 'flex' };
}
