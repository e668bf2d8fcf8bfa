import { z } from 'zod';
import { InvalidRequestError, UnsupportedParameterError } from '../errors.js';
import type {
  CachePointPart,
  ContentPart,
  DocumentFormat,
  DocumentPart,
  GenerateRequest,
  Message,
  ReasoningPart,
  RedactedReasoningPart,
  TextPart,
  ToolCallPart,
} from '../generate-request.js';
import type { GenerateResult, Usage } from '../generate-result.js';
import type { CapableModel } from '../model-capabilities.js';
import { planReasoning } from '../plan-reasoning.js';
import type { ContentEvent, StreamEvent } from '../stream-event.js';
import {
  checkFamilyCapabilities,
  describeCodecSubject,
  type FamilyCapabilities,
} from './check-family-capabilities.js';
import { encodeBase64 } from './encode-base64.js';
import type { FamilyCodec, NativeBody, NativeBodyOptions } from './family-codec.js';
import type { StopReasonMapping } from './map-stop-reason.js';
import { mapStopReason } from './map-stop-reason.js';
import { mergeConsecutiveMessages } from './merge-consecutive-messages.js';
import { omitUndefined } from './omit-undefined.js';
import { parseBedrockBody } from './parse-bedrock-body.js';
import { readInvocationMetrics } from './read-invocation-metrics.js';
import { type ExplicitToolChoice, resolveToolConfiguration } from './resolve-tool-configuration.js';
import { createStreamEventSequence } from './stream-event-sequence.js';
import { validateConversation } from './validate-conversation.js';

/*
 * The Claude Messages body on InvokeModel. Block shapes are those of the Anthropic SDK (npm @anthropic-ai/sdk
 * 1.15.0, resources/messages/messages.d.ts: `Base64ImageSource`, `Base64PDFSource`, `PlainTextSource`,
 * `DocumentBlockParam.title`, `CacheControlEphemeral {type: "ephemeral", ttl?: "5m" | "1h"}`, `ThinkingBlockParam`,
 * `RedactedThinkingBlockParam`, `ThinkingConfigAdaptive`, `OutputConfig {effort, format: JSONOutputFormat}`,
 * `Usage`, `CacheCreation`, `ThinkingDelta`, `SignatureDelta`), which Bedrock relays to Claude
 * (/work/notes/claude-models.md §2.5, §2.6, §5, §6).
 */

/**
 * The Messages API version Bedrock requires in every Anthropic body. `bedrock-2023-05-31` is accepted by every
 * Claude model; `2026-10-21` only by Claude 4.7 and later (claude-models.md §3.1).
 */
export const ANTHROPIC_BEDROCK_VERSION = 'bedrock-2023-05-31';

/**
 * Claude's native body takes a document as a base64 PDF or as plain text (`PlainTextSource`); the text formats
 * Bedrock accepts are text, so they travel as plain text. Word and Excel files need Converse, which converts them.
 */
const TEXT_DOCUMENT_FORMATS: readonly DocumentFormat[] = ['txt', 'md', 'csv', 'html'];

const capabilities: FamilyCapabilities = {
  family: 'anthropic',
  temperature: { min: 0, max: 1 },
  topP: { min: 0, max: 1 },
  stopSequences: {},
  tools: true,
  features: {
    images: true,
    documents: ['pdf', ...TEXT_DOCUMENT_FORMATS],
    reasoning: true,
    cachePoints: true,
    outputFormat: true,
  },
};

/** `refusal` comes from newer Claude models; `model_context_window_exceeded` from long conversations. */
const anthropicStopReasons: StopReasonMapping = {
  source: 'anthropic',
  reasons: {
    end_turn: 'end_turn',
    max_tokens: 'max_tokens',
    stop_sequence: 'stop_sequence',
    tool_use: 'tool_use',
    refusal: 'content_filtered',
    model_context_window_exceeded: 'max_tokens',
  },
};

type NativeBlock = Record<string, unknown>;

interface NativeMessage {
  role: Message['role'];
  content: NativeBlock[];
}

