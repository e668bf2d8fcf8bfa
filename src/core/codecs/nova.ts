import type {
  ConverseContentBlock,
  ConverseMessage,
  ConverseRequestBody,
} from '../converse/converse-wire-types.js';
import { convertFromConverseResponse } from '../converse/convert-from-converse-response.js';
import { convertToConverseRequest } from '../converse/convert-to-converse-request.js';
import { createConverseStreamDecoder } from '../converse/create-converse-stream-decoder.js';
import { UnsupportedParameterError } from '../errors.js';
import type { GenerateRequest } from '../generate-request.js';
import type { GenerateResult, Usage } from '../generate-result.js';
import type { StreamEvent } from '../stream-event.js';
import {
  checkFamilyCapabilities,
  describeCodecSubject,
  type FamilyCapabilities,
} from './check-family-capabilities.js';
import { encodeBase64 } from './encode-base64.js';
import type { FamilyCodec, NativeBody, NativeBodyOptions } from './family-codec.js';
import { readInvocationMetrics } from './read-invocation-metrics.js';

/*
 * Nova's native body is the Converse body with three differences (Amazon Nova 2 user guide):
 * - bytes (images, and redacted reasoning sent back) are base64 strings where Converse's SDK takes byte arrays
 *   (https://docs.aws.amazon.com/nova/latest/nova2-userguide/request-response-schema.html);
 * - fields Converse takes in `additionalModelRequestFields`, such as Nova 2's `reasoningConfig`, are top-level
 *   (https://docs.aws.amazon.com/nova/latest/nova2-userguide/core-inference.html: "These are top-level parameters
 *   for InvokeModel and InvokeModelWithResponseStream");
 * - documents are Converse's alone ("The Invoke API supports the same features as the Converse API except for
 *   document input modality, which is specific to the Converse API",
 *   https://docs.aws.amazon.com/nova/latest/nova2-userguide/using-invoke-api.html).
 * Nova refuses `outputConfig` ("This model doesn't support the outputConfig field", bedrock-validation.md §13), so
 * structured output stays Converse's (where a forced tool call stands in for it), and guardrails and service tiers
 * travel as InvokeModel headers. Nova caches the system prompt and messages, not the tool definitions
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html).
 */

/** The schema version Nova's native body declares. */
export const NOVA_SCHEMA_VERSION = 'messages-v1';

const capabilities: FamilyCapabilities = {
  family: 'nova',
  temperature: { min: 0, max: 1 },
  topP: { min: 0, max: 1 },
  stopSequences: {},
  tools: true,
  features: { images: true, reasoning: true, cachePoints: true },
};

function checkSupported(request: GenerateRequest, options: NativeBodyOptions = {}): void {
  checkFamilyCapabilities(capabilities, request, options.model);
  if (request.cachePoints?.tools) {
    throw new UnsupportedParameterError(
      'cache_control',
      `${describeCodecSubject('nova', options.model)} caches the system prompt and messages, not the tool definitions; move the cache point.`,
    );
  }
}

/** A Converse content block as Nova's JSON carries it: byte arrays become base64. */
function convertContentBlock(block: ConverseContentBlock): Record<string, unknown> {
  if ('image' in block) {
    const { format, source } = block.image;
    return { image: { format, source: { bytes: encodeBase64(source.bytes) } } };
  }
  if ('reasoningContent' in block && 'redactedContent' in block.reasoningContent) {
    return { reasoningContent: { redactedContent: encodeBase64(block.reasoningContent.redactedContent) } };
  }
  return block as unknown as Record<string, unknown>;
}

function convertMessage(message: ConverseMessage): Record<string, unknown> {
  return { role: message.role, content: message.content.map(convertContentBlock) };
}

/**
 * Canonical -> Nova's native body: `schemaVersion`, then the Converse body (`inferenceConfig.maxTokens` included)
 * with base64 bytes and `additionalModelRequestFields` (Nova 2's `reasoningConfig`) at the top level.
 */
