import { once } from 'node:events';
import type { Writable } from 'node:stream';

const HUNG_UP = Symbol('hung up');

function whenAborted(signal: AbortSignal): Promise<typeof HUNG_UP> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(HUNG_UP);
    else signal.addEventListener('abort', () => resolve(HUNG_UP), { once: true });
  });
}

/**
 * Writes a Web body to the Lambda response stream chunk by chunk (never buffered, honouring backpressure)
 * and ends it. When `hungUp` aborts (the client went away) it stops at once, without an error: a hang-up is
 * not a failure of the invocation.
 *
 * However it stops, the body is cancelled and the cancellation awaited before this returns. That is what
 * ends the app's stream: its source's `finally` runs (aborting Bedrock, handing the settlement to
 * `waitUntil`) only once the read it is waiting on has ended, and Lambda may freeze the instance as soon as
 * the handler returns. `pipeline()` cannot do this: on a premature close it rejects at once, and the
 * cancellation it starts is never awaited.
 */
export async function pipeResponseBody(
  body: ReadableStream<Uint8Array>,
  stream: Writable,
  hungUp: AbortSignal,
): Promise<void> {
  const reader = body.getReader();
  const hangUp = whenAborted(hungUp);
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), hangUp]);
      if (next === HUNG_UP || next.done) break;
      if (stream.destroyed) break;
      if (!stream.write(next.value)) {
        await once(stream, 'drain', { signal: hungUp }).catch(() => undefined);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  if (hungUp.aborted || stream.destroyed) return;
  await Promise.race([new Promise<void>((resolve) => stream.end(() => resolve())), hangUp]);
}