function convertCacheControl(point: CachePointPart): NativeBlock {
  return omitUndefined({ type: 'ephemeral', ttl: point.ttl });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function convertDocument(part: DocumentPart): NativeBlock {
  if (part.format === 'pdf') {
    return {
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: encodeBase64(part.data) },
      title: part.name,
    };
  }
  let text: string;
  try {
    text = utf8.decode(part.data);
  } catch {
    throw new InvalidRequestError(
      'invalid_media',
      `Document '${part.name}' is declared ${part.format} but is not UTF-8 text.`,
      { param: 'messages' },
    );
  }
  return {
    type: 'document',
    source: { type: 'text', media_type: 'text/plain', data: text },
    title: part.name,
  };
}

function convertContentPart(part: Exclude<ContentPart, CachePointPart>): NativeBlock {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image':
      return {
        type: 'image',
        source: { type: 'base64', media_type: `image/${part.format}`, data: encodeBase64(part.data) },
      };
    case 'document':
      return convertDocument(part);
    case 'tool-call':
      return { type: 'tool_use', id: part.toolCallId, name: part.toolName, input: part.input };
    case 'tool-result':
      return omitUndefined({
        type: 'tool_result',
        tool_use_id: part.toolCallId,
        content: part.content,
        is_error: part.isError ? true : undefined,
      });
    // Sent back as received: Claude checks the signature, and refuses a block without one (`signature: Field
    // required`, bedrock-validation.md §12), which is Bedrock's to say.
    case 'reasoning':
      return omitUndefined({ type: 'thinking', thinking: part.text, signature: part.signature });
    case 'redacted-reasoning':
      return { type: 'redacted_thinking', data: part.data };
    default: {
      const _exhaustiveCheck: never = part;
      throw new Error(`Unknown content part ${JSON.stringify(_exhaustiveCheck)}`);
    }
  }
}

const REASONING_BLOCK_TYPES: ReadonlySet<unknown> = new Set(['thinking', 'redacted_thinking']);

/**
 * A cache point marks the block before it with `cache_control`: the previous block of its turn, or the last block
 * of the turn before when it opens one. Claude refuses a cache point right after reasoning ("Cache point cannot be
 * inserted after reasoning block", bedrock-validation.md §12).
 */
function markCachePoint(
  point: CachePointPart,
  content: NativeBlock[],
  previous: NativeMessage | undefined,
): void {
  const target = content.at(-1) ?? previous?.content.at(-1);
  if (!target) {
    throw new InvalidRequestError(
      'invalid_cache_point',
      'A cache point must follow content: the conversation opens with one.',
      { param: 'cache_control' },
    );
  }
  if (REASONING_BLOCK_TYPES.has(target.type)) {
    throw new UnsupportedParameterError(
      'cache_control',
      'Claude takes no cache point right after reasoning; move the cache point after the text or tool call that follows it.',
    );
  }
  target.cache_control = convertCacheControl(point);
}

function convertMessages(messages: readonly Message[]): NativeMessage[] {
  const converted: NativeMessage[] = [];
  for (const message of mergeConsecutiveMessages(messages)) {
    const content: NativeBlock[] = [];
    for (const part of message.content) {
      if (part.type === 'cache-point') markCachePoint(part, content, converted.at(-1));
      else content.push(convertContentPart(part));
    }
    if (content.length === 0) {
      throw new InvalidRequestError(
        'invalid_conversation',
        `A ${message.role} turn holds nothing but a cache point: put the cache point after content.`,
        { param: 'messages' },
      );
    }
    converted.push({ role: message.role, content });
  }
  return converted;
}

function convertToolChoice(choice: ExplicitToolChoice): Record<string, unknown> {
  return choice.type === 'tool' ? { type: 'tool', name: choice.name } : { type: choice.type };
}

/** A string, or one text block carrying the system cache point. */
function convertSystem(request: GenerateRequest): string | NativeBlock[] | undefined {
  if (!request.system) return undefined;
  const point = request.cachePoints?.system;
  return point
    ? [{ type: 'text', text: request.system, cache_control: convertCacheControl(point) }]
    : request.system;
}

function convertTools(request: GenerateRequest): {
  tools?: NativeBlock[];
  toolChoice?: NativeBlock;
} {
  const configuration = resolveToolConfiguration(request);
  if (!configuration) return {};
  const tools: NativeBlock[] = configuration.tools.map((tool) =>
    omitUndefined({ name: tool.name, description: tool.description, input_schema: tool.inputSchema }),
  );
  const point = request.cachePoints?.tools;
  if (point) tools[tools.length - 1]!.cache_control = convertCacheControl(point);
  return {
    tools,
    ...(configuration.toolChoice ? { toolChoice: convertToolChoice(configuration.toolChoice) } : {}),
  };
}

