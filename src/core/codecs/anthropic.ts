import { z } from 'zod';
import type { ContentPart, GenerateRequest, Message, TextPart, ToolCallPart } from '../generate-request.js';
import type { GenerateResult, Usage } from '../generate-result.js';
import type { StreamEvent } from '../stream-event.js';
import { checkFamilyCapabilities, type FamilyCapabilities } from './check-family-capabilities.js';
import type { FamilyCodec, NativeBody } from './family-codec.js';
import type { StopReasonMapping } from './map-stop-reason.js';
import { mapStopReason } from './map-stop-reason.js';
import { mergeConsecutiveMessages } from './merge-consecutive-messages.js';
import { omitUndefined } from './omit-undefined.js';
import { parseBedrockBody } from './parse-bedrock-body.js';
import { readInvocationMetrics } from './read-invocation-metrics.js';
import { type ExplicitToolChoice, resolveToolConfiguration } from './resolve-tool-configuration.js';
import { createStreamEventSequence } from './stream-event-sequence.js';
import { validateConversation } from './validate-conversation.js';

/** The Messages API version Bedrock requires in every Anthropic body. */
export const ANTHROPIC_BEDROCK_VERSION = 'bedrock-2023-05-31';

const capabilities: FamilyCapabilities = {
  family: 'anthropic',
  temperature: { min: 0, max: 1 },
  topP: { min: 0, max: 1 },
  stopSequences: {},
  tools: true,
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

function convertContentPart(part: ContentPart): Record<string, unknown> {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'tool-call':
      return { type: 'tool_use', id: part.toolCallId, name: part.toolName, input: part.input };
    case 'tool-result':
      return omitUndefined({
        type: 'tool_result',
        tool_use_id: part.toolCallId,
        content: part.content,
        is_error: part.isError ? true : undefined,
      });
    case 'image':
    case 'document':
    case 'reasoning':
    case 'redacted-reasoning':
    case 'cache-point':
      // `checkSupported` refuses these before a body is built.
      throw new Error(`The Anthropic codec cannot write a '${part.type}' part.`);
    default: {
      const _exhaustiveCheck: never = part;
      throw new Error(`Unknown content part ${JSON.stringify(_exhaustiveCheck)}`);
    }
  }
}

function convertMessage(message: Message): Record<string, unknown> {
  return { role: message.role, content: message.content.map(convertContentPart) };
}

function convertToolChoice(choice: ExplicitToolChoice): Record<string, unknown> {
  return choice.type === 'tool' ? { type: 'tool', name: choice.name } : { type: choice.type };
}

function checkSupported(request: GenerateRequest): void {
  checkFamilyCapabilities(capabilities, request);
}

/**
 * Canonical -> Anthropic Messages body. Consecutive same-role messages are merged; `tool_choice: none` is
 * expressed by leaving the tools out (see `resolveToolConfiguration`).
 */
function toNativeBody(request: GenerateRequest): NativeBody {
  checkSupported(request);
  validateConversation(request.messages);
  const toolConfiguration = resolveToolConfiguration(request);
  return omitUndefined({
    anthropic_version: ANTHROPIC_BEDROCK_VERSION,
    max_tokens: request.maxTokens,
    system: request.system ? request.system : undefined,
    messages: mergeConsecutiveMessages(request.messages).map(convertMessage),
    temperature: request.temperature,
    top_p: request.topP,
    stop_sequences: request.stopSequences?.length ? request.stopSequences : undefined,
    tools: toolConfiguration?.tools.map((tool) =>
      omitUndefined({ name: tool.name, description: tool.description, input_schema: tool.inputSchema }),
    ),
    tool_choice: toolConfiguration?.toolChoice ? convertToolChoice(toolConfiguration.toolChoice) : undefined,
  });
}

const KNOWN_BLOCK_TYPES = ['text', 'tool_use'];

/** Text and tool use become canonical parts; other blocks (thinking, for instance) are skipped. */
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
  z
    .object({ type: z.string().refine((type) => !KNOWN_BLOCK_TYPES.includes(type)) })
    .transform(() => undefined),
]);

