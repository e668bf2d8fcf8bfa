import type { GatewayError } from '../../core/errors.js';
import { type StopReason, type Usage, withReasoningTokens } from '../../core/generate-result.js';
import { estimateTextTokens } from '../../core/prompt-tokens.js';

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

export interface StreamEndingOptions {
  /** Aborts when the stream must end now; its reason is the error the stream ends with. */
  cutoff: AbortSignal;
  /** Runs exactly once, however the stream ends: finished, failed, cut, or abandoned by its consumer. */
  onEnd: (ending: StreamEnding) => void;
  /** The usage to report when a stream finished but Bedrock sent no counts (from the streamed text). */
  estimateUsage: (streamedText: string) => Usage;
}

/** The bookkeeping of one stream's ending, shared by the canonical and the frame-by-frame streams. */
export interface StreamEndingTracker {
  readonly ending: StreamEnding;
  /** Records the error the stream ends with: the cutoff's reason when it fired, else `error`. */
  fail(error: GatewayError): GatewayError;
  /** Settles the usage of a finished stream: Bedrock's counts, else the estimate, with reasoning tokens. */
  finish(): Usage;
  /** Tells `onEnd`, once. */
  end(): void;
}

/**
 * The one rule for how a stream's ending is recorded, whatever the stream carries (canonical events or
 * Bedrock's own frames): one ending, told once; a cut stream fails with the cutoff's reason; a finished one
 * is charged Bedrock's counts, or an estimate from the streamed text when Bedrock sent none.
 */
export function trackStreamEnding(options: StreamEndingOptions): StreamEndingTracker {
  const ending: StreamEnding = {
    stopReason: undefined,
    usage: undefined,
    error: undefined,
    streamedText: '',
    reasoningText: '',
  };
  let ended = false;
  return {
    ending,
    fail(error) {
      ending.error = options.cutoff.aborted ? (options.cutoff.reason as GatewayError) : error;
      return ending.error;
    },
    finish() {
      ending.usage = withReasoningTokens(
        ending.usage ?? options.estimateUsage(ending.reasoningText + ending.streamedText),
        ending.reasoningText,
        estimateTextTokens,
      );
      return ending.usage;
    },
    end() {
      if (ended) return;
      ended = true;
      options.onEnd(ending);
    },
  };
}

/**
 * The iterator a stream hands its consumer. A consumer that stops early gets nothing more: the upstream is told
 * at once (a read still pending on Bedrock ends now, not at its next item), and the ending is told even when
 * the stream was never read at all (the generator's own `finally` then never runs).
 */
export function createEndingIterator<T>(
  source: AsyncIterator<unknown>,
  items: AsyncGenerator<T>,
  tracker: Pick<StreamEndingTracker, 'end'>,
): AsyncIterableIterator<T> {
  let started = false;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      started = true;
      return items.next();
    },
    async return(value?: unknown) {
      void source.return?.();
      if (!started) tracker.end();
      return items.return(value as undefined);
    },
  };
}