/** `thinking` and `output_config.effort`, as `planReasoning` says the model is asked. */
function convertReasoning(
  request: GenerateRequest,
  model: CapableModel | undefined,
): { thinking?: NativeBlock; effort?: string } {
  if (!request.reasoning) return {};
  if (!model) throw new Error('The Anthropic codec needs the model to plan reasoning.');
  const plan = planReasoning(model, request);
  if (!plan) return {};
  switch (plan.mode) {
    case 'budget':
      return { thinking: { type: 'enabled', budget_tokens: plan.budgetTokens } };
    case 'adaptive':
      return { thinking: { type: 'adaptive' }, ...(plan.effort ? { effort: plan.effort } : {}) };
    default:
      throw new UnsupportedParameterError(
        'reasoning',
        `${describeCodecSubject('anthropic', model)} reasons through '${plan.mode}', which Claude's native body cannot carry; use api 'converse'.`,
      );
  }
}

/**
 * `output_config.format`: a JSON schema the answer follows (claude-models.md §2.5). JSON mode without a schema is
 * held by a forced tool call before a request reaches a codec (`planOutputFormat`), so it has no native form here.
 */
function convertOutputFormat(request: GenerateRequest): NativeBlock | undefined {
  const format = request.outputFormat;
  if (!format) return undefined;
  if (format.type !== 'json-schema') {
    throw new UnsupportedParameterError(
      'response_format',
      "Claude's native body holds an answer to a JSON schema only, not JSON mode; send a schema.",
    );
  }
  return { type: 'json_schema', schema: format.schema };
}

function checkSupported(request: GenerateRequest, options: NativeBodyOptions = {}): void {
  const { model } = options;
  checkFamilyCapabilities(capabilities, request, model);
  if (request.outputFormat && model && !model.capabilities.structuredOutput) {
    throw new UnsupportedParameterError(
      'response_format',
      `${describeCodecSubject('anthropic', model)} has no native structured output; remove response_format or choose another model.`,
    );
  }
  convertOutputFormat(request);
  if (request.reasoning && model) convertReasoning(request, model);
}

/**
 * Canonical -> Anthropic Messages body. Consecutive same-role messages are merged; `tool_choice: none` is
 * expressed by leaving the tools out (see `resolveToolConfiguration`). Images and PDFs travel as base64, text
 * documents as plain text, reasoning as `thinking` / `redacted_thinking` blocks exactly as received, cache points
 * as `cache_control` on the block before them (and on the system text and the last tool), reasoning requests as
 * `thinking` with `output_config.effort`, and a JSON schema as `output_config.format`.
 */
function toNativeBody(request: GenerateRequest, options: NativeBodyOptions = {}): NativeBody {
  checkSupported(request, options);
  validateConversation(request.messages);
  const { tools, toolChoice } = convertTools(request);
  const reasoning = convertReasoning(request, options.model);
  const outputConfig = omitUndefined({ effort: reasoning.effort, format: convertOutputFormat(request) });
  return omitUndefined({
    anthropic_version: ANTHROPIC_BEDROCK_VERSION,
    max_tokens: request.maxTokens,
    system: convertSystem(request),
    messages: convertMessages(request.messages),
    temperature: request.temperature,
    top_p: request.topP,
    top_k: request.topK,
    stop_sequences: request.stopSequences?.length ? request.stopSequences : undefined,
    tools,
    tool_choice: toolChoice,
    thinking: reasoning.thinking,
    output_config: Object.keys(outputConfig).length > 0 ? outputConfig : undefined,
  });
}

/**
 * Claude's usage: `input_tokens` excludes the cached prompt, which `cache_read_input_tokens` and
 * `cache_creation_input_tokens` count, the latter split by TTL in `cache_creation`; newer bodies count thinking in
 * `output_tokens_details.thinking_tokens` (claude-models.md §6). Nulls are what a stream sends for "not yet known".
 */
const usageFieldsSchema = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_creation: z.looseObject({ ephemeral_1h_input_tokens: z.number().nullish() }).nullish(),
  output_tokens_details: z.looseObject({ thinking_tokens: z.number().nullish() }).nullish(),
});

