import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** The 12-byte prelude of an event-stream frame: total length, headers length, prelude CRC. */
const PRELUDE_BYTES = 12;

/** One frame of an `application/vnd.amazon.eventstream` body: its bytes as sent, and what they say. */
export interface EventStreamFrame {
  /** The frame byte for byte, to forward unchanged. */
  bytes: Uint8Array;
  /** Its headers and payload, checked against both CRCs. */
  message: Message;
}

/**
 * Splits an event-stream body into frames, as they arrive (`total_length` in the big-endian prelude says where
 * each ends), and decodes each with `@smithy/eventstream-codec`, which checks the CRCs. A body that ends inside
 * a frame, or a frame that fails its CRC, throws: a stream Bedrock cut short is never passed off as whole.
 */
export async function* readEventStreamFrames(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<EventStreamFrame> {
  let buffered = new Uint8Array(0);
  for await (const chunk of body) {
    const joined = new Uint8Array(buffered.byteLength + chunk.byteLength);
    joined.set(buffered);
    joined.set(chunk, buffered.byteLength);
    buffered = joined;
    while (buffered.byteLength >= PRELUDE_BYTES) {
      const totalLength = new DataView(buffered.buffer, buffered.byteOffset).getUint32(0);
      if (totalLength < PRELUDE_BYTES + 4) throw new Error('Malformed event-stream frame length.');
      if (buffered.byteLength < totalLength) break;
      const bytes = buffered.slice(0, totalLength);
      buffered = buffered.slice(totalLength);
      yield { bytes, message: codec.decode(bytes) };
    }
  }
  if (buffered.byteLength > 0) throw new Error('The event stream ended inside a frame.');
}

/** A header's string value (Bedrock's are all strings), or undefined. */
export function readFrameHeader(message: Message, name: string): string | undefined {
  const header = message.headers[name];
  return header?.type === 'string' ? header.value : undefined;
}
