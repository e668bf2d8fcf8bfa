import {
  ANTHROPIC_MESSAGES,
  DOCUMENTS_UNSUPPORTED,
  describeExtraneousKey,
  describeFieldUnsupported,
  describeMaxTokensExceeded,
  describeToolChoiceUnsupported,
  EXTENDED_TTL_ANTHROPIC_ONLY,
  IMAGE_UNSUPPORTED,
  MODEL_ERRORS_PREFIX,
  PROMPT_CACHING_UNSUPPORTED,
  STREAMING_TOOL_USE_UNSUPPORTED,
  SYSTEM_MESSAGES_UNSUPPORTED,
  TOOL_USE_UNSUPPORTED,
} from './bedrock-messages.js';
import type { TextModel } from './catalogue/foundation-model.js';
import { checkAdditionalFields } from './check-additional-fields.js';
import { checkClaudeRequest } from './check-claude-request.js';
import { checkServiceOptions } from './check-service-options.js';
import type { ConverseRequest } from './converse.js';
import { checkConversation, readToolChoice } from './converse-messages.js';
import { BedrockExceptionError, createValidationError } from './errors.js';

/** Where a Converse request is answered. */
export interface ConverseCheckContext {
  /** The id as called, for messages that name it. */
  modelId: string;
  streaming: boolean;
  region: string;
}

/**
 * The checks a Converse request meets after the Smithy layer, in Bedrock's order: Bedrock's own rules for the
 * conversation and for what the model supports (unprefixed sentences), then the model provider's validator
 * (after "The model returned the following errors: ").
 */
export function checkConverseRequest(
  model: TextModel,
  request: ConverseRequest,
  context: ConverseCheckContext,
): void {
  checkConversation(request.messages, request.toolConfig);
  checkSupportedFeatures(model, request, context);
  checkAdditionalFields(model, request.additionalModelRequestFields);
  if (model.family === 'anthropic') {
    checkClaudeRequest(model, context.modelId, readClaudeView(request));
  } else {
    checkForcedToolName(request);
  }
}

function checkSupportedFeatures(
  model: TextModel,
  request: ConverseRequest,
  context: ConverseCheckContext,
): void {
  const { capabilities } = model;
  checkServiceOptions(
    model,
    context.modelId,
    { serviceTier: request.serviceTier?.type, latency: request.performanceConfig?.latency },
    context.region,
  );
  if (!capabilities.systemPrompt && (request.system ?? []).some((block) => block.text !== undefined)) {
    throw createValidationError(SYSTEM_MESSAGES_UNSUPPORTED);
  }
  const blocks = request.messages.flatMap((message) => message.content);
  if (!capabilities.vision && blocks.some((block) => block.image !== undefined)) {
    throw createValidationError(IMAGE_UNSUPPORTED);
  }
  if (!capabilities.documents && blocks.some((block) => block.document !== undefined)) {
    throw createValidationError(DOCUMENTS_UNSUPPORTED);
  }
  if (request.toolConfig !== undefined) {
    if (!capabilities.tools) throw createValidationError(TOOL_USE_UNSUPPORTED);
    if (context.streaming && !capabilities.toolsInStreaming) {
      throw createValidationError(STREAMING_TOOL_USE_UNSUPPORTED);
    }
    const choice = readToolChoice(request.toolConfig);
    // Claude's refusal of forced tool use comes from Anthropic's validator, checked with Claude's other rules.
    if (model.family !== 'anthropic' && (choice?.type === 'any' || choice?.type === 'tool')) {
      if (!capabilities.forcedToolChoice.includes(choice.type)) {
        throw createValidationError(describeToolChoiceUnsupported(choice.type));
      }
    }
  }
  const maxTokens = request.inferenceConfig?.maxTokens;
  // Bedrock's reports disagree whether the cap itself is accepted (§7); the emulator accepts it.
  if (maxTokens !== undefined && maxTokens > model.maxOutputTokens) {
    throw createValidationError(describeMaxTokensExceeded(model.maxOutputTokens));
  }
  // Claude's structured output and effort refusals come from its validator (check-claude-request.ts).
  const output = request.outputConfig;
  if (model.family !== 'anthropic' && output !== undefined) {
    if (output.effort !== undefined || (output.textFormat !== undefined && !capabilities.structuredOutput)) {
      throw createValidationError(describeFieldUnsupported('outputConfig'));
    }
  }
  checkCachePoints(model, request);
}

