import type { GenerateRequest } from '../generate-request.js';
import type { GenerateResult, Usage } from '../generate-result.js';
import type { CapableModel } from '../model-capabilities.js';
import type { CodecFamily } from '../model-registry.js';
import type { StreamEvent } from '../stream-event.js';

/** A native InvokeModel body: JSON, free of model id and stream flag. */
export type NativeBody = Record<string, unknown>;

/**
 * What a codec may know of the model it writes for. The model plans how reasoning is asked (see `planReasoning`)
 * and is named in refusals; without it, refusals name the family and a request asking for reasoning is refused.
 */
export interface NativeBodyOptions {
  model?: CapableModel;
}

/**
 * Converts between the canonical request/result and one family's native InvokeModel format.
 * Pure: no I/O, no SDK types. A request's guardrail and service tier are not part of any native body: InvokeModel
 * takes them as headers (`X-Amzn-Bedrock-GuardrailIdentifier`, `-GuardrailVersion`, `-Trace`, `-Service-Tier`),
 * which the Bedrock invoker sets.
 */
export interface FamilyCodec {
  readonly family: CodecFamily;
  /**
   * Path of the family's max-tokens field in a native body, e.g. `['textGenerationConfig', 'maxTokenCount']`.
   * The native passthrough caps this field at the model's maximum.
   */
  readonly maxTokensPath: readonly string[];
  /**
   * Other fields the family reads as a max-tokens limit (e.g. Nova's `max_new_tokens`). The native passthrough
   * refuses a body that uses them, since only `maxTokensPath` is capped.
   */
  readonly otherMaxTokensPaths?: readonly (readonly string[])[];
  /**
   * Throws UnsupportedParameterError naming the first canonical parameter this family cannot honour
   * through its native API (a parameter is never dropped silently).
   */
  checkSupported(request: GenerateRequest, options?: NativeBodyOptions): void;
  /**
   * Canonical request -> native body, including the family's prompt template.
   * Runs `checkSupported` first, and throws InvalidRequestError (`invalid_conversation`, param `messages`)
   * for a conversation the family cannot take: empty, not starting with a user turn, or tool parts in the wrong role.
   */
  toNativeBody(request: GenerateRequest, options?: NativeBodyOptions): NativeBody;
  /**
   * Native response body -> canonical result, with the stop reason normalised.
   * `usageFromHeaders` is Bedrock's `X-Amzn-Bedrock-Input-Token-Count` / `-Output-Token-Count`, read by the
   * caller; it is used when the body carries no usage of its own (Mistral never does).
   * Throws UpstreamError (502, `upstream_malformed_response`) when the body does not have the family's shape.
   */
  fromNativeResponse(body: unknown, usageFromHeaders?: Usage): GenerateResult;
  /**
   * A decoder for the family's native stream chunks (InvokeModelWithResponseStream `chunk.bytes`, parsed).
   * Stateful per stream. It emits `message-start` first, then content events, then the terminal
   * `message-stop` (or `error` when the model reports a failed generation), then exactly one `usage`, last.
   * Usage prefers the final chunk's `amazon-bedrock-invocationMetrics` (what Bedrock bills) and falls back to
   * the family's own counters. Throws UpstreamError for a chunk that does not have the family's shape.
   */
  createStreamDecoder(): (chunk: unknown) => StreamEvent[];
}
