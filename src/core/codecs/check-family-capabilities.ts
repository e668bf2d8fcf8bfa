import { UnsupportedParameterError } from '../errors.js';
import type {
  CanonicalParameter,
  ContentPart,
  DocumentFormat,
  GenerateRequest,
} from '../generate-request.js';
import type { CapableModel } from '../model-capabilities.js';
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
  /** The document formats the native body takes; absent or empty means none. */
  readonly documents?: readonly DocumentFormat[];
  /** Reasoning asked for, and reasoning blocks sent back. */
  readonly reasoning?: boolean;
  readonly cachePoints?: boolean;
  /** An output format (structured output). */
  readonly outputFormat?: boolean;
}

const THROUGH_NATIVE_API = 'through the native InvokeModel API';

/**
 * Who a codec's refusal is about: the model by its alias when the caller knows it (the client named it), else the
 * family, e.g. `Model 'claude-sonnet-4-5' (family 'anthropic')`.
 */
export function describeCodecSubject(family: CodecFamily, model: CapableModel | undefined): string {
  return model ? `Model '${model.alias}' (family '${family}')` : `Model family '${family}'`;
}

/** What one check needs: the family's limits, and who to name. */
interface CheckContext {
  capabilities: FamilyCapabilities;
  subject: string;
}

function checkRange(
  context: CheckContext,
  param: CanonicalParameter,
  value: number | undefined,
  range: NumberRange,
): void {
  if (value === undefined || (value >= range.min && value <= range.max)) return;
  throw new UnsupportedParameterError(
    param,
    `${context.subject} accepts '${param}' from ${range.min} to ${range.max} ${THROUGH_NATIVE_API}; got ${value}.`,
  );
}

function checkStopSequences(context: CheckContext, stopSequences: readonly string[]): void {
  if (stopSequences.length === 0) return;
  const limits = context.capabilities.stopSequences;
  if (!limits) {
    throw new UnsupportedParameterError(
      'stop',
      `${context.subject} does not support 'stop' ${THROUGH_NATIVE_API}; remove 'stop'.`,
    );
  }
  if (limits.maxCount !== undefined && stopSequences.length > limits.maxCount) {
    throw new UnsupportedParameterError(
      'stop',
      `${context.subject} accepts at most ${limits.maxCount} 'stop' sequence(s) ${THROUGH_NATIVE_API}; got ${stopSequences.length}.`,
    );
  }
  const allowed = limits.allowed;
  const rejected = allowed && stopSequences.find((sequence) => !allowed.pattern.test(sequence));
  if (allowed && rejected !== undefined) {
    throw new UnsupportedParameterError(
      'stop',
      `${context.subject} accepts only ${allowed.description} as 'stop' ${THROUGH_NATIVE_API}; got ${JSON.stringify(rejected)}.`,
    );
  }
}

function noToolSupport(context: CheckContext, param: CanonicalParameter, what: string): never {
  throw new UnsupportedParameterError(
    param,
    `${context.subject} does not support ${what} ${THROUGH_NATIVE_API}; remove '${param}', or use api 'converse' with a model that supports tool use there.`,
  );
}

const FEATURE_PARAMS: ReadonlyArray<{
  feature: Exclude<keyof NativeFeatures, 'documents'>;
  param: string;
  what: string;
  used: (request: GenerateRequest) => boolean;
}> = [
  { feature: 'images', param: 'messages', what: 'images', used: (request) => hasPart(request, 'image') },
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

function checkFeatures(context: CheckContext, request: GenerateRequest): void {
  const features = context.capabilities.features;
  for (const { feature, param, what, used } of FEATURE_PARAMS) {
    if (features?.[feature] || !used(request)) continue;
    throw new UnsupportedParameterError(
      param,
      `${context.subject} does not support ${what} ${THROUGH_NATIVE_API}; use api 'converse'.`,
    );
  }
  checkDocuments(context, request, features?.documents ?? []);
}

function checkDocuments(
  context: CheckContext,
  request: GenerateRequest,
  formats: readonly DocumentFormat[],
): void {
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type !== 'document' || formats.includes(part.format)) continue;
      throw new UnsupportedParameterError(
        'messages',
        formats.length === 0
          ? `${context.subject} does not support documents ${THROUGH_NATIVE_API}; use api 'converse'.`
          : `${context.subject} takes ${formats.join(', ')} documents ${THROUGH_NATIVE_API}, not ${part.format}; use api 'converse'.`,
      );
    }
  }
}

function checkTools(context: CheckContext, request: GenerateRequest): void {
  if (context.capabilities.tools) return;
  if (request.tools && request.tools.length > 0) noToolSupport(context, 'tools', "'tools'");
  // 'none' asks for no tool use, which a family without tools honours by definition.
  if (request.toolChoice && request.toolChoice.type !== 'none') {
    noToolSupport(context, 'tool_choice', "'tool_choice'");
  }
  const hasToolParts = request.messages.some((message) =>
    message.content.some((part) => part.type === 'tool-call' || part.type === 'tool-result'),
  );
  if (hasToolParts) {
    throw new UnsupportedParameterError(
      'messages',
      `${context.subject} does not support tool calls or tool results in 'messages' ${THROUGH_NATIVE_API}; send text only, or use api 'converse' with a model that supports tool use there.`,
    );
  }
}

/**
 * Throws UnsupportedParameterError naming the first canonical parameter that `capabilities` rule out,
 * checked in the order temperature, top_p, stop, tools, tool_choice, messages, then the features (images,
 * reasoning, cache points, structured output, documents). The message names `model` when given, else the family.
 */
export function checkFamilyCapabilities(
  capabilities: FamilyCapabilities,
  request: GenerateRequest,
  model?: CapableModel,
): void {
  const context: CheckContext = { capabilities, subject: describeCodecSubject(capabilities.family, model) };
  checkRange(context, 'temperature', request.temperature, capabilities.temperature);
  checkRange(context, 'top_p', request.topP, capabilities.topP);
  checkStopSequences(context, request.stopSequences ?? []);
  checkTools(context, request);
  checkFeatures(context, request);
}
