import { z } from 'zod';
import { formatTranscript, type TranscriptTurn } from '../format-transcript.js';
import type { ToolChoice, ToolDefinition } from '../model-input.js';
import type { Reply } from '../reply.js';

/*
 * The chat-completions body that gpt-oss (OpenAI's "Create chat completion", model-parameters-openai.html) and
 * Mistral's chat models (model-parameters-mistral-chat-completion.html) share on InvokeModel: messages with
 * roles, function tools, tool calls and tool results.
 */

const textPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

/** A chat message; `developer` is OpenAI's newer name for `system`. */
export const chatMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.null(), z.array(textPartSchema)]).optional(),
  tool_calls: z
    .array(
      z.looseObject({
        id: z.string(),
        function: z.looseObject({ name: z.string(), arguments: z.string() }),
      }),
    )
    .optional(),
  tool_call_id: z.string().optional(),
});

type ChatMessage = z.output<typeof chatMessageSchema>;

/** A function tool. */
export const chatToolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string(),
    description: z.string().optional(),
    parameters: z.unknown().optional(),
  }),
});

function flattenContent(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => part.text ?? `[${part.type}]`).join('\n');
}

function flattenMessage(message: ChatMessage): string {
  const calls = (message.tool_calls ?? []).map(
    (call) => `[tool_use ${call.function.name} ${call.function.arguments}]`,
  );
  const text =
    message.role === 'tool'
      ? `[tool_result ${flattenContent(message.content)}]`
      : flattenContent(message.content);
  return [text, ...calls].filter((part) => part !== '').join('\n');
}

/**
 * What the model reads from a chat: one transcript line per message (`system`/`developer` as `system:`), and the
 * tool results that follow the last assistant turn, so that a tool round trip ends in text.
 */
export function readChatConversation(messages: readonly ChatMessage[]): {
  prompt: string;
  toolResultText?: string;
} {
  const turns: TranscriptTurn[] = messages.map((message) => ({
    role: message.role === 'developer' ? 'system' : message.role,
    text: flattenMessage(message),
  }));
  const lastAssistant = messages.findLastIndex((message) => message.role === 'assistant');
  const results = messages.slice(lastAssistant + 1).filter((message) => message.role === 'tool');
  const prompt = formatTranscript(turns);
  if (lastAssistant < 0 || results.length === 0) return { prompt };
  return { prompt, toolResultText: results.map((message) => flattenContent(message.content)).join('\n') };
}

/** The offered function tools in the emulator's notation. */
export function readChatTools(
  tools: ReadonlyArray<z.output<typeof chatToolSchema>> | undefined,
): ToolDefinition[] {
  return (tools ?? []).map((tool) => ({
    name: tool.function.name,
    description: tool.function.description,
    inputSchema: tool.function.parameters,
  }));
}

/** `tool_choice`: OpenAI's `auto | none | required | {type: function, function: {name}}`, Mistral's `any`. */
export const chatToolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required', 'any']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
]);

export function readChatToolChoice(
  choice: z.output<typeof chatToolChoiceSchema> | undefined,
): ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === 'object') return { type: 'tool', name: choice.function.name };
  if (choice === 'required' || choice === 'any') return { type: 'any' };
  return { type: choice };
}

/** Chat finish reasons: a stop sequence is a plain `stop`. */
export function mapChatFinishReason(reply: Reply): 'stop' | 'length' | 'tool_calls' {
  if (reply.toolCall) return 'tool_calls';
  return reply.stopReason === 'max_tokens' ? 'length' : 'stop';
}

/** An assistant message's tool call, with the call id the family uses. */
export function buildChatToolCall(reply: Reply, id: string) {
  const call = reply.toolCall!;
  return { id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input) } };
}

/** Splits a `stop` member that may be one string or a list. */
export function readStopSequences(stop: string | readonly string[] | undefined): string[] {
  if (stop === undefined) return [];
  return typeof stop === 'string' ? [stop] : [...stop];
}
