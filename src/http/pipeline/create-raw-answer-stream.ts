import type { RawStreamItem } from '../../bedrock/decode-stream-frame.js';
import { createStreamIncompleteError, type GatewayError } from '../../core/errors.js';
import { type Usage, withReasoningTokens } from '../../core/generate-result.js';
import { estimateTextTokens } from '../../core/prompt-tokens.js';
import type { StreamEnding } from './create-answer-stream.js';

export interface RawAnswerStreamOptions {
  /** Aborts when the stream must end now; its reason is the error the stream ends with. */
  cutoff: AbortSignal;
  /** Runs exactly once, however the stream ends: finished, failed, cut, or abandoned by its consumer. */
  onEnd: (ending: StreamEnding) => void;
  /** The usage to report when a stream finished but Bedrock sent no counts (from the streamed text). */
  estimateUsage: (streamedText: string) => Usage;
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
  const ending: StreamEnding = {
    stopReason: undefined,
    usage: undefined,
    error: undefined,
    streamedText: '',
    reasoningText: '',
  };
  let finished = false;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    options.onEnd(ending);
  };
  const fail = (error: GatewayError): Uint8Array => {
    ending.error = options.cutoff.aborted ? (options.cutoff.reason as GatewayError) : error;
    return options.encodeError(ending.error);
  };

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
      ending.usage = withReasoningTokens(
        ending.usage ?? options.estimateUsage(ending.reasoningText + ending.streamedText),
        ending.reasoningText,
        estimateTextTokens,
      );
    } finally {
      end();
    }
  }

  const frames = run();
  let started = false;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      started = true;
      return frames.next();
    },
    async return(value?: unknown) {
      // Tell the upstream first: a read still pending on Bedrock ends now instead of at its next frame.
      void source.return?.();
      if (!started) end();
      return frames.return(value as undefined);
    },
  };
}
