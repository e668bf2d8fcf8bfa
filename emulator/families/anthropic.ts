import { z } from 'zod';
import { ANTHROPIC_MESSAGES } from '../bedrock-messages.js';
import { checkClaudeRequest } from '../check-claude-request.js';
import { findModelMediaProblem, type MediaBlock, readMediaItem } from '../check-media-blocks.js';
import { createValidationError } from '../errors.js';
import type { ModelInput, ReplayedReasoning, ToolChoice } from '../model-input.js';
import { PromptWriter } from '../prompt-writer.js';
import { readReasoningRequest } from '../read-reasoning-request.js';
import type { Reply, StopReason } from '../reply.js';
import { validateBody } from '../validate-body.js';
import { planReasoningChunks, planTextChunks } from './plan-text-chunks.js';
import type { NativeChunk, NativeModel, ReplyContext, TextFamily } from './text-family.js';

/** `cache_control`: `ephemeral`, with an optional TTL (claude-models.md §2.6). */
const cacheControlSchema = z.looseObject({
  type: z.literal('ephemeral'),
  ttl: z.enum(['5m', '1h']).optional(),
});

const textBlockSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControlSchema.optional(),
});

/** A content block: typed loosely here, its media and reasoning shapes are checked by readMessageBlocks. */
const contentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  content: z
    .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))])
    .optional(),
  cache_control: cacheControlSchema.optional(),
  source: z.unknown().optional(),
  title: z.string().optional(),
  thinking: z.string().optional(),
  signature: z.string().optional(),
  data: z.string().optional(),
});

type ContentBlock = z.output<typeof contentBlockSchema>;

const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
});

const toolSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  input_schema: z.unknown().optional(),
  strict: z.boolean().optional(),
  cache_control: cacheControlSchema.optional(),
});

/**
 * Claude bodies meet Anthropic's validator, which refuses unknown top-level keys ("Extra inputs are not
 * permitted", bedrock-validation.md §6). Top-level automatic `cache_control` is one of them: Bedrock has no
 * automatic caching (claude-models.md §2.6). `anthropic_version` is any string here; which versions a model takes
 * is its catalogue entry's business. `output_config.format` is `{type: "json_schema", schema}` (claude-models.md
 * §2.5).
 */
const bodySchema = z.strictObject({
  anthropic_version: z.string(),
  anthropic_beta: z.array(z.string()).optional(),
  max_tokens: z.int().min(1),
  messages: z.array(messageSchema),
  system: z.union([z.string(), z.array(textBlockSchema)]).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.int().min(0).optional(),
  stop_sequences: z.array(z.string()).optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: z
    .looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional() })
    .optional(),
  metadata: z.unknown().optional(),
  thinking: z
    .looseObject({ type: z.string(), budget_tokens: z.int().optional(), display: z.string().optional() })
    .optional(),
  output_config: z
    .looseObject({
      effort: z.string().optional(),
      format: z.looseObject({ type: z.literal('json_schema'), schema: z.unknown() }).optional(),
    })
    .optional(),
  context_management: z.unknown().optional(),
});

type Body = z.output<typeof bodySchema>;
type Message = z.output<typeof messageSchema>;

const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

function flattenBlock(block: ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text ?? '';
    case 'tool_use':
      return `[tool_use ${block.name} ${JSON.stringify(block.input)}]`;
    case 'tool_result':
      return `[tool_result ${flattenToolResult(block)}]`;
    default:
      return `[${block.type}]`;
  }
}

function flattenToolResult(block: ContentBlock): string {
  if (typeof block.content === 'string') return block.content;
  return (block.content ?? []).map((item) => item.text ?? `[${item.type}]`).join('\n');
}

function readToolResultText(messages: readonly Message[]): string | undefined {
  const content = messages.findLast((message) => message.role === 'user')?.content;
  const results =
    typeof content === 'string' ? [] : (content ?? []).filter((block) => block.type === 'tool_result');
  return results.length === 0 ? undefined : results.map(flattenToolResult).join('\n');
}

