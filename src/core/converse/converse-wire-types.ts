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

export type ConverseContentBlock = ConverseTextBlock | ConverseToolUseBlock | ConverseToolResultBlock;

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
  tools: ConverseToolSpecification[];
  toolChoice?: ConverseToolChoice;
}

/** The body of a Converse or ConverseStream request (the model id travels in the path). */
export interface ConverseRequestBody {
  messages: ConverseMessage[];
  system?: ConverseTextBlock[];
  inferenceConfig: ConverseInferenceConfig;
  toolConfig?: ConverseToolConfig;
}
