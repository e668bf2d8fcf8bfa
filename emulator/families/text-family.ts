import type { TextModel } from '../catalogue/foundation-model.js';
import type { ModelInput } from '../model-input.js';
import type { Reply } from '../reply.js';
import type { StreamPhase, StreamTiming } from '../write-event-stream.js';

/** What a family's response builders know besides the reply. */
export interface ReplyContext {
  /** The model id as called (after ARN extraction). */
  modelId: string;
  /** Used to derive the ids some families put in their responses. */
  requestId: string;
  /** The request body, already validated by the same family's `readInvokeBody`. */
  requestBody: unknown;
}

/** The model a native body is read for: its catalogue entry decides caps and what the body may carry. */
export interface NativeModel {
  definition: TextModel;
  /** The id as called, for messages that name it. */
  modelId: string;
}

/** A chunk body, fixed or depending on the timing at the moment it is written. */
export type ChunkBody = Record<string, unknown> | ((timing: StreamTiming) => Record<string, unknown>);

/** One native chunk of InvokeModelWithResponseStream, before it is wrapped as `{"bytes": base64}`. */
export interface NativeChunk {
  phase: StreamPhase;
  body: ChunkBody;
}

/** One text family's native InvokeModel format: how it reads a body, answers, and streams. */
export interface TextFamily {
  /** The output cap when a body (or a Converse request) sets none. */
  readonly defaultMaxTokens: number;
  /**
   * Validates a native body like Bedrock does for this model (throws ValidationException) and reads what the
   * model sees.
   */
  readInvokeBody(body: unknown, model: NativeModel): ModelInput;
  /** The native InvokeModel response body. */
  buildInvokeResponse(reply: Reply, context: ReplyContext): Record<string, unknown>;
  /**
   * The native stream chunks, in order. The caller adds `amazon-bedrock-invocationMetrics` to the last one,
   * as Bedrock does.
   */
  buildStreamChunks(reply: Reply, context: ReplyContext): NativeChunk[];
}

/** Resolves a chunk body at write time. */
export function resolveChunkBody(body: ChunkBody, timing: StreamTiming): Record<string, unknown> {
  return typeof body === 'function' ? body(timing) : body;
}
