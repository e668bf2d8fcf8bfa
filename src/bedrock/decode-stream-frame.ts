import type { Message } from '@smithy/eventstream-codec';
import { codecFor } from '../core/codecs/index.js';
import { readInvocationMetrics } from '../core/codecs/read-invocation-metrics.js';
import { converseUsageSchema } from '../core/converse/convert-converse-usage.js';
import { createConverseStreamDecoder } from '../core/converse/create-converse-stream-decoder.js';
import type { GatewayError } from '../core/errors.js';
import { mapBedrockError } from '../core/map-bedrock-error.js';
import { isCodecFamily, type ModelEntry } from '../core/model-registry.js';
import type { StreamEvent } from '../core/stream-event.js';
import { type EventStreamFrame, readFrameHeader } from './read-event-stream-frames.js';

/** The Bedrock operations whose answers are event streams. */
export type StreamOperation = 'converse-stream' | 'invoke-with-response-stream';

/** One frame of a Bedrock stream, as the gateway forwards it and reads it. */
export type RawStreamItem =
  | {
      type: 'frame';
      /** The frame as Bedrock sent it, forwarded byte for byte. */
      bytes: Uint8Array;
      /**
       * What the frame says in canonical terms (text and reasoning deltas, the stop, the usage), for the
       * log line and the bill. Empty for a frame the gateway cannot read (a native family without a codec),
       * whose usage still comes from Bedrock's final `amazon-bedrock-invocationMetrics`.
       */
      events: StreamEvent[];
      /** The native chunk's JSON when no codec reads it: what a stream cut short is charged on. */
      unreadText?: string;
      /** Whether the answer has begun with this frame: anything but the opening `messageStart`. */
      opensAnswer: boolean;
    }
  /** Bedrock ended the stream with an exception (or an unmodelled error) frame. */
  | { type: 'error'; error: GatewayError };

const decoder = new TextDecoder();

function parseJson(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes));
}

/** The base64 `bytes` of a `chunk` event, decoded to the native JSON text. */
export function readChunkText(payload: unknown): string | undefined {
  const bytes = (payload as { bytes?: unknown } | null)?.bytes;
  if (typeof bytes !== 'string') return undefined;
  return Buffer.from(bytes, 'base64').toString('utf8');
}

/** The usage of a ConverseStream `metadata` event, read on its own once the full decoder gave up. */
function readMetadataUsage(eventType: string, payload: unknown): StreamEvent[] {
  if (eventType !== 'metadata') return [];
  const usage = converseUsageSchema.safeParse((payload as { usage?: unknown } | null)?.usage);
  return usage.success ? [{ type: 'usage', usage: usage.data }] : [];
}

/** `throttlingException` (the stream member) is `ThrottlingException` (the exception). */
function toExceptionName(member: string): string {
  return member.charAt(0).toUpperCase() + member.slice(1);
}

/**
 * The GatewayError an exception (or unmodelled error) frame stands for, keeping Bedrock's name and (redacted)
 * message as the SDK reads them; `undefined` for an event frame. One home for both streams' readers.
 */
export function readStreamException(message: Message, modelAlias: string): GatewayError | undefined {
  const messageType = readFrameHeader(message, ':message-type');
  if (messageType !== 'exception' && messageType !== 'error') return undefined;
  const name =
    messageType === 'exception'
      ? toExceptionName(readFrameHeader(message, ':exception-type') ?? 'InternalServerException')
      : (readFrameHeader(message, ':error-code') ?? 'InternalServerException');
  let text = messageType === 'error' ? readFrameHeader(message, ':error-message') : undefined;
  if (messageType === 'exception') {
    try {
      const body = parseJson(message.body) as { message?: unknown; Message?: unknown };
      const found = body.message ?? body.Message;
      if (typeof found === 'string') text = found;
    } catch {
      // An exception without a JSON body is still the exception its header names.
    }
  }
  return mapBedrockError({ name, ...(text ? { message: text } : {}) }, modelAlias);
}

/**
 * A decoder for one stream's frames (stateful: the converse and codec decoders keep the block state). Event
 * frames keep their bytes and gain canonical events; exception frames become the GatewayError Bedrock's
 * exception maps to, keeping its name and (redacted) message. A frame the decoders disagree with is still
 * forwarded: from then on only Bedrock's final metrics are read, since a client of Bedrock's own API must get
 * Bedrock's answer even when the gateway's reading of it falls behind.
 */
export function createStreamFrameDecoder(
  model: ModelEntry,
  operation: StreamOperation,
): (frame: EventStreamFrame) => RawStreamItem {
  const family = model.family;
  let decode: ((event: unknown) => StreamEvent[]) | undefined =
    operation === 'converse-stream'
      ? createConverseStreamDecoder()
      : isCodecFamily(family)
        ? codecFor(family).createStreamDecoder()
        : undefined;
  const readEvents = (event: unknown): StreamEvent[] | undefined => {
    if (!decode) return undefined;
    try {
      return decode(event);
    } catch {
      decode = undefined;
      return undefined;
    }
  };

  return ({ bytes, message }) => {
    const exception = readStreamException(message, model.alias);
    if (exception) return { type: 'error', error: exception };
    const eventType = readFrameHeader(message, ':event-type') ?? '';
    let payload: unknown;
    try {
      payload = parseJson(message.body);
    } catch {
      return { type: 'frame', bytes, events: [], opensAnswer: true };
    }
    if (operation === 'converse-stream') {
      const events = readEvents({ [eventType]: payload }) ?? readMetadataUsage(eventType, payload);
      return { type: 'frame', bytes, events, opensAnswer: eventType !== 'messageStart' };
    }
    const chunkText = eventType === 'chunk' ? readChunkText(payload) : undefined;
    if (chunkText === undefined) return { type: 'frame', bytes, events: [], opensAnswer: true };
    let chunk: unknown;
    try {
      chunk = JSON.parse(chunkText);
    } catch {
      return { type: 'frame', bytes, events: [], unreadText: chunkText, opensAnswer: true };
    }
    const events = readEvents(chunk);
    if (events) {
      return {
        type: 'frame',
        bytes,
        events,
        opensAnswer: events.some((event) => event.type !== 'message-start'),
      };
    }
    const usage = readInvocationMetrics(chunk);
    return {
      type: 'frame',
      bytes,
      events: usage ? [{ type: 'usage', usage }] : [],
      unreadText: chunkText,
      opensAnswer: true,
    };
  };
}