function readToolChoice(choice: Body['tool_choice']): ToolChoice | undefined {
  if (choice?.type === 'tool') return { type: 'tool', name: choice.name ?? '' };
  return choice ? { type: choice.type } : undefined;
}

function listBlocks(message: Message): ContentBlock[] {
  return typeof message.content === 'string' ? [] : message.content;
}

/** Cache breakpoints in Bedrock's order (tools, system, messages), at the block each marks. */
function listCacheBreakpoints(request: Body): Array<{ location: string; ttl?: '5m' | '1h' }> {
  const points: Array<{ location: string; ttl?: '5m' | '1h' }> = [];
  const add = (location: string, control: { ttl?: '5m' | '1h' } | undefined) => {
    if (control) points.push({ location, ...(control.ttl === undefined ? {} : { ttl: control.ttl }) });
  };
  for (const [index, tool] of (request.tools ?? []).entries()) add(`tools.${index}`, tool.cache_control);
  if (Array.isArray(request.system)) {
    for (const [index, block] of request.system.entries()) add(`system.${index}`, block.cache_control);
  }
  for (const [messageIndex, message] of request.messages.entries()) {
    for (const [index, block] of listBlocks(message).entries()) {
      add(`messages.${messageIndex}.content.${index}`, block.cache_control);
    }
  }
  return points;
}

/** Claude's own rules for this body (check-claude-request.ts), with InvokeModel's bare wording. */
function checkBody(request: Body, model: NativeModel): void {
  const strictToolIndex = (request.tools ?? []).findIndex((tool) => tool.strict === true);
  const format = request.output_config?.format;
  checkClaudeRequest(model.definition, model.modelId, {
    api: 'invoke',
    apiVersion: request.anthropic_version,
    betas: request.anthropic_beta ?? [],
    nativeMaxTokens: request.max_tokens,
    maxTokens: request.max_tokens,
    temperature: request.temperature,
    topP: request.top_p,
    topK: request.top_k,
    toolNames: (request.tools ?? []).map((tool) => tool.name),
    toolChoice: readToolChoice(request.tool_choice),
    strictToolIndex: strictToolIndex >= 0 ? strictToolIndex : undefined,
    thinking: request.thinking && {
      type: request.thinking.type,
      budgetTokens: request.thinking.budget_tokens,
    },
    effort: request.output_config?.effort,
    structuredOutput: format !== undefined,
    ...(format ? { outputSchema: { schema: format.schema } } : {}),
    cachePoints: listCacheBreakpoints(request),
  });
}

/**
 * The image and document blocks, checked for the shapes Anthropic's validator takes on Bedrock: a `base64`
 * source (URL and file sources are not on Bedrock, claude-models.md §2.1) with an image media type, or a PDF,
 * text or content source for a document. Messages in Anthropic's words (bedrock-validation.md §15).
 */
function readMediaBlocks(messages: readonly Message[]): MediaBlock[] {
  const blocks: MediaBlock[] = [];
  messages.forEach((message, messageIndex) => {
    listBlocks(message).forEach((block, blockIndex) => {
      if (block.type !== 'image' && block.type !== 'document') return;
      const location = `messages.${messageIndex}.content.${blockIndex}.${block.type}.source`;
      const source = block.source as Record<string, unknown> | undefined;
      if (typeof source !== 'object' || source === null)
        throw createValidationError(`${location}: Field required`);
      const common = { kind: block.type, messageIndex, blockIndex, role: message.role } as const;
      if (block.type === 'image') blocks.push({ ...common, ...readImageSource(source, location) });
      else
        blocks.push({ ...common, ...readDocumentSource(source, location), name: block.title ?? 'document' });
    });
  });
  return blocks;
}

function readImageSource(source: Record<string, unknown>, location: string): Partial<MediaBlock> {
  if (source.type !== 'base64') {
    throw createValidationError(
      ANTHROPIC_MESSAGES.sourceTypeUnsupported(location, String(source.type), ['base64']),
    );
  }
  const mediaType = source.media_type;
  if (typeof mediaType !== 'string' || !IMAGE_MEDIA_TYPES.includes(mediaType)) {
    throw createValidationError(ANTHROPIC_MESSAGES.imageMediaTypeInvalid(`${location}.base64`));
  }
  return {
    format: mediaType.slice('image/'.length),
    bytes: decodeBase64(source.data, `${location}.base64.data`),
  };
}

