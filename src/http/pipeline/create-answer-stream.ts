import { createStreamIncompleteError, type GatewayError } from '../../core/errors.js';
import type { AnswerEvent, StreamEvent } from '../../core/stream-event.js';
import { createEndingIterator, type StreamEndingOptions, trackStreamEnding } from './stream-ending.js';

/**
 * The one place a stream's ending is decided. Turns an upstream of canonical events into content events
 * followed by exactly one `finish` or `error`:
 * - `message-stop` and `usage` become one `finish`, emitted once the upstream is done;
 * - an upstream that ends without a stop reason is `upstream_stream_incomplete`, never a made-up finish;
 * - when `cutoff` fired (Lambda's time limit, a server drain), the error is its reason.
 * A consumer that stops early (the client went away) gets nothing more; the upstream is told at once, so
 * Bedrock stops generating, and `onEnd` still runs, even when the stream was never read at all.
 */
export function createAnswerStream(
  upstream: AsyncIterable<StreamEvent>,
  options: StreamEndingOptions,
): AsyncIterableIterator<AnswerEvent> {
  const source = upstream[Symbol.asyncIterator]();
  const tracker = trackStreamEnding(options);
  const { ending } = tracker;
  const fail = (error: GatewayError): AnswerEvent => ({
    type: 'error',
    error: tracker.fail(error),
  });

  async function* run(): AsyncGenerator<AnswerEvent> {
    try {
      for (;;) {
        const next = await source.next();
        if (next.done) break;
        const event = next.value;
        switch (event.type) {
          case 'message-start':
            break;
          case 'text-delta':
            ending.streamedText += event.text;
            yield event;
            break;
          case 'reasoning-delta':
            ending.reasoningText += event.text;
            yield event;
            break;
          case 'tool-call-start':
          case 'tool-call-delta':
          case 'reasoning-signature':
          case 'redacted-reasoning':
            yield event;
            break;
          case 'message-stop':
            ending.stopReason = event.stopReason;
            break;
          case 'usage':
            ending.usage = event.usage;
            break;
          case 'error':
            yield fail(event.error);
            return;
          default: {
            const _exhaustiveCheck: never = event;
            throw new Error(`Unknown stream event ${JSON.stringify(_exhaustiveCheck)}`);
          }
        }
      }
      if (ending.stopReason === undefined) {
        yield fail(createStreamIncompleteError());
        return;
      }
      const usage = tracker.finish();
      yield { type: 'finish', stopReason: ending.stopReason, usage };
    } finally {
      tracker.end();
    }
  }

  return createEndingIterator(source, run(), tracker);
}
