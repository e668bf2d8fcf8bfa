import { UnsupportedParameterError } from '../errors.js';
import type { CanonicalParameter, GenerateRequest } from '../generate-request.js';
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
}
