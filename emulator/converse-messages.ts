import { z } from 'zod';
import { createValidationError } from './errors.js';
import { formatTranscript, type TranscriptTurn } from './format-transcript.js';
import type { ToolChoice, ToolDefinition } from './model-input.js';
import { patternString } from './smithy-pattern.js';

const KNOWN_BLOCK_TYPES = new Set([
  'text',
  'image',
  'document',
  'video',
  'toolUse',
  'toolResult',
  'guardContent',
  'cachePoint',
  'reasoningContent',
  'citationsContent',
  'searchResult',
  'audio',
]);

const toolResultContentSchema = z.looseObject({ text: z.string().optional(), json: z.unknown().optional() });

/** `CachePointBlock`: `type` is required and only `default`; `ttl` is `5m` or `1h` (botocore, §19). */
export const cachePointSchema = z.looseObject({
  type: z.enum(['default']),
  ttl: z.enum(['5m', '1h']).optional(),
});

/** `ToolName`: pattern, then length 1-64 (bedrock-validation.md §19). */
const toolNameSchema = patternString('[a-zA-Z0-9_-]+').min(1).max(64);

/** A Converse content block: a union, so exactly one member may be set. */
export const contentBlockSchema = z
  .looseObject({
    text: z.string().optional(),
    toolUse: z.looseObject({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).optional(),
    toolResult: z
      .looseObject({
        toolUseId: z.string(),
        content: z.array(toolResultContentSchema),
        status: z.enum(['success', 'error']).optional(),
      })
      .optional(),
    document: z
      .looseObject({
        name: z.string().min(1).max(200).optional(),
        format: z.enum(['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md']).optional(),
      })
      .optional(),
    image: z
      .looseObject({ format: z.enum(['png', 'jpeg', 'gif', 'webp']), source: z.looseObject({}) })
      .optional(),
    cachePoint: cachePointSchema.optional(),
  })
  .superRefine((block, context) => {
    const keys = Object.keys(block);
    if (keys.length !== 1) {
      context.addIssue({
        code: 'custom',
        message: `Member must have exactly one field set, found ${keys.length}`,
      });
    } else if (!KNOWN_BLOCK_TYPES.has(keys[0] as string)) {
      context.addIssue({ code: 'custom', message: `Member must be a known content block, not [${keys[0]}]` });
    }
  });

export type ContentBlock = z.output<typeof contentBlockSchema>;

/** A Converse (and Nova) message. */
export const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.array(contentBlockSchema),
});

export type Message = z.output<typeof messageSchema>;

/** Converse and Nova system blocks: text (`NonEmptyString`) or a cache point, among others. */
export const systemSchema = z.array(
  z.looseObject({ text: z.string().min(1).optional(), cachePoint: cachePointSchema.optional() }),
);

/** Converse and Nova `toolConfig`. */
export const toolConfigSchema = z.looseObject({
  tools: z
    .array(
      z.looseObject({
        toolSpec: z
          .looseObject({
            name: toolNameSchema,
            description: z.string().min(1).optional(),
            inputSchema: z.looseObject({ json: z.unknown() }),
          })
          .optional(),
        cachePoint: cachePointSchema.optional(),
      }),
    )
    .min(1),
  toolChoice: z
    .looseObject({
      auto: z.unknown().optional(),
      any: z.unknown().optional(),
      tool: z.looseObject({ name: toolNameSchema }).optional(),
    })
    .optional(),
});

export type ToolConfig = z.output<typeof toolConfigSchema>;

/**
 * The checks Bedrock makes on a conversation beyond its schema, with Bedrock's messages:
 * it starts with a user turn, alternates roles, has no empty turn, and declares tools when it uses them.
 */
export function checkConversation(messages: readonly Message[], toolConfig: ToolConfig | undefined): void {
  if (messages[0]?.role !== 'user') {
    throw createValidationError(
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
  }
  messages.forEach((message, index) => {
    if (index > 0 && messages[index - 1]?.role === message.role) {
      throw createValidationError(
        'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
      );
    }
    if (message.content.length === 0) {
      throw createValidationError(
        `The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`,
      );
    }
  });
  const usesTools = messages.some((message) =>
    message.content.some((block) => block.toolUse || block.toolResult),
  );
  if (usesTools && toolConfig === undefined) {
    throw createValidationError(
      'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
    );
  }
}

/** What the model reads from a Converse-shaped conversation. */
export interface ConversationView {
  prompt: string;
  toolResultText?: string;
}

/** Flattens system blocks and messages into the model's view (see format-transcript.ts). */
export function readConversation(
  system: ReadonlyArray<{ text?: string | undefined }> | undefined,
  messages: readonly Message[],
): ConversationView {
  const turns: TranscriptTurn[] = [];
  const systemText = (system ?? [])
    .flatMap((block) => (block.text === undefined ? [] : [block.text]))
    .join('\n');
  if (systemText !== '') turns.push({ role: 'system', text: systemText });
  // A cache point marks a prefix; it is not content the model reads.
  for (const message of messages) {
    const blocks = message.content.filter((block) => block.cachePoint === undefined);
    turns.push({ role: message.role, text: blocks.map(flattenBlock).join('\n') });
  }
  const lastUserTurn = messages.findLast((message) => message.role === 'user');
  const toolResults = (lastUserTurn?.content ?? []).flatMap((block) =>
    block.toolResult ? [block.toolResult] : [],
  );
  const prompt = formatTranscript(turns);
  if (toolResults.length === 0) return { prompt };
  return {
    prompt,
    toolResultText: toolResults.map((result) => flattenToolResult(result.content)).join('\n'),
  };
}

function flattenBlock(block: ContentBlock): string {
  if (block.text !== undefined) return block.text;
  if (block.toolUse) return `[tool_use ${block.toolUse.name} ${JSON.stringify(block.toolUse.input)}]`;
  if (block.toolResult) return `[tool_result ${flattenToolResult(block.toolResult.content)}]`;
  if (block.document) return block.document.name ? `[document ${block.document.name}]` : '[document]';
  return `[${Object.keys(block)[0]}]`;
}

function flattenToolResult(content: ReadonlyArray<z.output<typeof toolResultContentSchema>>): string {
  return content.map((item) => item.text ?? JSON.stringify(item.json)).join('\n');
}

/** The tools a Converse-style `toolConfig` offers. */
export function readTools(toolConfig: ToolConfig | undefined): ToolDefinition[] {
  return (toolConfig?.tools ?? []).flatMap((tool) =>
    tool.toolSpec
      ? [
          {
            name: tool.toolSpec.name,
            description: tool.toolSpec.description,
            inputSchema: tool.toolSpec.inputSchema.json,
          },
        ]
      : [],
  );
}

/** A Converse-style `toolChoice` in the emulator's notation. */
export function readToolChoice(toolConfig: ToolConfig | undefined): ToolChoice | undefined {
  const choice = toolConfig?.toolChoice;
  if (choice?.tool) return { type: 'tool', name: choice.tool.name };
  if (choice?.any !== undefined) return { type: 'any' };
  if (choice?.auto !== undefined) return { type: 'auto' };
  return undefined;
}
