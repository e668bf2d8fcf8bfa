import { UnsupportedParameterError } from './errors.js';
import type { ContentPart, GenerateRequest } from './generate-request.js';

/** Reasoning effort levels, as Claude's `output_config.effort` names them (the others use a subset). */
export type ReasoningEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** How a model is asked to reason, if at all. */
export type ReasoningCapability =
  | { mode: 'none' }
  /** Claude up to 4.5: `thinking: {type: "enabled", budget_tokens}`, with max tokens above the budget. */
  | { mode: 'budget'; minBudgetTokens: number }
  /**
   * Claude 4.6 and later: `thinking: {type: "adaptive"}` plus `output_config.effort`. `alwaysOn` models
   * think on every request and cannot be told not to.
   */
  | { mode: 'adaptive'; efforts: readonly ReasoningEffort[]; alwaysOn: boolean }
  /** Nova 2: `reasoningConfig: {type: "enabled", maxReasoningEffort}`. */
  | { mode: 'reasoning-config'; efforts: readonly ReasoningEffort[] }
  /** gpt-oss: `reasoning_effort`. */
  | { mode: 'effort'; efforts: readonly ReasoningEffort[] }
  /** DeepSeek R1: always reasons; there is nothing to ask. */
  | { mode: 'always' };

export type CacheTtl = '5m' | '1h';

/** Bedrock service tiers beyond the default one (Converse `serviceTier`, `X-Amzn-Bedrock-Service-Tier`). */
export type ServiceTier = 'priority' | 'flex';

/** Prompt caching: where cache points may go, from how many tokens, for how long. */
export interface CachePointCapability {
  /** The shortest prefix that is cached; a cache point before it caches nothing. */
  minTokens: number;
  ttls: readonly CacheTtl[];
  /** Whether a cache point may follow the tool definitions (Nova caches system and messages only). */
  tools: boolean;
  /** Most cache points per request. */
  maxPoints: number;
}

/**
 * What one model can be asked for: the one place the codecs, the routes and `/v1/models` read. A request that
 * asks a model for something it lacks is a 400 naming the field and the model, never silently dropped.
 */
export interface ModelCapabilities {
  /** ConverseStream / InvokeModelWithResponseStream. */
  streaming: boolean;
  /** Image content. */
  vision: boolean;
  /** Document content (PDF and the other formats Bedrock takes). */
  documents: boolean;
  /** Tool definitions, tool calls and tool results. */
  tools: boolean;
  /** A tool choice that forces tool use (`any` or a named tool). */
  forcedToolChoice: boolean;
  reasoning: ReasoningCapability;
  /** Converse `outputConfig.textFormat` (a JSON schema the answer follows). */
  structuredOutput: boolean;
  /** Absent: the model caches nothing. */
  cachePoints?: CachePointCapability;
  /** Most stop sequences per request; 0 means none. */
  maxStopSequences: number;
  /** Which sampling parameters the model takes; `temperatureOrTopP`: at most one of the two per request. */
  sampling: { temperature: boolean; topP: boolean; topK: boolean; temperatureOrTopP: boolean };
  serviceTiers: readonly ServiceTier[];
  /** Bedrock Guardrails on the model's calls. */
  guardrails: boolean;
  /** Bedrock CountTokens answers for the model. */
  countTokens: boolean;
}

/**
 * A text model that answers text and nothing more: the conservative default for a model an operator adds
 * without saying what it can do. `defineCapabilities` builds on it.
 */
export const TEXT_CAPABILITIES: ModelCapabilities = {
  streaming: true,
  vision: false,
  documents: false,
  tools: false,
  forcedToolChoice: false,
  reasoning: { mode: 'none' },
  structuredOutput: false,
  maxStopSequences: 4,
  sampling: { temperature: true, topP: true, topK: false, temperatureOrTopP: false },
  serviceTiers: [],
  guardrails: true,
  countTokens: false,
};

/** A text model's capabilities: `TEXT_CAPABILITIES` with what it adds or lacks. */
export function defineCapabilities(overrides: Partial<ModelCapabilities>): ModelCapabilities {
  return { ...TEXT_CAPABILITIES, ...overrides };
}

/** An embedding model: none of the above. */
export const EMBEDDING_CAPABILITIES: ModelCapabilities = {
  streaming: false,
  vision: false,
  documents: false,
  tools: false,
  forcedToolChoice: false,
  reasoning: { mode: 'none' },
  structuredOutput: false,
  maxStopSequences: 0,
  sampling: { temperature: false, topP: false, topK: false, temperatureOrTopP: false },
  serviceTiers: [],
  guardrails: false,
  countTokens: false,
};

/** The model a request is checked against, by alias. */
export interface CapableModel {
  alias: string;
  capabilities: ModelCapabilities;
}