type NativeUsage = z.output<typeof usageFieldsSchema>;

function convertUsage(usage: NativeUsage): Usage {
  const reads = usage.cache_read_input_tokens ?? 0;
  const writes = usage.cache_creation_input_tokens ?? 0;
  const writes1h = Math.min(usage.cache_creation?.ephemeral_1h_input_tokens ?? 0, writes);
  const reasoning = usage.output_tokens_details?.thinking_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    ...(reads > 0 ? { cacheReadTokens: reads } : {}),
    ...(writes > 0 ? { cacheWriteTokens: writes } : {}),
    ...(writes1h > 0 ? { cacheWrite1hTokens: writes1h } : {}),
    ...(reasoning > 0 ? { reasoningTokens: reasoning } : {}),
  };
}

/** Later stream counts replace earlier ones; `message_delta` counts are cumulative, and null means unchanged. */
function mergeNativeUsage(earlier: NativeUsage, later: NativeUsage): NativeUsage {
  const merged: NativeUsage = { ...earlier };
  for (const [key, value] of Object.entries(later) as Array<[keyof NativeUsage, never]>) {
    if (value !== null && value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * The invocation metrics are what Bedrock bills, so their counts win; what they do not carry (the 1-hour split,
 * reasoning) comes from the stream's own usage.
 */
function mergeInvocationMetrics(own: Usage, metrics: Usage): Usage {
  const merged: Usage = { ...own, ...metrics };
  const writes = merged.cacheWriteTokens ?? 0;
  if (merged.cacheWrite1hTokens !== undefined) {
    if (writes > 0) merged.cacheWrite1hTokens = Math.min(merged.cacheWrite1hTokens, writes);
    else delete merged.cacheWrite1hTokens;
  }
  return merged;
}

const KNOWN_BLOCK_TYPES = ['text', 'tool_use', 'thinking', 'redacted_thinking'];

/** Text, tool use and reasoning become canonical parts; other blocks (server tools, for instance) are skipped. */
const contentBlockSchema = z.union([
  z
    .object({ type: z.literal('text'), text: z.string() })
    .transform((block): TextPart => ({ type: 'text', text: block.text })),
  z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() }).transform(
    (block): ToolCallPart => ({
      type: 'tool-call',
      toolCallId: block.id,
      toolName: block.name,
      input: block.input ?? {},
    }),
  ),
  z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().nullish() }).transform(
    (block): ReasoningPart => ({
      type: 'reasoning',
      text: block.thinking,
      ...(block.signature ? { signature: block.signature } : {}),
    }),
  ),
  z
    .object({ type: z.literal('redacted_thinking'), data: z.string() })
    .transform((block): RedactedReasoningPart => ({ type: 'redacted-reasoning', data: block.data })),
  z
    .object({ type: z.string().refine((type) => !KNOWN_BLOCK_TYPES.includes(type)) })
    .transform(() => undefined),
]);

const responseSchema = z.object({
  content: z.array(contentBlockSchema),
  stop_reason: z.string().nullish(),
  usage: usageFieldsSchema.extend({ input_tokens: z.number(), output_tokens: z.number() }).optional(),
});

function fromNativeResponse(body: unknown, usageFromHeaders?: Usage): GenerateResult {
  const response = parseBedrockBody(responseSchema, body, 'an anthropic response body');
  return {
    content: response.content.filter((part) => part !== undefined),
    stopReason: mapStopReason(anthropicStopReasons, response.stop_reason),
    usage: response.usage
      ? convertUsage(response.usage)
      : (usageFromHeaders ?? { inputTokens: 0, outputTokens: 0 }),
  };
}

const streamChunkSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message_start'),
    message: z.object({ usage: usageFieldsSchema.optional() }),
  }),
  z.object({
    type: z.literal('content_block_start'),
    index: z.number(),
    content_block: z.object({ type: z.string(), text: z.string().optional() }).loose(),
  }),
  z.object({
    type: z.literal('content_block_delta'),
    index: z.number(),
    delta: z.object({
      type: z.string(),
      text: z.string().optional(),
      partial_json: z.string().optional(),
      thinking: z.string().optional(),
      signature: z.string().optional(),
    }),
  }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullish() }),
    usage: usageFieldsSchema.optional(),
  }),
  z.object({ type: z.literal('message_stop') }),
]);

