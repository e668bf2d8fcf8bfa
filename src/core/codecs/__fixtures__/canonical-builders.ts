import type { GenerateRequest, Message, ToolDefinition } from '../../generate-request.js';
import type { StreamEvent } from '../../stream-event.js';

/** A user turn with one text part. */
export function userText(text: string): Message {
  return { role: 'user', content: [{ type: 'text', text }] };
}

/** An assistant turn with one text part. */
export function assistantText(text: string): Message {
  return { role: 'assistant', content: [{ type: 'text', text }] };
}

/** A single-turn request with nothing optional set. */
export function promptRequest(prompt: string, overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return { messages: [userText(prompt)], maxTokens: 100, ...overrides };
}

export const weatherTool: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** Feeds every chunk to a fresh decoder and returns all events in order. */
export function decodeStream(
  createDecoder: () => (chunk: unknown) => StreamEvent[],
  chunks: unknown[],
): StreamEvent[] {
  const decode = createDecoder();
  return chunks.flatMap((chunk) => decode(chunk));
}

/** The text of all `text-delta` events, joined. */
export function streamedText(events: StreamEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
}
