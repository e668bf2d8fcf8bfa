import type { GenerateRequest } from '../generate-request.js';
import type { GenerateResult } from '../generate-result.js';
import type { TextFamily } from '../model-registry.js';
import type { StreamEvent } from '../stream-event.js';

/** A native InvokeModel body: JSON, free of model id and stream flag. */
export type NativeBody = Record<string, unknown>;

/**
 * Converts between the canonical request/result and one family's native InvokeModel format.
 * Pure: no I/O, no SDK types.
 */
export interface FamilyCodec {
  readonly family: TextFamily;
  /**
   * Path of the family's max-tokens field in a native body, e.g. `['textGenerationConfig', 'maxTokenCount']`.
   * The native passthrough caps this field at the model's maximum.
   */
  readonly maxTokensPath: readonly string[];
  /** Throws UnsupportedParameterError naming the first canonical parameter this family cannot honour. */
  checkSupported(request: GenerateRequest): void;
  /** Canonical request -> native body, including the family's prompt template. */
  toNativeBody(request: GenerateRequest): NativeBody;
  /** Native response body -> canonical result, with the stop reason normalised. */
  fromNativeResponse(body: unknown): GenerateResult;
  /**
   * A decoder for the family's native stream chunks (InvokeModelWithResponseStream `chunk.bytes`, parsed).
   * Stateful per stream; emits canonical events, including `usage` from the final chunk's
   * `amazon-bedrock-invocationMetrics` when the family's own chunks do not carry it.
   */
  createStreamDecoder(): (chunk: unknown) => StreamEvent[];
}