const responseSchema = z.object({
  content: z.array(contentBlockSchema),
  stop_reason: z.string().nullish(),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }).optional(),
});

function fromNativeResponse(body: unknown, usageFromHeaders?: Usage): GenerateResult {
  const response = parseBedrockBody(responseSchema, body, 'an anthropic response body');
  return {
    content: response.content.filter((part) => part !== undefined),
    stopReason: mapStopReason(anthropicStopReasons, response.stop_reason),
    usage: response.usage
      ? { inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens }
      : (usageFromHeaders ?? { inputTokens: 0, outputTokens: 0 }),
  };
}

const streamChunkSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message_start'),
    message: z.object({
      usage: z.object({ input_tokens: z.number(), output_tokens: z.number().optional() }).optional(),
    }),
  }),
  z.object({
    type: z.literal('content_block_start'),
    index: z.number(),
    content_block: z.object({ type: z.string(), text: z.string().optional() }).loose(),
  }),
  z.object({
    type: z.literal('content_block_delta'),
    index: z.number(),
    delta: z.object({ type: z.string(), text: z.string().optional(), partial_json: z.string().optional() }),
  }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullish() }),
    usage: z.object({ output_tokens: z.number() }).optional(),
  }),
  z.object({ type: z.literal('message_stop') }),
]);

const toolUseStartSchema = z.object({ id: z.string(), name: z.string() });

const KNOWN_CHUNK_TYPES = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'message_delta',
  'message_stop',
]);

function createStreamDecoder(): (chunk: unknown) => StreamEvent[] {
  const sequence = createStreamEventSequence();
  let stopReason: string | null | undefined;
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  return (chunk) => {
    const type = parseBedrockBody(z.object({ type: z.string() }), chunk, 'an anthropic stream chunk').type;
    // `ping`, `content_block_stop` and types added later carry nothing the canonical stream needs.
    if (!KNOWN_CHUNK_TYPES.has(type)) return sequence.take();
    const parsed = parseBedrockBody(streamChunkSchema, chunk, 'an anthropic stream chunk');
    switch (parsed.type) {
      case 'message_start':
        sequence.start();
        usage.inputTokens = parsed.message.usage?.input_tokens ?? 0;
        usage.outputTokens = parsed.message.usage?.output_tokens ?? 0;
        break;
      case 'content_block_start': {
        const block = parsed.content_block;
        if (block.type === 'tool_use') {
          const toolUse = parseBedrockBody(toolUseStartSchema, block, 'an anthropic tool_use block start');
          sequence.content({
            type: 'tool-call-start',
            index: parsed.index,
            toolCallId: toolUse.id,
            toolName: toolUse.name,
          });
        } else if (block.type === 'text' && block.text) {
          sequence.content({ type: 'text-delta', text: block.text });
        }
        break;
      }
      case 'content_block_delta':
        if (parsed.delta.type === 'text_delta' && parsed.delta.text) {
          sequence.content({ type: 'text-delta', text: parsed.delta.text });
        } else if (parsed.delta.type === 'input_json_delta' && parsed.delta.partial_json) {
          sequence.content({
            type: 'tool-call-delta',
            index: parsed.index,
            inputDelta: parsed.delta.partial_json,
          });
        }
        break;
      case 'message_delta':
        stopReason = parsed.delta.stop_reason;
        if (parsed.usage) usage.outputTokens = parsed.usage.output_tokens;
        break;
      case 'message_stop':
        sequence.stop(anthropicStopReasons, stopReason);
        sequence.usage(readInvocationMetrics(chunk) ?? { ...usage });
        break;
    }
    return sequence.take();
  };
}

/** Anthropic Claude through the Messages API on Bedrock. Supports tools, tool choice and stop sequences. */
export const anthropicCodec: FamilyCodec = {
  family: 'anthropic',
  maxTokensPath: ['max_tokens'],
  checkSupported,
  toNativeBody,
  fromNativeResponse,
  createStreamDecoder,
};