function readDocumentSource(source: Record<string, unknown>, location: string): Partial<MediaBlock> {
  switch (source.type) {
    case 'base64':
      if (source.media_type !== 'application/pdf') {
        throw createValidationError(`${location}.base64.media_type: Input should be 'application/pdf'`);
      }
      return { format: 'pdf', bytes: decodeBase64(source.data, `${location}.base64.data`) };
    case 'text':
      if (typeof source.data !== 'string')
        throw createValidationError(`${location}.text.data: Field required`);
      return { format: 'txt', text: source.data };
    case 'content': {
      const content = Array.isArray(source.content) ? source.content : [];
      const text = content
        .map((item) => (typeof item?.text === 'string' ? item.text : ''))
        .filter((part) => part !== '')
        .join('\n');
      return { format: 'txt', text };
    }
    default:
      throw createValidationError(
        ANTHROPIC_MESSAGES.sourceTypeUnsupported(location, String(source.type), [
          'base64',
          'text',
          'content',
        ]),
      );
  }
}

function decodeBase64(data: unknown, location: string): Uint8Array {
  const compact = typeof data === 'string' ? data.replace(/\s+/g, '') : '';
  if (compact === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw createValidationError(ANTHROPIC_MESSAGES.invalidBase64(location));
  }
  return Uint8Array.from(Buffer.from(compact, 'base64'));
}

/** The thinking blocks the body sends back, for the signature checks (check-replayed-reasoning.ts). */
function readReplayedReasoning(messages: readonly Message[]): ReplayedReasoning[] {
  return messages.flatMap((message, messageIndex) =>
    listBlocks(message).flatMap((block, blockIndex): ReplayedReasoning[] => {
      if (block.type === 'thinking') {
        return [
          {
            messageIndex,
            blockIndex,
            kind: 'text',
            text: block.thinking ?? '',
            ...(block.signature === undefined ? {} : { signature: block.signature }),
          },
        ];
      }
      if (block.type === 'redacted_thinking') {
        return [{ messageIndex, blockIndex, kind: 'redacted', data: block.data ?? '' }];
      }
      return [];
    }),
  );
}

/**
 * The prompt as the model sees it, block by block in Bedrock's order: tools, then the system prompt, then the
 * messages, with their cache points and media. Thinking sent back is not shown: Claude strips it from earlier
 * turns.
 */
function writePrompt(request: Body, media: readonly MediaBlock[]): PromptWriter {
  const writer = new PromptWriter();
  for (const tool of request.tools ?? []) {
    writer.addTool();
    if (tool.cache_control) writer.addCachePoint(tool.cache_control.ttl);
  }
  if (typeof request.system === 'string' && request.system !== '') {
    writer.beginTurn('system');
    writer.addBlock(request.system);
  } else if (Array.isArray(request.system) && request.system.length > 0) {
    writer.beginTurn('system');
    for (const block of request.system) {
      writer.addBlock(block.text);
      if (block.cache_control) writer.addCachePoint(block.cache_control.ttl);
    }
  }
  request.messages.forEach((message, messageIndex) => {
    writer.beginTurn(message.role);
    if (typeof message.content === 'string') {
      writer.addBlock(message.content);
      return;
    }
    message.content.forEach((block, blockIndex) => {
      if (block.type === 'image' || block.type === 'document') {
        const found = media.find(
          (candidate) => candidate.messageIndex === messageIndex && candidate.blockIndex === blockIndex,
        );
        if (found) writer.addMedia(readMediaItem(found));
      } else if (block.type !== 'thinking' && block.type !== 'redacted_thinking') {
        writer.addBlock(flattenBlock(block));
      }
      if (block.cache_control) writer.addCachePoint(block.cache_control.ttl);
    });
  });
  return writer;
}

