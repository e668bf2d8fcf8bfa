import { UnsupportedParameterError } from '../errors.js';
import type { CanonicalParameter, ContentPart, GenerateRequest } from '../generate-request.js';
import type { CodecFamily } from '../model-registry.js';

/** An inclusive range of accepted values. */
export interface NumberRange {
  readonly min: number;
  readonly max: number;
}

/** What a family's native stop-sequence field accepts. */
export interface StopSequenceLimits {
  /** Most sequences per request; no limit when absent. */
  readonly maxCount?: number;
  /** A pattern every sequence must match, with its description for the error message. */
  readonly allowed?: { readonly pattern: RegExp; readonly description: string };
}

/**
 * What one family's native InvokeModel body can honour, from the AWS model-parameter docs.
 * Declarative, so each codec states its limits and one function enforces them all the same way.
 */
export interface FamilyCapabilities {
  readonly family: CodecFamily;
  readonly temperature: NumberRange;
  readonly topP: NumberRange;
  /** Absent when the native body has no stop-sequence field. */
  readonly stopSequences?: StopSequenceLimits;
  /** Whether the native body takes tool definitions (and so tool calls and results in messages). */
  readonly tools: boolean;
  /** What else the native body can carry; absent means none of it. */
  readonly features?: NativeFeatures;
}

/** Request features beyond text and tools that a native body may carry. */
export interface NativeFeatures {
  readonly images?: boolean;
  readonly documents?: boolean;
  /** Reasoning asked for, and reasoning blocks sent back. */
  readonly reasoning?: boolean;
  readonly cachePoints?: boolean;
  /** An output format (structured output). */
  readonly outputFormat?: boolean;
}

const THROUGH_NATIVE_API = 'through the native InvokeModel API';

function checkRange(
  capabilities: FamilyCapabilities,
  param: CanonicalParameter,
  value: number | undefined,
  range: NumberRange,
): void {
  if (value === undefined || (value >= range.min && value <= range.max)) return;
  throw new UnsupportedParameterError(
    param,
    `Model family '${capabilities.family}' accepts '${param}' from ${range.min} to ${range.max} ${THROUGH_NATIVE_API}; got ${value}.`,
  );
}

function checkStopSequences(capabilities: FamilyCapabilities, stopSequences: readonly string[]): void {
  if (stopSequences.length === 0) return;
  const limits = capabilities.stopSequences;
  if (!limits) {
    throw new UnsupportedParameterError(
      'stop',
      `Model family '${capabilities.family}' does not support 'stop' ${THROUGH_NATIVE_API}; remove 'stop'.`,
    );
  }
  if (limits.maxCount !== undefined && stopSequences.length > limits.maxCount) {
    throw new UnsupportedParameterError(
      'stop',
      `Model family '${capabilities.family}' accepts at most ${limits.maxCount} 'stop' sequence(s) ${THROUGH_NATIVE_API}; got ${stopSequences.length}.`,
    );
  }
  const allowed = limits.allowed;
  const rejected = allowed && stopSequences.find((sequence) => !allowed.pattern.test(sequence));
  if (allowed && rejected !== undefined) {
    throw new UnsupportedParameterError(
      'stop',
      `Model family '${capabilities.family}' accepts only ${allowed.description} as 'stop' ${THROUGH_NATIVE_API}; got ${JSON.stringify(rejected)}.`,
    );
  }
}

function noToolSupport(capabilities: FamilyCapabilities, param: CanonicalParameter, what: string): never {
  throw new UnsupportedParameterError(
    param,
    `Model family '${capabilities.family}' does not support ${what} ${THROUGH_NATIVE_API}; remove '${param}', or use api 'converse' with a model that supports tool use there.`,
  );
}

const FEATURE_PARAMS: ReadonlyArray<{
  feature: keyof NativeFeatures;
  param: string;
  what: string;
  used: (request: GenerateRequest) => boolean;
}> = [
  { feature: 'images', param: 'messages', what: 'images', used: (request) => hasPart(request, 'image') },
  {
    feature: 'documents',
    param: 'messages',
    what: 'documents',
    used: (request) => hasPart(request, 'document'),
  },
  {
    feature: 'reasoning',
    param: 'reasoning',
    what: 'reasoning',
    used: (request) =>
      request.reasoning !== undefined ||
      hasPart(request, 'reasoning') ||
      hasPart(request, 'redacted-reasoning'),
  },
  {
    feature: 'cachePoints',
    param: 'cache_control',
    what: 'cache points',
    used: (request) => request.cachePoints !== undefined || hasPart(request, 'cache-point'),
  },
  {
    feature: 'outputFormat',
    param: 'response_format',
    what: 'structured output',
    used: (request) => request.outputFormat !== undefined,
  },
];

function hasPart(request: GenerateRequest, type: ContentPart['type']): boolean {
  return request.messages.some((message) => message.content.some((part) => part.type === type));
}

function checkFeatures(capabilities: FamilyCapabilities, request: GenerateRequest): void {
  for (const { feature, param, what, used } of FEATURE_PARAMS) {
    if (capabilities.features?.[feature] || !used(request)) continue;
    throw new UnsupportedParameterError(
      param,
      `Model family '${capabilities.family}' does not support ${what} ${THROUGH_NATIVE_API}; use api 'converse'.`,
    );
  }
}

function checkTools(capabilities: FamilyCapabilities, request: GenerateRequest): void {
  if (capabilities.tools) return;
  if (request.tools && request.tools.length > 0) noToolSupport(capabilities, 'tools', "'tools'");
  // 'none' asks for no tool use, which a family without tools honours by definition.
  if (request.toolChoice && request.toolChoice.type !== 'none') {
    noToolSupport(capabilities, 'tool_choice', "'tool_choice'");
  }
  const hasToolParts = request.messages.some((message) =>
    message.content.some((part) => part.type === 'tool-call' || part.type === 'tool-result'),
  );
  if (hasToolParts) {
    throw new UnsupportedParameterError(
      'messages',
      `Model family '${capabilities.family}' does not support tool calls or tool results in 'messages' ${THROUGH_NATIVE_API}; send text only, or use api 'converse' with a model that supports tool use there.`,
    );
  }
}

/**
 * Throws UnsupportedParameterError naming the first canonical parameter that `capabilities` rule out,
 * checked in the order temperature, top_p, stop, tools, tool_choice, messages.
 */
export function checkFamilyCapabilities(capabilities: FamilyCapabilities, request: GenerateRequest): void {
  checkRange(capabilities, 'temperature', request.temperature, capabilities.temperature);
  checkRange(capabilities, 'top_p', request.topP, capabilities.topP);
  checkStopSequences(capabilities, request.stopSequences ?? []);
  checkTools(capabilities, request);
  checkFeatures(capabilities, request);
}
