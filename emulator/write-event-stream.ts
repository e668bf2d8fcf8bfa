import type { OutgoingHttpHeaders } from 'node:http';
import { setTimeout as pause } from 'node:timers/promises';
import type { CutDirective } from './directives.js';
import { createInjectedError, toStreamExceptionType } from './errors.js';
import { createPadding, encodeEvent, encodeException } from './event-stream.js';
import type { OperationContext } from './operation-context.js';

/**
 * Where an event sits in a stream: `content` events carry text or tool input and are what `cut_after` counts;
 * `head` events come before them and are never cut; `tail` events (stop, usage) come after them, and a cut
 * happens before the first of them at the latest.
 */
export type StreamPhase = 'head' | 'content' | 'tail';

/** Latencies known only when an event is written, for the final usage and metrics events. */
export interface StreamTiming {
  latencyMs: number;
  firstByteLatencyMs: number;
}

/** One event to write: its payload may depend on the timing at the moment it is written. */
export interface PlannedEvent {
  eventType: string;
  phase: StreamPhase;
  payload: Record<string, unknown> | ((timing: StreamTiming) => Record<string, unknown>);
}

/** How to write a stream. */
export interface StreamPlan {
  events: readonly PlannedEvent[];
  /** Pause between events. */
  delayMs: number;
  cut?: CutDirective;
  /** Headers beyond the event-stream content type and the request id. */
  headers?: OutgoingHttpHeaders;
}

/**
 * Writes an event stream, one frame per event. Stops as soon as the client goes away (the context's signal),
 * respects back-pressure, keeps `openStreams` right whatever happens, and ends with a modelled exception
 * frame when the plan cuts the stream.
 */
export async function writeEventStream(context: OperationContext, plan: StreamPlan): Promise<void> {
  const { response, signal, runtime } = context;
  response.writeHead(200, {
    'Content-Type': 'application/vnd.amazon.eventstream',
    'x-amzn-RequestId': context.requestId,
    ...plan.headers,
  });
  runtime.recorder.streamOpened();
  try {
    await writeEvents(context, plan);
  } finally {
    runtime.recorder.streamClosed();
  }
  if (!signal.aborted) response.end();
}

async function writeEvents(context: OperationContext, plan: StreamPlan): Promise<void> {
  const { signal } = context;
  let contentWritten = 0;
  let firstByteLatencyMs: number | undefined;
  for (const [index, event] of plan.events.entries()) {
    if (index > 0 && plan.delayMs > 0) await pause(plan.delayMs, undefined, { signal });
    if (signal.aborted) return;
    if (plan.cut && isCutBefore(event, plan.cut, contentWritten)) {
      const error = createInjectedError(
        plan.cut.exceptionName,
        context.target.modelId,
        'emulated stream cut',
      );
      await write(context, encodeException(toStreamExceptionType(plan.cut.exceptionName), error.toJSON()));
      return;
    }
    const latencyMs = Math.round(performance.now() - context.startedAt);
    firstByteLatencyMs ??= latencyMs;
    const payload =
      typeof event.payload === 'function' ? event.payload({ latencyMs, firstByteLatencyMs }) : event.payload;
    await write(context, encodeEvent(event.eventType, { ...payload, p: createPadding(index) }));
    if (event.phase === 'content') contentWritten++;
  }
}

function isCutBefore(event: PlannedEvent, cut: CutDirective, contentWritten: number): boolean {
  if (event.phase === 'head') return false;
  // A reply shorter than the cut point is still cut, before its stop events, so `cut_after` always cuts.
  return event.phase === 'tail' || contentWritten >= cut.afterChunks;
}

/** Writes a frame, waiting for the client to drain its buffer (or to go away) when it is full. */
async function write(context: OperationContext, frame: Uint8Array): Promise<void> {
  const { response, signal } = context;
  if (signal.aborted || response.write(frame)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      response.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    response.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