/** Cache points: refused outright without prompt caching, and Nova's narrower rules (§14). */
function checkCachePoints(model: TextModel, request: ConverseRequest): void {
  const caching = model.capabilities.promptCaching;
  const points = [
    ...(request.system ?? []).flatMap((block) => (block.cachePoint ? [block.cachePoint] : [])),
    ...request.messages.flatMap((message) =>
      message.content.flatMap((block) => (block.cachePoint ? [block.cachePoint] : [])),
    ),
  ];
  const toolPoint = (request.toolConfig?.tools ?? []).findIndex((tool) => tool.cachePoint !== undefined);
  if (points.length === 0 && toolPoint < 0) return;
  if (!caching) throw new BedrockExceptionError('AccessDeniedException', PROMPT_CACHING_UNSUPPORTED);
  if (model.family === 'anthropic') return;
  if (!caching.extendedTtl && points.some((point) => point.ttl !== undefined)) {
    throw createValidationError(EXTENDED_TTL_ANTHROPIC_ONLY);
  }
  if (toolPoint >= 0 && !caching.inTools) {
    throw createValidationError(
      `${MODEL_ERRORS_PREFIX}${describeExtraneousKey(`#/toolConfig/tools/${toolPoint}`, 'cachePoint')}`,
    );
  }
}

/**
 * A forced tool that is not offered. Only Anthropic's wording is known (§4); other models are assumed to relay
 * the same sentence (UNCONFIRMED).
 */
function checkForcedToolName(request: ConverseRequest): void {
  const choice = readToolChoice(request.toolConfig);
  if (choice?.type !== 'tool') return;
  const offered = (request.toolConfig?.tools ?? []).some((tool) => tool.toolSpec?.name === choice.name);
  if (!offered)
    throw createValidationError(`${MODEL_ERRORS_PREFIX}${ANTHROPIC_MESSAGES.toolNotFound(choice.name)}`);
}

type AdditionalFields = Record<string, unknown>;

function readRecord(value: unknown): AdditionalFields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as AdditionalFields)
    : undefined;
}

/** What Claude's validator sees of a Converse request: Converse's members plus its additional fields. */
function readClaudeView(request: ConverseRequest) {
  const fields = request.additionalModelRequestFields ?? {};
  const thinking = readRecord(fields.thinking);
  const outputConfig = readRecord(fields.output_config);
  const tools = request.toolConfig?.tools ?? [];
  const strictToolIndex = tools.findIndex(
    (tool) => (tool.toolSpec as AdditionalFields | undefined)?.strict === true,
  );
  const cachePoints =
    (request.system ?? []).filter((block) => block.cachePoint).length +
    request.messages.reduce(
      (total, message) => total + message.content.filter((block) => block.cachePoint).length,
      0,
    ) +
    tools.filter((tool) => tool.cachePoint).length;
  return {
    api: 'converse' as const,
    betas: Array.isArray(fields.anthropic_beta) ? fields.anthropic_beta.map(String) : [],
    maxTokens: request.inferenceConfig?.maxTokens,
    temperature: request.inferenceConfig?.temperature,
    topP: request.inferenceConfig?.topP,
    topK: typeof fields.top_k === 'number' ? fields.top_k : undefined,
    toolNames: tools.flatMap((tool) => (tool.toolSpec ? [tool.toolSpec.name] : [])),
    toolChoice: readToolChoice(request.toolConfig),
    strictToolIndex: strictToolIndex >= 0 ? strictToolIndex : undefined,
    thinking:
      thinking && typeof thinking.type === 'string'
        ? {
            type: thinking.type,
            budgetTokens: typeof thinking.budget_tokens === 'number' ? thinking.budget_tokens : undefined,
          }
        : undefined,
    effort:
      request.outputConfig?.effort ??
      (typeof outputConfig?.effort === 'string' ? outputConfig.effort : undefined),
    structuredOutput: request.outputConfig?.textFormat !== undefined || outputConfig?.format !== undefined,
    cachePoints,
  };
}