const toolUseStartSchema = z.object({ id: z.string(), name: z.string() });
const thinkingStartSchema = z.object({ thinking: z.string().nullish() });
const redactedThinkingStartSchema = z.object({ data: z.string() });

const KNOWN_CHUNK_TYPES = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'message_delta',
  'message_stop',
]);

type BlockStart = Extract<z.output<typeof streamChunkSchema>, { type: 'content_block_start' }>;

function readBlockStart(parsed: BlockStart): ContentEvent | undefined {
  const block = parsed.content_block;
  switch (block.type) {
    case 'tool_use': {
      const toolUse = parseBedrockBody(toolUseStartSchema, block, 'an anthropic tool_use block start');
      return { type: 'tool-call-start', index: parsed.index, toolCallId: toolUse.id, toolName: toolUse.name };
    }
    case 'text':
      return block.text ? { type: 'text-delta', text: block.text } : undefined;
    case 'thinking': {
      const thinking = parseBedrockBody(thinkingStartSchema, block, 'an anthropic thinking block start');
      return thinking.thinking ? { type: 'reasoning-delta', text: thinking.thinking } : undefined;
    }
    case 'redacted_thinking': {
      const redacted = parseBedrockBody(
        redactedThinkingStartSchema,
        block,
        'an anthropic redacted_thinking block',
      );
      return { type: 'redacted-reasoning', data: redacted.data };
    }
    default:
      return undefined;
  }
}

type BlockDelta = Extract<z.output<typeof streamChunkSchema>, { type: 'content_block_delta' }>;

function readBlockDelta(parsed: BlockDelta): ContentEvent | undefined {
  const { delta } = parsed;
  switch (delta.type) {
    case 'text_delta':
      return delta.text ? { type: 'text-delta', text: delta.text } : undefined;
    case 'input_json_delta':
      return delta.partial_json
        ? { type: 'tool-call-delta', index: parsed.index, inputDelta: delta.partial_json }
        : undefined;
    case 'thinking_delta':
      return delta.thinking ? { type: 'reasoning-delta', text: delta.thinking } : undefined;
    // Sent just before the thinking block's `content_block_stop` (claude-models.md §5): it ends the block.
    case 'signature_delta':
      return delta.signature ? { type: 'reasoning-signature', signature: delta.signature } : undefined;
    default:
      return undefined;
  }
}

function createStreamDecoder(): (chunk: unknown) => StreamEvent[] {
  const sequence = createStreamEventSequence();
  let stopReason: string | null | undefined;
  let usage: NativeUsage = {};
  return (chunk) => {
    const type = parseBedrockBody(z.object({ type: z.string() }), chunk, 'an anthropic stream chunk').type;
    // `ping`, `content_block_stop` and types added later carry nothing the canonical stream needs.
    if (!KNOWN_CHUNK_TYPES.has(type)) return sequence.take();
    const parsed = parseBedrockBody(streamChunkSchema, chunk, 'an anthropic stream chunk');
    switch (parsed.type) {
      case 'message_start':
        sequence.start();
        usage = mergeNativeUsage(usage, parsed.message.usage ?? {});
        break;
      case 'content_block_start': {
        const event = readBlockStart(parsed);
        if (event) sequence.content(event);
        break;
      }
      case 'content_block_delta': {
        const event = readBlockDelta(parsed);
        if (event) sequence.content(event);
        break;
      }
      case 'message_delta':
        stopReason = parsed.delta.stop_reason;
        usage = mergeNativeUsage(usage, parsed.usage ?? {});
        break;
      case 'message_stop': {
        sequence.stop(anthropicStopReasons, stopReason);
        const own = convertUsage(usage);
        const metrics = readInvocationMetrics(chunk);
        sequence.usage(metrics ? mergeInvocationMetrics(own, metrics) : own);
        break;
      }
    }
    return sequence.take();
  };
}

/**
 * Anthropic Claude through the Messages API on Bedrock: tools, tool choice, stop sequences, images, PDF and text
 * documents, reasoning (asked and sent back), cache points and native structured output.
 */
export const anthropicCodec: FamilyCodec = {
  family: 'anthropic',
  maxTokensPath: ['max_tokens'],
  checkSupported,
  toNativeBody,
  fromNativeResponse,
  createStreamDecoder,
};
