import { z } from 'zod';
import { type MediaBlock, readMediaItem } from './check-media-blocks.js';
import { createValidationError } from './errors.js';
import type { MediaItem } from './inspect-media.js';
import { DOCUMENT_FORMATS, IMAGE_FORMATS } from './inspect-media.js';
import type {
  AssistantTurnShape,
  PromptCacheLayout,
  ReplayedReasoning,
  ToolChoice,
  ToolDefinition,
} from './model-input.js';
import { PromptWriter } from './prompt-writer.js';
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

/** A Smithy blob as JSON carries it (the SDK base64-encodes `Uint8Array`s). */
const blobSchema = z.base64();

/** A union member: exactly one of its fields (Smithy unions such as `ImageSource`, `DocumentSource`). */
function requireOneMember(value: Record<string, unknown>, context: z.RefinementCtx): void {
  const set = Object.keys(value).filter((key) => value[key] !== undefined);
  if (set.length !== 1) {
    context.addIssue({
      code: 'custom',
      message: `Member must have exactly one field set, found ${set.length}`,
    });
  }
}

/** `S3Location` (§19), which the emulator accepts but cannot read. */
const s3LocationSchema = z.looseObject({
  uri: patternString('s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?').min(1).max(1024),
  bucketOwner: z.string().optional(),
});

/** `ImageBlock`: `format` and `source` (`bytes` or `s3Location`) required (§19). */
const imageBlockSchema = z.looseObject({
  format: z.enum(IMAGE_FORMATS),
  source: z
    .looseObject({ bytes: blobSchema.optional(), s3Location: s3LocationSchema.optional() })
    .superRefine(requireOneMember),
});

/** `DocumentBlock`: `name` (1-200) and `source` required, `format` optional (§19). */
const documentBlockSchema = z.looseObject({
  name: z.string().min(1).max(200),
  format: z.enum(DOCUMENT_FORMATS).optional(),
  source: z
    .looseObject({
      bytes: blobSchema.optional(),
      s3Location: s3LocationSchema.optional(),
      text: z.string().optional(),
      content: z.array(z.looseObject({ text: z.string().optional() })).optional(),
    })
    .superRefine(requireOneMember),
});

/** `ReasoningContentBlock`: a union of `reasoningText {text, signature?}` and `redactedContent` (a blob). */
const reasoningContentSchema = z
  .looseObject({
    reasoningText: z.looseObject({ text: z.string(), signature: z.string().optional() }).optional(),
    redactedContent: blobSchema.optional(),
  })
  .superRefine(requireOneMember);

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
    document: documentBlockSchema.optional(),
    image: imageBlockSchema.optional(),
    cachePoint: cachePointSchema.optional(),
    reasoningContent: reasoningContentSchema.optional(),
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
  media?: readonly MediaItem[];
  cache?: PromptCacheLayout;
  replayedReasoning?: readonly ReplayedReasoning[];
  lastAssistantTurn?: AssistantTurnShape;
}

/**
 * The images and documents of a Converse-shaped conversation, as the media checks see them. For Claude a block's
 * index is the one Anthropic's validator reports: Bedrock turns a cache point into the previous block's
 * `cache_control`, so cache points are not counted (Portkey-AI/gateway#1762 shows `messages.3.content.0` for the
 * block before a cache point).
 */
export function listConverseMediaBlocks(messages: readonly Message[]): MediaBlock[] {
  return messages.flatMap((message, messageIndex) =>
    listModelBlocks(message).flatMap(({ block, blockIndex }): MediaBlock[] => {
      const common = { messageIndex, blockIndex, role: message.role };
      if (block.image) {
        const { bytes, s3Location } = block.image.source;
        return [
          {
            kind: 'image',
            ...common,
            format: block.image.format,
            ...(bytes === undefined ? {} : { bytes: decodeBlob(bytes) }),
            ...(s3Location ? { location: s3Location.uri } : {}),
          },
        ];
      }
      if (block.document) {
        const { bytes, s3Location, text, content } = block.document.source;
        const contentText = content?.map((item) => item.text ?? '').join('\n');
        return [
          {
            kind: 'document',
            ...common,
            name: block.document.name,
            ...(block.document.format === undefined ? {} : { format: block.document.format }),
            ...(bytes === undefined ? {} : { bytes: decodeBlob(bytes) }),
            ...(s3Location ? { location: s3Location.uri } : {}),
            ...((text ?? contentText) === undefined ? {} : { text: text ?? contentText }),
          },
        ];
      }
      return [];
    }),
  );
}

/** A message's blocks as the model counts them: cache points attach to the block before, they are no block. */
function listModelBlocks(message: Message): Array<{ block: ContentBlock; blockIndex: number }> {
  return message.content
    .filter((block) => block.cachePoint === undefined)
    .map((block, blockIndex) => ({ block, blockIndex }));
}

function decodeBlob(base64: string): Uint8Array {
  return Uint8Array.from(Buffer.from(base64, 'base64'));
}

