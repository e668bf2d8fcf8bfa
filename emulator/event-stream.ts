import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const PADDING_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Real Bedrock pads every event with a `"p"` field of varying length, so that the size of an encrypted frame
 * does not reveal the size of its text. Clients must ignore it; sending it keeps them honest.
 */
export function createPadding(sequenceNumber: number): string {
  return PADDING_ALPHABET.slice(0, 1 + ((sequenceNumber * 7) % PADDING_ALPHABET.length));
}

/** Encodes one event frame (`:message-type=event`) with a JSON payload. */
export function encodeEvent(eventType: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/**
 * Encodes a modelled exception frame (`:message-type=exception`). The SDK throws it from the stream's
 * iterator as the typed exception, provided `exceptionType` is the camelCase member name.
 */
export function encodeException(exceptionType: string, body: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(body)),
  });
}
