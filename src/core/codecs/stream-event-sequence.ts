import { GatewayError } from '../errors.js';
import type { Usage } from '../generate-result.js';
import type { ContentEvent, StreamEvent } from '../stream-event.js';
import { mapStopReason, type StopReasonMapping } from './map-stop-reason.js';

/**
 * Keeps the ordering contract every stream decoder shares, whatever order the native chunks come in:
 * `message-start` exactly once and first, content, one terminal event (`message-stop` or `error`),
 * then exactly one `usage`, last.
 */
export interface StreamEventSequence {
  /** Emits `message-start` unless it has been emitted. */
  start(): void;
  /** Emits a content event (after `message-start`). Content after the terminal event is dropped. */
  content(event: ContentEvent): void;
  /**
   * Emits the terminal event once: `message-stop` with the mapped reason, or `error` when the native
   * reason means the generation failed. A usage reported earlier follows it at once.
   */
  stop(mapping: StopReasonMapping, nativeReason: string | null | undefined): void;
  /** Emits `usage` once. Before the terminal event it is held, so that it still comes last. */
  usage(usage: Usage): void;
  /** The events emitted since the last call, in order. */
  take(): StreamEvent[];
}

/** Creates the sequence for one stream. */
export function createStreamEventSequence(): StreamEventSequence {
  let events: StreamEvent[] = [];
  let started = false;
  let stopped = false;
  let usageEmitted = false;
  let heldUsage: Usage | undefined;

  function start(): void {
    if (started) return;
    started = true;
    events.push({ type: 'message-start' });
  }

  function emitUsage(usage: Usage): void {
    usageEmitted = true;
    events.push({ type: 'usage', usage });
  }

  return {
    start,
    content(event) {
      if (stopped) return;
      start();
      events.push(event);
    },
    stop(mapping, nativeReason) {
      if (stopped) return;
      start();
      stopped = true;
      try {
        events.push({ type: 'message-stop', stopReason: mapStopReason(mapping, nativeReason) });
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        events.push({ type: 'error', error });
      }
      if (heldUsage) emitUsage(heldUsage);
    },
    usage(usage) {
      if (usageEmitted) return;
      if (stopped) emitUsage(usage);
      else heldUsage ??= usage;
    },
    take() {
      const taken = events;
      events = [];
      return taken;
    },
  };
}
