import { ANTHROPIC_MESSAGES, MODEL_ERRORS_PREFIX } from './bedrock-messages.js';
import { BEDROCK_ANTHROPIC_BETAS } from './catalogue/anthropic-betas.js';
import type { TextModel } from './catalogue/foundation-model.js';
import { createValidationError } from './errors.js';
import type { ToolChoice } from './model-input.js';

/** What Anthropic's validator looks at, read from a Converse request or a native Claude body. */
export interface ClaudeRequestView {
  /** Converse prefixes the validator's message, InvokeModel relays it bare (bedrock-validation.md §0.2). */
  api: 'converse' | 'invoke';
  /** The native body's `anthropic_version` (InvokeModel only). */
  apiVersion?: string;
  betas: readonly string[];
  /** The native `max_tokens` (InvokeModel only: Converse's cap is Bedrock's own check). */
  nativeMaxTokens?: number;
  /** The request's max tokens, native or Converse, for the thinking budget rule. */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  toolNames: readonly string[];
  toolChoice?: ToolChoice;
  /** The index of the first tool marked `strict`, if any. */
  strictToolIndex?: number;
  thinking?: { type: string; budgetTokens?: number };
  effort?: string;
  structuredOutput: boolean;
  /** The structured output's schema, parsed; `invalid` when Converse's schema string is not JSON. */
  outputSchema?: { schema: unknown } | 'invalid';
  /** Where the structured output's schema sits, for messages: `output_config.format.schema`. */
  outputSchemaField?: string;
  /**
   * The cache points in Bedrock's order (tools, system, messages), each at the block it follows, as Anthropic
   * names it (`messages.3.content.0`), with its TTL when one is given.
   */
  cachePoints: ReadonlyArray<{ location: string; ttl?: '5m' | '1h' }>;
}

/**
 * The rules Claude's own validator enforces, in one place for Converse and InvokeModel: the API version, beta
 * flags, sampling parameters, tool choice, thinking, effort, structured output and its schema, strict tools and
 * cache points.
 * The catalogue says which apply to which model; the messages are in bedrock-messages.ts.
 */
export function checkClaudeRequest(model: TextModel, modelId: string, request: ClaudeRequestView): void {
  const message = findClaudeProblem(model, modelId, request);
  if (message === undefined) return;
  throw createValidationError(request.api === 'converse' ? `${MODEL_ERRORS_PREFIX}${message}` : message);
}

function findClaudeProblem(
  model: TextModel,
  modelId: string,
  request: ClaudeRequestView,
): string | undefined {
  const rules = model.anthropic;
  const { capabilities } = model;
  if (request.apiVersion !== undefined && !rules?.apiVersions.includes(request.apiVersion)) {
    return ANTHROPIC_MESSAGES.invalidApiVersion(request.apiVersion);
  }
  const extraBetas = rules?.extraBetas ?? [];
  if (request.betas.some((beta) => !BEDROCK_ANTHROPIC_BETAS.has(beta) && !extraBetas.includes(beta))) {
    return ANTHROPIC_MESSAGES.invalidBetaFlag;
  }
  const samplingProblem = findSamplingProblem(model, request);
  if (samplingProblem) return samplingProblem;
  if (request.nativeMaxTokens !== undefined && request.nativeMaxTokens > model.maxOutputTokens) {
    return ANTHROPIC_MESSAGES.maxTokensExceeded(request.nativeMaxTokens, model.maxOutputTokens, modelId);
  }
  const choice = request.toolChoice;
  const forced = choice?.type === 'any' || choice?.type === 'tool';
  if (forced && !capabilities.forcedToolChoice.includes(choice.type as 'any' | 'tool')) {
    return ANTHROPIC_MESSAGES.forcedToolUseUnsupported;
  }
  if (choice?.type === 'tool' && !request.toolNames.includes(choice.name)) {
    return ANTHROPIC_MESSAGES.toolNotFound(choice.name);
  }
  const thinkingProblem = findThinkingProblem(model, request, forced);
  if (thinkingProblem) return thinkingProblem;
  if (request.effort !== undefined) {
    const levels = rules?.effortLevels ?? [];
    if (levels.length === 0) return ANTHROPIC_MESSAGES.extraInputs('output_config.effort');
    if (!levels.includes(request.effort)) return ANTHROPIC_MESSAGES.effortNotAllowed(levels);
  }
  // Opus 4.7 and later refuse both (vercel/ai#17919, #18199).
  if (request.structuredOutput && !capabilities.structuredOutput) {
    return ANTHROPIC_MESSAGES.extraInputs('output_config.format');
  }
  if (request.strictToolIndex !== undefined && !capabilities.structuredOutput) {
    return ANTHROPIC_MESSAGES.extraInputs(`tools.${request.strictToolIndex}.custom.strict`);
  }
  if (request.outputSchema !== undefined) {
    const field = request.outputSchemaField ?? 'output_config.format.schema';
    const problem =
      request.outputSchema === 'invalid'
        ? ANTHROPIC_MESSAGES.schemaNotObject(field)
        : findOutputSchemaProblem(request.outputSchema.schema, field);
    if (problem) return problem;
  }
  return findCachePointProblem(model, request.cachePoints);
}

/**
 * Claude's cache-point rules: at most four (§14; twentyhq/twenty#26217), a `ttl` only from the 4.5 generation on
 * (earendil-works/pi#1570), and never a 1-hour TTL after a 5-minute one (Portkey-AI/gateway#1762).
 */
