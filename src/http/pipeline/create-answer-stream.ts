import { createStreamIncompleteError, type GatewayError } from '../../core/errors.js';
import { type StopReason, type Usage, withReasoningTokens } from '../../core/generate-result.js';
import { estimateTextTokens } from '../../core/prompt-tokens.js';
import type { AnswerEvent, StreamEvent } from '../../core/stream-event.js';

/** How a stream ended, told once to whoever settles it. */
export interface StreamEnding {
  stopReason: StopReason | undefined;
  /** Bedrock's counts, when the stream got as far as reporting them. */
  usage: Usage | undefined;
  error: GatewayError | undefined;
  /** The text sent so far, for charging a stream that was cut. */
  streamedText: string;
  /** The reasoning streamed so far: output tokens too. */
  reasoningText: string;
}

export interface AnswerStreamOptions {
  /** Aborts when the stream must end now; its reason is the error the stream ends with. */
  cutoff: AbortSignal;
  /** Runs exactly once, however the stream ends: finished, failed, cut, or abandoned by its consumer. */
  onEnd: (ending: StreamEnding) => void;
  /** The usage to report when a stream stopped but Bedrock sent no counts (from the streamed text). */
  estimateUsage: (streamedText: string) => Usage;
}

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
  options: AnswerStreamOptions,
): AsyncIterableIterator<AnswerEvent> {
  const source = upstream[Symbol.asyncIterator]();
  const ending: StreamEnding = {
    stopReason: undefined,
    usage: undefined,
    error: undefined,
    streamedText: '',
    reasoningText: '',
  };
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    options.onEnd(ending);
  };
  const fail = (error: GatewayError): AnswerEvent => {
    ending.error = options.cutoff.aborted ? (options.cutoff.reason as GatewayError) : error;
    return { type: 'error', error: ending.error };
  };

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
      const usage = withReasoningTokens(
        ending.usage ?? options.estimateUsage(ending.reasoningText + ending.streamedText),
        ending.reasoningText,
        estimateTextTokens,
      );
      ending.usage = usage;
      yield { type: 'finish', stopReason: ending.stopReason, usage };
    } finally {
      end();
    }
  }

  const events = run();
  let started = false;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      started = true;
      return events.next();
    },
    async return(value?: unknown) {
      // Tell the upstream first: a read still pending on Bedrock ends now instead of at its next event.
      void source.return?.();
      if (!started) end();
      return events.return(value as undefined);
    },
  };
}
