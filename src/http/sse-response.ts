import type { Context } from 'hono';
import type { GatewayEnv } from './gateway-env.js';
import { createStreamingBody } from './streaming-body.js';

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
  return c.body(createStreamingBody(messages, formatSse, onEnd), 200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
}
