import type { GatewayError } from './errors.js';
import type { StopReason, Usage } from './generate-result.js';

/**
 * Canonical stream events. Converse streams and every native family stream map onto these,
 * and the HTTP layer turns them into SSE (simple API) or OpenAI chunks.
 * Names are noun-then-verb, as in the Vercel AI SDK.
 */
export type StreamEvent =
  | { type: 'message-start' }
  | { type: 'text-delta'; text: string }
  /** A tool call begins; `index` identifies it within the message. */
  | { type: 'tool-call-start'; index: number; toolCallId: string; toolName: string }
  /** A piece of the tool call's JSON arguments, as text. */
  | { type: 'tool-call-delta'; index: number; inputDelta: string }
  /** A piece of the model's reasoning text. */
  | { type: 'reasoning-delta'; text: string }
  /** The signature of the reasoning streamed so far: it ends that reasoning block. */
  | { type: 'reasoning-signature'; signature: string }
  /** A redacted (encrypted) reasoning block, whole. */
  | { type: 'redacted-reasoning'; data: string }
  | { type: 'message-stop'; stopReason: StopReason }
  | { type: 'usage'; usage: Usage }
  | { type: 'error'; error: GatewayError };

/** A content event: what a stream carries between its start and its end. */
export type ContentEvent = Extract<
  StreamEvent,
  {
    type:
      | 'text-delta'
      | 'tool-call-start'
      | 'tool-call-delta'
      | 'reasoning-delta'
      | 'reasoning-signature'
      | 'redacted-reasoning';
  }
>;

/**
 * What the pipeline hands a route for a stream: content events, then exactly one ending, `finish` (the
 * model's stop reason and the usage) or `error`. Routes never have to guess whether a stream ended well.
 */
export type AnswerEvent =
  | ContentEvent
  | { type: 'finish'; stopReason: StopReason; usage: Usage }
  | { type: 'error'; error: GatewayError };
