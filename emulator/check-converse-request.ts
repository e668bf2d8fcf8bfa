import {
  ANTHROPIC_MESSAGES,
  CACHE_POINT_AFTER_REASONING,
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
import { findBedrockMediaProblem, findModelMediaProblem } from './check-media-blocks.js';
import { checkServiceOptions } from './check-service-options.js';
import type { ConverseRequest } from './converse.js';
import {
  checkConversation,
  listConverseMediaBlocks,
  listMessagesWithText,
  readToolChoice,
} from './converse-messages.js';
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
  const mediaBlocks = listConverseMediaBlocks(request.messages);
  const bedrockProblem = findBedrockMediaProblem(model, mediaBlocks, listMessagesWithText(request.messages));
  if (bedrockProblem) throw createValidationError(bedrockProblem);
  checkAdditionalFields(model, request.additionalModelRequestFields);
  if (model.family === 'anthropic') {
    checkClaudeRequest(model, context.modelId, readClaudeView(request));
  } else {
    checkForcedToolName(request);
    checkOutputSchemaIsJson(request);
  }
  const modelProblem = findModelMediaProblem(model, mediaBlocks, 'converse');
  if (modelProblem) throw createValidationError(`${MODEL_ERRORS_PREFIX}${modelProblem}`);
}

/**
 * A schema string that is not JSON, for models other than Claude (whose validator words it, check-claude-request.ts).
 * Bedrock's wording is UNCONFIRMED.
 */
function checkOutputSchemaIsJson(request: ConverseRequest): void {
  const schema = request.outputConfig?.textFormat?.structure.jsonSchema.schema;
  if (schema === undefined || parseSchema(schema) !== 'invalid') return;
  throw createValidationError(
    'The JSON schema provided in outputConfig.textFormat.structure.jsonSchema.schema is not valid JSON.',
  );
}

function parseSchema(schema: string): { schema: unknown } | 'invalid' {
  try {
    return { schema: JSON.parse(schema) };
  } catch {
    return 'invalid';
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
  checkCachePoints(model, request, 'converse');
}

/** Where cache points can be in a Converse-shaped body (Converse, and Nova's native body). */
type ConverseShapedBody = Pick<ConverseRequest, 'system' | 'messages' | 'toolConfig'>;

/**
 * Cache points: refused outright without prompt caching, never right after reasoning, and Nova's narrower rules
 * (§12, §14): no TTL, none after the tools (its validator's words, after Converse's prefix or bare on InvokeModel).
 */
export function checkCachePoints(
  model: TextModel,
  request: ConverseShapedBody,
  api: 'converse' | 'invoke',
): void {
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
  const afterReasoning = request.messages.some((message) =>
    message.content.some(
      (block, index) =>
        block.cachePoint !== undefined && message.content[index - 1]?.reasoningContent !== undefined,
    ),
  );
  if (afterReasoning) throw createValidationError(CACHE_POINT_AFTER_REASONING);
  if (model.family === 'anthropic') return;
  if (!caching.extendedTtl && points.some((point) => point.ttl !== undefined)) {
    throw createValidationError(EXTENDED_TTL_ANTHROPIC_ONLY);
  }
  if (toolPoint >= 0 && !caching.inTools) {
    const message = describeExtraneousKey(`#/toolConfig/tools/${toolPoint}`, 'cachePoint');
    throw createValidationError(api === 'converse' ? `${MODEL_ERRORS_PREFIX}${message}` : message);
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
  const cachePoints = listClaudeCachePoints(request);
  const textFormat = request.outputConfig?.textFormat;
  const nativeFormat = readRecord(outputConfig?.format);
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
    structuredOutput: textFormat !== undefined || outputConfig?.format !== undefined,
    ...(textFormat
      ? { outputSchema: parseSchema(textFormat.structure.jsonSchema.schema) }
      : nativeFormat && 'schema' in nativeFormat
        ? { outputSchema: { schema: nativeFormat.schema } }
        : {}),
    cachePoints,
  };
}

/**
 * Converse's cache points as Claude sees them: `cache_control` on the block each follows, named as Anthropic
 * names it (`tools.0`, `system.0`, `messages.3.content.0`: Portkey-AI/gateway#1762).
 */
function listClaudeCachePoints(request: ConverseRequest): Array<{ location: string; ttl?: '5m' | '1h' }> {
  const points: Array<{ location: string; ttl?: '5m' | '1h' }> = [];
  const add = (location: string, ttl: '5m' | '1h' | undefined) =>
    points.push({ location, ...(ttl === undefined ? {} : { ttl }) });
  let tools = 0;
  for (const tool of request.toolConfig?.tools ?? []) {
    if (tool.cachePoint) add(`tools.${Math.max(0, tools - 1)}`, tool.cachePoint.ttl);
    else tools++;
  }
  let systemBlocks = 0;
  for (const block of request.system ?? []) {
    if (block.cachePoint) add(`system.${Math.max(0, systemBlocks - 1)}`, block.cachePoint.ttl);
    else systemBlocks++;
  }
  request.messages.forEach((message, messageIndex) => {
    let blocks = 0;
    for (const block of message.content) {
      if (block.cachePoint)
        add(`messages.${messageIndex}.content.${Math.max(0, blocks - 1)}`, block.cachePoint.ttl);
      else blocks++;
    }
  });
  return points;
}