function refuse(model: CapableModel, param: string, what: string): never {
  throw new UnsupportedParameterError(
    param,
    `Model '${model.alias}' does not support ${what}; remove '${param}'.`,
  );
}

/**
 * Throws UnsupportedParameterError naming the first field of `request` that `model` cannot honour. The
 * parameter names are the canonical ones (`tools`, `tool_choice`, `stop`, `temperature`, `top_p`, `top_k`); routes
 * name their own fields in their own messages where they differ.
 */
export function checkModelCapabilities(
  model: CapableModel,
  request: GenerateRequest,
  streaming: boolean,
): void {
  const { capabilities } = model;
  if (streaming && !capabilities.streaming) refuse(model, 'stream', 'streaming');
  const usesTools =
    (request.tools?.length ?? 0) > 0 ||
    request.messages.some((message) =>
      message.content.some((part) => part.type === 'tool-call' || part.type === 'tool-result'),
    );
  if (usesTools && !capabilities.tools) refuse(model, 'tools', 'tool use');
  const choice = request.toolChoice?.type;
  if ((choice === 'any' || choice === 'tool') && !capabilities.forcedToolChoice) {
    throw new UnsupportedParameterError(
      'tool_choice',
      `Model '${model.alias}' does not support a tool choice that forces tool use ('${choice === 'any' ? 'required' : 'a named tool'}'); use 'auto'.`,
    );
  }
  const stops = request.stopSequences?.length ?? 0;
  if (stops > capabilities.maxStopSequences) {
    if (capabilities.maxStopSequences === 0) refuse(model, 'stop', 'stop sequences');
    throw new UnsupportedParameterError(
      'stop',
      `Model '${model.alias}' takes at most ${capabilities.maxStopSequences} 'stop' sequences; got ${stops}.`,
    );
  }
  const parts = request.messages.flatMap((message) => message.content);
  if (!capabilities.vision && parts.some((part) => part.type === 'image')) refuse(model, 'image', 'images');
  if (!capabilities.documents && parts.some((part) => part.type === 'document'))
    refuse(model, 'document', 'documents');
  checkCachePoints(model, request, parts);
  const tier = request.serviceTier;
  if (tier !== undefined && tier !== 'default' && !capabilities.serviceTiers.includes(tier)) {
    const offered = capabilities.serviceTiers.map((offer) => `'${offer}'`).join(', ');
    throw new UnsupportedParameterError(
      'service_tier',
      `Model '${model.alias}' does not offer the '${tier}' service tier${offered ? `; it offers ${offered}` : ''}.`,
    );
  }
  if (request.guardrail && !capabilities.guardrails) refuse(model, 'guardrail', 'Bedrock guardrails');
  const { sampling } = capabilities;
  if (request.temperature !== undefined && !sampling.temperature)
    refuse(model, 'temperature', "'temperature'");
  if (request.topP !== undefined && !sampling.topP) refuse(model, 'top_p', "'top_p'");
  if (request.topK !== undefined && !sampling.topK) refuse(model, 'top_k', "'top_k'");
  if (sampling.temperatureOrTopP && request.temperature !== undefined && request.topP !== undefined) {
    throw new UnsupportedParameterError(
      'top_p',
      `Model '${model.alias}' takes 'temperature' or 'top_p', not both; remove one of them.`,
    );
  }
}

/** Cache points must be where and as many as the model caches, with a TTL it offers. */
function checkCachePoints(
  model: CapableModel,
  request: GenerateRequest,
  parts: readonly ContentPart[],
): void {
  const points = [
    ...parts.filter((part) => part.type === 'cache-point'),
    ...(request.cachePoints?.system ? [request.cachePoints.system] : []),
    ...(request.cachePoints?.tools ? [request.cachePoints.tools] : []),
  ];
  if (points.length === 0) return;
  const caching = model.capabilities.cachePoints;
  if (!caching) refuse(model, 'cache_control', 'prompt caching');
  if (points.length > caching.maxPoints) {
    throw new UnsupportedParameterError(
      'cache_control',
      `Model '${model.alias}' takes at most ${caching.maxPoints} cache points; got ${points.length}.`,
    );
  }
  if (request.cachePoints?.tools && !caching.tools) {
    throw new UnsupportedParameterError(
      'cache_control',
      `Model '${model.alias}' caches the system prompt and messages, not the tool definitions; move the cache point.`,
    );
  }
  const ttl = points.find((point) => point.ttl !== undefined && !caching.ttls.includes(point.ttl))?.ttl;
  if (ttl !== undefined) {
    throw new UnsupportedParameterError(
      'cache_control',
      `Model '${model.alias}' caches for ${caching.ttls.join(' or ')}, not ${ttl}.`,
    );
  }
}