/** The messages that hold a non-empty text block, for the rule that a document needs one. */
export function listMessagesWithText(messages: readonly Message[]): Set<number> {
  const indices = new Set<number>();
  messages.forEach((message, index) => {
    if (message.content.some((block) => block.text !== undefined && block.text.trim() !== ''))
      indices.add(index);
  });
  return indices;
}

/**
 * Flattens tools, system blocks and messages into the model's view (see format-transcript.ts), in Bedrock's order,
 * with the media, the cache points, the reasoning sent back and the last assistant turn's shape. Reasoning sent
 * back is not shown: Claude strips earlier turns' thinking from the context.
 */
export function readConversation(
  system: ReadonlyArray<{ text?: string | undefined; cachePoint?: { ttl?: '5m' | '1h' } }> | undefined,
  messages: readonly Message[],
  toolConfig?: ToolConfig,
): ConversationView {
  const writer = new PromptWriter();
  for (const tool of toolConfig?.tools ?? []) {
    if (tool.toolSpec) writer.addTool();
    if (tool.cachePoint) writer.addCachePoint(tool.cachePoint.ttl);
  }
  const systemBlocks = system ?? [];
  if (systemBlocks.some((block) => block.text !== undefined)) writer.beginTurn('system');
  for (const block of systemBlocks) {
    if (block.text !== undefined) writer.addBlock(block.text);
    if (block.cachePoint) writer.addCachePoint(block.cachePoint.ttl);
  }
  const mediaBlocks = listConverseMediaBlocks(messages);
  const replayedReasoning: ReplayedReasoning[] = [];
  messages.forEach((message, messageIndex) => {
    writer.beginTurn(message.role);
    let blockIndex = 0;
    for (const block of message.content) {
      if (block.cachePoint) {
        writer.addCachePoint(block.cachePoint.ttl);
        continue;
      }
      if (block.reasoningContent) {
        replayedReasoning.push(readReplayedReasoning(block.reasoningContent, messageIndex, blockIndex));
      } else if (block.image || block.document) {
        const media = mediaBlocks.find(
          (candidate) => candidate.messageIndex === messageIndex && candidate.blockIndex === blockIndex,
        );
        if (media) writer.addMedia(readMediaItem(media));
      } else {
        writer.addBlock(flattenBlock(block));
      }
      blockIndex++;
    }
  });
  const lastUserTurn = messages.findLast((message) => message.role === 'user');
  const toolResults = (lastUserTurn?.content ?? []).flatMap((block) =>
    block.toolResult ? [block.toolResult] : [],
  );
  const lastAssistantTurn = readLastAssistantTurn(messages);
  return {
    prompt: writer.prompt,
    ...(toolResults.length === 0
      ? {}
      : { toolResultText: toolResults.map((result) => flattenToolResult(result.content)).join('\n') }),
    ...(writer.media.length === 0 ? {} : { media: writer.media }),
    ...(writer.cache ? { cache: writer.cache } : {}),
    ...(replayedReasoning.length === 0 ? {} : { replayedReasoning }),
    ...(lastAssistantTurn ? { lastAssistantTurn } : {}),
  };
}

function readReplayedReasoning(
  reasoning: z.output<typeof reasoningContentSchema>,
  messageIndex: number,
  blockIndex: number,
): ReplayedReasoning {
  if (reasoning.reasoningText) {
    return {
      messageIndex,
      blockIndex,
      kind: 'text',
      text: reasoning.reasoningText.text,
      ...(reasoning.reasoningText.signature === undefined
        ? {}
        : { signature: reasoning.reasoningText.signature }),
    };
  }
  return { messageIndex, blockIndex, kind: 'redacted', data: reasoning.redactedContent ?? '' };
}

/** Claude's names for Converse's blocks, as its validator reports the first block of a turn. */
function nameBlockForClaude(block: ContentBlock): string {
  if (block.reasoningContent)
    return block.reasoningContent.redactedContent ? 'redacted_thinking' : 'thinking';
  if (block.toolUse) return 'tool_use';
  if (block.toolResult) return 'tool_result';
  return Object.keys(block)[0] ?? 'text';
}

function readLastAssistantTurn(messages: readonly Message[]): AssistantTurnShape | undefined {
  const messageIndex = messages.findLastIndex((message) => message.role === 'assistant');
  const message = messages[messageIndex];
  const first = message && listModelBlocks(message)[0]?.block;
  if (!message || !first) return undefined;
  return {
    messageIndex,
    firstBlockType: nameBlockForClaude(first),
    callsTools: message.content.some((block) => block.toolUse !== undefined),
  };
}

function flattenBlock(block: ContentBlock): string {
  if (block.text !== undefined) return block.text;
  if (block.toolUse) return `[tool_use ${block.toolUse.name} ${JSON.stringify(block.toolUse.input)}]`;
  if (block.toolResult) return `[tool_result ${flattenToolResult(block.toolResult.content)}]`;
  return `[${Object.keys(block)[0]}]`;
}

function flattenToolResult(content: ReadonlyArray<z.output<typeof toolResultContentSchema>>): string {
  return content
    .map(
      (item) =>
        item.text ?? (item.json === undefined ? `[${Object.keys(item)[0]}]` : JSON.stringify(item.json)),
    )
    .join('\n');
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
