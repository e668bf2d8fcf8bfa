import type { Context } from 'hono';
import type { GatewayEnv } from './gateway-env.js';

/** One server-sent event. `event` absent means the default `message` event (as OpenAI streams use). */
export interface SseMessage {
  event?: string;
  data: string;
}

const encoder = new TextEncoder();

function formatSse(message: SseMessage): Uint8Array {
  const lines = message.event ? `event: ${message.event}\n` : '';
  return encoder.encode(`${lines}data: ${message.data}\n\n`);
}

/**
 * A `text/event-stream` response that pulls one message at a time from `messages`, so each is written as
 * soon as it exists and nothing is buffered. When the client goes away the body is cancelled, which ends the
 * source iterator (and with it the upstream call). `onEnd` runs once, however the stream ends.
 */
export function createSseResponse(
  c: Context<GatewayEnv>,
  messages: AsyncIterable<SseMessage>,
  onEnd: () => void,
  headers: Record<string, string> = {},
): Response {
  const iterator = messages[Symbol.asyncIterator]();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  // Ending the source runs its `finally` (settling usage, completing the log fields) before `onEnd`.
  const finish = async () => {
    try {
      await iterator.return?.();
    } finally {
      end();
    }
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: IteratorResult<SseMessage>;
      try {
        next = await iterator.next();
      } catch (error) {
        controller.error(error);
        end();
        return;
      }
      if (next.done) {
        controller.close();
        end();
        return;
      }
      try {
        controller.enqueue(formatSse(next.value));
      } catch {
        // The body was cancelled while the next message was on its way.
        await finish();
      }
    },
    cancel: finish,
  });
  return c.body(body, 200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
}