function toNativeBody(request: GenerateRequest, options: NativeBodyOptions = {}): NativeBody {
  checkSupported(request, options);
  if (request.reasoning && !options.model)
    throw new Error('The Nova codec needs the model to plan reasoning.');
  const converse: ConverseRequestBody = convertToConverseRequest(request, {
    ...(options.model ? { model: options.model } : {}),
    family: 'nova',
  });
  const {
    messages,
    additionalModelRequestFields,
    guardrailConfig: _guardrail,
    serviceTier: _serviceTier,
    outputConfig: _outputConfig,
    ...rest
  } = converse;
  // Nova's own fields (`reasoningConfig`, `inferenceConfig.topK`) are top-level members of the native body, with
  // `topK` beside Converse's inference settings (nova2-userguide/core-inference.html).
  const { inferenceConfig: extraInference, ...extraFields } = additionalModelRequestFields ?? {};
  return {
    schemaVersion: NOVA_SCHEMA_VERSION,
    messages: messages.map(convertMessage),
    ...rest,
    ...extraFields,
    ...(extraInference === undefined
      ? {}
      : { inferenceConfig: { ...rest.inferenceConfig, ...(extraInference as Record<string, unknown>) } }),
  };
}

/**
 * Nova's native usage names its cache counts `cacheReadInputTokenCount` and `cacheWriteInputTokenCount` (the
 * recorded response in __fixtures__/nova/response.json; the emulator answers the same), where Converse says
 * `cacheReadInputTokens` and `cacheWriteInputTokens`: `holder.usage` renamed, so one reader serves both.
 */
function renameCacheCounts(holder: unknown): unknown {
  if (typeof holder !== 'object' || holder === null || !('usage' in holder)) return holder;
  const usage = holder.usage;
  if (typeof usage !== 'object' || usage === null) return holder;
  const { cacheReadInputTokenCount, cacheWriteInputTokenCount, ...rest } = usage as Record<string, unknown>;
  return {
    ...holder,
    usage: {
      ...(cacheReadInputTokenCount === undefined ? {} : { cacheReadInputTokens: cacheReadInputTokenCount }),
      ...(cacheWriteInputTokenCount === undefined
        ? {}
        : { cacheWriteInputTokens: cacheWriteInputTokenCount }),
      ...rest,
    },
  };
}

/** Nova's native response is shaped like a Converse response. */
function fromNativeResponse(body: unknown, usageFromHeaders?: Usage): GenerateResult {
  return convertFromConverseResponse(renameCacheCounts(body), usageFromHeaders);
}

/** Canonical usage in Converse's usage shape, for the shared decoder. */
function convertToConverseUsage(usage: Usage): Record<string, number> {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    ...(usage.cacheReadTokens ? { cacheReadInputTokens: usage.cacheReadTokens } : {}),
    ...(usage.cacheWriteTokens ? { cacheWriteInputTokens: usage.cacheWriteTokens } : {}),
  };
}

/**
 * Nova's native chunks carry Converse stream keys, reasoning deltas included. The last one normally holds
 * `metadata.usage`; should it hold only `amazon-bedrock-invocationMetrics`, those counts stand in as the metadata.
 */
function createStreamDecoder(): (chunk: unknown) => StreamEvent[] {
  const decodeConverseEvent = createConverseStreamDecoder();
  return (chunk) => {
    const hasMetadata = typeof chunk === 'object' && chunk !== null && 'metadata' in chunk;
    const events = decodeConverseEvent(
      hasMetadata ? { ...chunk, metadata: renameCacheCounts(chunk.metadata) } : chunk,
    );
    const metrics = readInvocationMetrics(chunk);
    if (metrics && !hasMetadata) {
      events.push(...decodeConverseEvent({ metadata: { usage: convertToConverseUsage(metrics) } }));
    }
    return events;
  };
}

/**
 * Amazon Nova (Micro, Lite, Pro, Nova 2): Converse-shaped native body; tools, stop sequences, images, cache points
 * and Nova 2's reasoning.
 */
export const novaCodec: FamilyCodec = {
  family: 'nova',
  maxTokensPath: ['inferenceConfig', 'maxTokens'],
  otherMaxTokensPaths: [['inferenceConfig', 'max_new_tokens']],
  checkSupported,
  toNativeBody,
  fromNativeResponse,
  createStreamDecoder,
};