function findCachePointProblem(
  model: TextModel,
  points: ClaudeRequestView['cachePoints'],
): string | undefined {
  if (points.length > 4) return ANTHROPIC_MESSAGES.tooManyCachePoints(points.length);
  const withTtl = points.find((point) => point.ttl !== undefined);
  if (withTtl && !model.capabilities.promptCaching?.extendedTtl) {
    return ANTHROPIC_MESSAGES.cacheTtlUnsupported(withTtl.location);
  }
  let shortSeen = false;
  for (const point of points) {
    if ((point.ttl ?? '5m') === '5m') shortSeen = true;
    else if (shortSeen) return ANTHROPIC_MESSAGES.cacheTtlOrder(point.location);
  }
  return undefined;
}

/** Keywords Claude's structured outputs refuse, by type (agentjido/req_llm#302; systemprompt-models' strict.rs). */
const UNSUPPORTED_SCHEMA_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  number: ['exclusiveMaximum', 'exclusiveMinimum', 'maximum', 'minimum', 'multipleOf'],
  integer: ['exclusiveMaximum', 'exclusiveMinimum', 'maximum', 'minimum', 'multipleOf'],
  string: ['maxLength', 'minLength'],
  array: ['maxItems', 'uniqueItems'],
  object: ['maxProperties', 'minProperties'],
};

/**
 * Claude's rules for a structured-output schema (§13): a JSON object, every object schema with
 * `additionalProperties: false`, no numeric, length or array bounds (`minItems` above 1 included). The first
 * problem in document order is reported, its keywords in alphabetical order as Anthropic lists them.
 */
function findOutputSchemaProblem(schema: unknown, field: string): string | undefined {
  if (!isRecord(schema)) return ANTHROPIC_MESSAGES.schemaNotObject(field);
  const visit = (node: unknown): string | undefined => {
    if (Array.isArray(node)) {
      for (const item of node) {
        const problem = visit(item);
        if (problem) return problem;
      }
      return undefined;
    }
    if (!isRecord(node)) return undefined;
    const types = Array.isArray(node.type)
      ? node.type
      : [node.type ?? (isRecord(node.properties) ? 'object' : undefined)];
    for (const type of types) {
      if (typeof type !== 'string') continue;
      if (type === 'object' && node.additionalProperties !== false) {
        return ANTHROPIC_MESSAGES.schemaAdditionalProperties(field);
      }
      const refused = (UNSUPPORTED_SCHEMA_KEYWORDS[type] ?? []).filter((keyword) => keyword in node);
      if (type === 'array' && typeof node.minItems === 'number' && node.minItems > 1)
        refused.push('minItems');
      if (refused.length > 0)
        return ANTHROPIC_MESSAGES.schemaKeywordsUnsupported(field, type, refused.sort());
    }
    for (const key of ['properties', '$defs', 'definitions']) {
      if (isRecord(node[key])) {
        const problem = visit(Object.values(node[key] as Record<string, unknown>));
        if (problem) return problem;
      }
    }
    for (const key of ['items', 'prefixItems', 'anyOf', 'allOf', 'oneOf', 'additionalProperties']) {
      const problem = visit(node[key]);
      if (problem) return problem;
    }
    return undefined;
  };
  return visit(schema);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function findSamplingProblem(model: TextModel, request: ClaudeRequestView): string | undefined {
  const { sampling } = model.capabilities;
  if (sampling === 'none') {
    if (request.temperature !== undefined) return ANTHROPIC_MESSAGES.deprecated('temperature');
    if (request.topP !== undefined) return ANTHROPIC_MESSAGES.deprecated('top_p');
    if (request.topK !== undefined) return ANTHROPIC_MESSAGES.deprecated('top_k');
  }
  if (
    sampling === 'temperature-or-top-p' &&
    request.temperature !== undefined &&
    request.topP !== undefined
  ) {
    return ANTHROPIC_MESSAGES.temperatureAndTopP;
  }
  return undefined;
}

function findThinkingProblem(
  model: TextModel,
  request: ClaudeRequestView,
  forced: boolean,
): string | undefined {
  const thinking = request.thinking;
  if (thinking === undefined || thinking.type === 'disabled') return undefined;
  const { reasoning } = model.capabilities;
  if (thinking.type === 'adaptive' && reasoning === 'claude-budget') {
    return ANTHROPIC_MESSAGES.adaptiveThinkingUnsupported;
  }
  if (thinking.type === 'enabled') {
    if (reasoning === 'claude-adaptive' || reasoning === 'claude-adaptive-always') {
      return ANTHROPIC_MESSAGES.enabledThinkingUnsupported;
    }
    const budget = thinking.budgetTokens ?? 0;
    if (budget < 1024) return ANTHROPIC_MESSAGES.budgetTooSmall;
    if (request.maxTokens !== undefined && budget >= request.maxTokens) {
      return ANTHROPIC_MESSAGES.budgetNotBelowMaxTokens;
    }
  }
  if (forced) return ANTHROPIC_MESSAGES.forcedToolUseWithThinking;
  if (request.temperature !== undefined && request.temperature !== 1) {
    return ANTHROPIC_MESSAGES.temperatureWithThinking;
  }
  return undefined;
}