function readLastAssistantTurn(messages: readonly Message[]): ModelInput['lastAssistantTurn'] {
  const messageIndex = messages.findLastIndex((message) => message.role === 'assistant');
  const message = messages[messageIndex];
  if (!message) return undefined;
  const blocks = listBlocks(message);
  return {
    messageIndex,
    firstBlockType: typeof message.content === 'string' ? 'text' : (blocks[0]?.type ?? 'text'),
    callsTools: blocks.some((block) => block.type === 'tool_use'),
  };
}

const STOP_REASONS: Record<StopReason, string> = {
  end_turn: 'end_turn',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  tool_use: 'tool_use',
  // InvokeModel keeps `end_turn` and returns the guardrail's message as the reply, flagging it with
  // `amazon-bedrock-guardrailAction` (NousResearch/hermes-agent PR #107815, measured live).
  guardrail_intervened: 'end_turn',
};

function buildReasoningBlock(reply: Reply): Record<string, unknown> | undefined {
  const reasoning = reply.reasoning;
  if (reasoning?.kind === 'redacted') return { type: 'redacted_thinking', data: reasoning.data };
  if (reasoning?.kind === 'text') {
    return { type: 'thinking', thinking: reasoning.text, signature: reasoning.signature ?? '' };
  }
  return undefined;
}

function buildContentBlock(reply: Reply): Record<string, unknown> {
  if (reply.toolCall) {
    const { id, name, input } = reply.toolCall;
    return { type: 'tool_use', id, name, input };
  }
  return { type: 'text', text: reply.text };
}

function buildMessageId(context: ReplyContext): string {
  return `msg_bdrk_${context.requestId.replaceAll('-', '').slice(0, 24)}`;
}

/**
 * Claude's input usage: `input_tokens` are the uncached ones, `cache_read_input_tokens` and
 * `cache_creation_input_tokens` the cached, `cache_creation` splits the writes by TTL (claude-models.md §6). The
 * cache members are sent when the request set cache points. Bedrock sends them as zeros on other calls too (a
 * Claude Sonnet 4.5 `message_start` in BerriAI/litellm's tests, code id 51796159585), but the gateway's tests still
 * expect the plain usage there (test/native-invoke.test.ts), so the emulator leaves them out until that changes.
 */
function buildInputUsage(reply: Reply): Record<string, unknown> {
  const cache = reply.cache;
  if (!cache) return { input_tokens: reply.inputTokens };
  return {
    input_tokens: reply.inputTokens,
    cache_creation_input_tokens: cache.writeTokens,
    cache_read_input_tokens: cache.readTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: cache.writeTokensByTtl['5m'],
      ephemeral_1h_input_tokens: cache.writeTokensByTtl['1h'],
    },
  };
}

/**
 * Anthropic Claude Messages API (`anthropic.*`): the model sees the system prompt and the messages as a
 * transcript (`system:`, `user:`, `assistant:` lines).
 */
