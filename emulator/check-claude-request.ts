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
  cachePoints: number;
}

/**
 * The rules Claude's own validator enforces, in one place for Converse and InvokeModel: the API version, beta
 * flags, sampling parameters, tool choice, thinking, effort, structured output, strict tools and cache points.
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
  if (request.cachePoints > 4) return ANTHROPIC_MESSAGES.tooManyCachePoints(request.cachePoints);
  return undefined;
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
