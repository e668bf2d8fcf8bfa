import { z } from 'zod';
import { checkClaudeRequest } from '../check-claude-request.js';
import { createValidationError } from '../errors.js';
import { formatTranscript } from '../format-transcript.js';
import type { ModelInput, ToolChoice } from '../model-input.js';
import type { Reply, StopReason } from '../reply.js';
import { validateBody } from '../validate-body.js';
import { planTextChunks } from './plan-text-chunks.js';
import type { NativeChunk, NativeModel, ReplyContext, TextFamily } from './text-family.js';

const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });

const contentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  content: z
    .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))])
    .optional(),
  cache_control: z.unknown().optional(),
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
  cache_control: z.unknown().optional(),
});

/**
 * Claude bodies meet Anthropic's validator, which refuses unknown top-level keys ("Extra inputs are not
 * permitted", bedrock-validation.md §6). Top-level automatic `cache_control` is one of them: Bedrock has no
 * automatic caching (claude-models.md §2.6). `anthropic_version` is any string here; which versions a model takes
 * is its catalogue entry's business.
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
  thinking: z.looseObject({ type: z.string(), budget_tokens: z.int().optional() }).optional(),
  output_config: z.looseObject({ effort: z.string().optional(), format: z.unknown().optional() }).optional(),
  context_management: z.unknown().optional(),
});

type Body = z.output<typeof bodySchema>;
type Message = z.output<typeof messageSchema>;

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

function flattenContent(content: Message['content']): string {
  return typeof content === 'string' ? content : content.map(flattenBlock).join('\n');
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

/** Cache breakpoints anywhere in the body: system blocks, message blocks and tools. */
function countCacheBreakpoints(request: Body): number {
  const blocks = [
    ...(Array.isArray(request.system) ? request.system : []),
    ...request.messages.flatMap((message) => (typeof message.content === 'string' ? [] : message.content)),
    ...(request.tools ?? []),
  ];
  return blocks.filter((block) => (block as { cache_control?: unknown }).cache_control !== undefined).length;
}

/** Claude's own rules for this body (check-claude-request.ts), with InvokeModel's bare wording. */
function checkBody(request: Body, model: NativeModel): void {
  const strictToolIndex = (request.tools ?? []).findIndex((tool) => tool.strict === true);
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
    structuredOutput: request.output_config?.format !== undefined,
    cachePoints: countCacheBreakpoints(request),
  });
}

const STOP_REASONS: Record<StopReason, string> = {
  end_turn: 'end_turn',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  tool_use: 'tool_use',
};

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
 * Anthropic Claude Messages API (`anthropic.*`): the model sees the system prompt and the messages as a
 * transcript (`system:`, `user:`, `assistant:` lines).
 */
export const anthropic: TextFamily = {
  defaultMaxTokens: 4096,
  readInvokeBody(body, model): ModelInput {
    const request = validateBody(bodySchema, body, 'anthropic');
    checkBody(request, model);
    if (request.messages[0]?.role !== 'user') {
      throw createValidationError('messages: first message must use the "user" role');
    }
    const system =
      typeof request.system === 'string'
        ? request.system
        : request.system?.map((block) => block.text).join('\n');
    const turns = [
      ...(system ? [{ role: 'system', text: system }] : []),
      ...request.messages.map((message) => ({ role: message.role, text: flattenContent(message.content) })),
    ];
    return {
      prompt: formatTranscript(turns),
      maxTokens: request.max_tokens,
      stopSequences: request.stop_sequences ?? [],
      tools: (request.tools ?? []).map((tool) => ({
        name: tool.name,
        description: tool.description,
        inputSchema: tool.input_schema,
      })),
      toolChoice: readToolChoice(request.tool_choice),
      toolResultText: readToolResultText(request.messages),
    };
  },
  buildInvokeResponse(reply, context) {
    return {
      id: buildMessageId(context),
      type: 'message',
      role: 'assistant',
      model: context.modelId,
      content: [buildContentBlock(reply)],
      stop_reason: STOP_REASONS[reply.stopReason],
      stop_sequence: reply.stopSequence ?? null,
      usage: { input_tokens: reply.inputTokens, output_tokens: reply.outputTokens },
    };
  },
  buildStreamChunks(reply, context) {
    const start = reply.toolCall ? { ...buildContentBlock(reply), input: {} } : { type: 'text', text: '' };
    const deltaType = reply.toolCall ? 'input_json_delta' : 'text_delta';
    const deltaKey = reply.toolCall ? 'partial_json' : 'text';
    return [
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
            usage: { input_tokens: reply.inputTokens, output_tokens: 1 },
          },
        },
      },
      { phase: 'head', body: { type: 'content_block_start', index: 0, content_block: start } },
      ...planTextChunks(reply).map(
        (chunk): NativeChunk => ({
          phase: 'content',
          body: { type: 'content_block_delta', index: 0, delta: { type: deltaType, [deltaKey]: chunk.text } },
        }),
      ),
      { phase: 'tail', body: { type: 'content_block_stop', index: 0 } },
      {
        phase: 'tail',
        body: {
          type: 'message_delta',
          delta: { stop_reason: STOP_REASONS[reply.stopReason], stop_sequence: reply.stopSequence ?? null },
          usage: { output_tokens: reply.outputTokens },
        },
      },
      { phase: 'tail', body: { type: 'message_stop' } },
    ];
  },
};