export const anthropic: TextFamily = {
  defaultMaxTokens: 4096,
  readInvokeBody(body, model): ModelInput {
    const request = validateBody(bodySchema, body, 'anthropic');
    const media = readMediaBlocks(request.messages);
    checkBody(request, model);
    if (request.messages[0]?.role !== 'user') {
      throw createValidationError('messages: first message must use the "user" role');
    }
    const mediaProblem = findModelMediaProblem(model.definition, media, 'invoke');
    if (mediaProblem) throw createValidationError(mediaProblem);
    const writer = writePrompt(request, media);
    const reasoning = readReasoningRequest(model.definition, {
      ...(request.thinking
        ? {
            thinking: {
              type: request.thinking.type,
              ...(request.thinking.budget_tokens === undefined
                ? {}
                : { budgetTokens: request.thinking.budget_tokens }),
              ...(request.thinking.display === undefined ? {} : { display: request.thinking.display }),
            },
          }
        : {}),
      ...(request.output_config?.effort === undefined ? {} : { effort: request.output_config.effort }),
    });
    const replayedReasoning = readReplayedReasoning(request.messages);
    const lastAssistantTurn = readLastAssistantTurn(request.messages);
    const toolResultText = readToolResultText(request.messages);
    return {
      prompt: writer.prompt,
      maxTokens: request.max_tokens,
      stopSequences: request.stop_sequences ?? [],
      tools: (request.tools ?? []).map((tool) => ({
        name: tool.name,
        description: tool.description,
        inputSchema: tool.input_schema,
      })),
      toolChoice: readToolChoice(request.tool_choice),
      ...(toolResultText === undefined ? {} : { toolResultText }),
      ...(writer.media.length === 0 ? {} : { media: writer.media }),
      ...(writer.cache ? { cache: writer.cache } : {}),
      ...(reasoning ? { reasoning } : {}),
      ...(request.output_config?.format ? { outputSchema: request.output_config.format.schema } : {}),
      ...(replayedReasoning.length === 0 ? {} : { replayedReasoning }),
      ...(lastAssistantTurn ? { lastAssistantTurn } : {}),
    };
  },
  buildInvokeResponse(reply, context) {
    const reasoning = buildReasoningBlock(reply);
    return {
      id: buildMessageId(context),
      type: 'message',
      role: 'assistant',
      model: context.modelId,
      content: [...(reasoning ? [reasoning] : []), buildContentBlock(reply)],
      stop_reason: STOP_REASONS[reply.stopReason],
      stop_sequence: reply.stopSequence ?? null,
      usage: { ...buildInputUsage(reply), output_tokens: reply.outputTokens },
    };
  },
  buildStreamChunks(reply, context) {
    const chunks: NativeChunk[] = [
      {
        phase: 'head',
        body: {
          type: 'message_start',
          message: {
            id: buildMessageId(context),
            type: 'message',
            role: 'assistant',
            model: context.modelId,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...buildInputUsage(reply), output_tokens: 1 },
          },
        },
      },
    ];
    let index = 0;
    const reasoning = reply.reasoning;
    if (reasoning?.kind === 'redacted') {
      chunks.push(
        {
          phase: 'content',
          body: { type: 'content_block_start', index, content_block: buildReasoningBlock(reply) },
        },
        { phase: 'content', body: { type: 'content_block_stop', index } },
      );
      index++;
    } else if (reasoning?.kind === 'text') {
      // The signature arrives last, "just before the block's content_block_stop" (claude-models.md §5).
      chunks.push(
        {
          phase: 'head',
          body: {
            type: 'content_block_start',
            index,
            content_block: { type: 'thinking', thinking: '', signature: '' },
          },
        },
        ...planReasoningChunks(reply).map(
          (chunk): NativeChunk => ({
            phase: 'content',
            body: {
              type: 'content_block_delta',
              index,
              delta: { type: 'thinking_delta', thinking: chunk.text },
            },
          }),
        ),
        {
          phase: 'content',
          body: {
            type: 'content_block_delta',
            index,
            delta: { type: 'signature_delta', signature: reasoning.signature ?? '' },
          },
        },
        { phase: 'content', body: { type: 'content_block_stop', index } },
      );
      index++;
    }
    const start = reply.toolCall ? { ...buildContentBlock(reply), input: {} } : { type: 'text', text: '' };
    const deltaType = reply.toolCall ? 'input_json_delta' : 'text_delta';
    const deltaKey = reply.toolCall ? 'partial_json' : 'text';
    chunks.push(
      { phase: 'head', body: { type: 'content_block_start', index, content_block: start } },
      ...planTextChunks(reply).map(
        (chunk): NativeChunk => ({
          phase: 'content',
          body: { type: 'content_block_delta', index, delta: { type: deltaType, [deltaKey]: chunk.text } },
        }),
      ),
      { phase: 'tail', body: { type: 'content_block_stop', index } },
      {
        phase: 'tail',
        body: {
          type: 'message_delta',
          delta: { stop_reason: STOP_REASONS[reply.stopReason], stop_sequence: reply.stopSequence ?? null },
          usage: { output_tokens: reply.outputTokens },
        },
      },
      { phase: 'tail', body: { type: 'message_stop' } },
    );
    return chunks;
  },
};
