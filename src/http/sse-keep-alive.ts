import type { SseMessage } from './sse-response.js';

/** Runs `callback` after `ms`; returns what cancels it. Injectable so that tests need not wait on the clock. */
export type ScheduleTimer = (callback: () => void, ms: number) => () => void;

const scheduleWithSetTimeout: ScheduleTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

export interface KeepAliveOptions {
  /** Silence, in milliseconds, after which `ping` is sent. */
  intervalMs: number;
  ping: SseMessage;
  schedule?: ScheduleTimer;
}

/**
 * `messages` with `ping` inserted after every `intervalMs` in which the source sent nothing: Bedrock sends no
 * keep-alive of its own while a model thinks or buffers a long tool input, and clients and proxies drop idle
 * connections. The source's pending read is kept across pings, so nothing is lost or reordered. Ending the
 * result early (the client went away) ends the source at once.
 */
export function withKeepAlive(
  messages: AsyncIterable<SseMessage>,
  options: KeepAliveOptions,
): AsyncIterableIterator<SseMessage> {
  const schedule = options.schedule ?? scheduleWithSetTimeout;
  const source = messages[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<SseMessage>> | undefined;
  let finished = false;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<SseMessage>> {
      if (finished) return { done: true, value: undefined };
      pending ??= source.next();
      let cancel: (() => void) | undefined;
      const silence = new Promise<'silence'>((resolve) => {
        cancel = schedule(() => resolve('silence'), options.intervalMs);
      });
      try {
        const next = await Promise.race([pending, silence]);
        if (next === 'silence') return { done: false, value: options.ping };
        pending = undefined;
        if (next.done) finished = true;
        return next;
      } catch (error) {
        finished = true;
        throw error;
      } finally {
        cancel?.();
      }
    },
    async return(value?: unknown): Promise<IteratorResult<SseMessage>> {
      finished = true;
      await source.return?.(value);
      return { done: true, value: undefined };
    },
  };
}
