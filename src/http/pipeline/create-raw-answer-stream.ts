import type { RawStreamItem } from '../../bedrock/decode-stream-frame.js';
import { createStreamIncompleteError, type GatewayError } from '../../core/errors.js';
import { createEndingIterator, type StreamEndingOptions, trackStreamEnding } from './stream-ending.js';

export interface RawAnswerStreamOptions extends StreamEndingOptions {
  /** The protocol's own terminal frame for an error: an exception frame, in Bedrock's event-stream framing. */
  encodeError: (error: GatewayError) => Uint8Array;
}

/**
 * The ending rule of `createAnswerStream`, for a stream forwarded frame by frame (Bedrock's own event stream
 * on the Bedrock Runtime surface): Bedrock's frames pass unchanged, and the stream ends with exactly one
 * outcome.
 * - It finished when Bedrock said so: a stop (`messageStop`, a native stop) or its final usage (`metadata`,
 *   `amazon-bedrock-invocationMetrics`), and then the body ended.
 * - An exception from Bedrock, a read that failed, or a body that ended before finishing, ends it with one
 *   exception frame (`encodeError`); when `cutoff` fired (Lambda's time limit, a server drain) the error is its
 *   reason. A stream is never cut silently.
 * - A consumer that stops early gets nothing more; the upstream is told at once, and `onEnd` still runs.
 */
export function createRawAnswerStream(
  upstream: AsyncIterable<RawStreamItem>,
  options: RawAnswerStreamOptions,
): AsyncIterableIterator<Uint8Array> {
  const source = upstream[Symbol.asyncIterator]();
  const tracker = trackStreamEnding(options);
  const { ending } = tracker;
  let finished = false;
  const fail = (error: GatewayError): Uint8Array => options.encodeError(tracker.fail(error));

  /** Reads a frame's events into the ending; a model's own failed stop (`malformed_*`) is Bedrock's answer too. */
  function observe(item: Extract<RawStreamItem, { type: 'frame' }>): void {
    if (item.unreadText) ending.streamedText += item.unreadText;
    for (const event of item.events) {
      switch (event.type) {
        case 'text-delta':
          ending.streamedText += event.text;
          break;
        case 'reasoning-delta':
          ending.reasoningText += event.text;
          break;
        case 'message-stop':
          ending.stopReason = event.stopReason;
          finished = true;
          break;
        case 'usage':
          ending.usage = event.usage;
          finished = true;
          break;
        case 'error':
          finished = true;
          break;
        default:
          break;
      }
    }
  }

  async function* run(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        if (options.cutoff.aborted) {
          yield fail(options.cutoff.reason as GatewayError);
          return;
        }
        const next = await source.next();
        if (next.done) break;
        const item = next.value;
        if (item.type === 'error') {
          yield fail(item.error);
          return;
        }
        observe(item);
        yield item.bytes;
      }
      if (!finished) {
        yield fail(createStreamIncompleteError());
        return;
      }
      tracker.finish();
    } finally {
      tracker.end();
    }
  }

  return createEndingIterator(source, run(), tracker);
}
