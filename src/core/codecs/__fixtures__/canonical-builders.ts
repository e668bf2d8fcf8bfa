import { DEFAULT_MODELS } from '../../default-models.js';
import type { GenerateRequest, Message, ToolDefinition } from '../../generate-request.js';
import type { CapableModel } from '../../model-capabilities.js';
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

/** The first 16 bytes of a PNG (its signature and IHDR header): enough for a codec, which only re-encodes. */
export const PNG_BYTES = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

/** A tiny PDF-looking file. */
export const PDF_BYTES = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

/** Encrypted reasoning as Claude returns it (`redacted_thinking.data`), base64. */
export const REDACTED_REASONING_DATA = 'b3BhcXVlLXJlZGFjdGVkLWJ5dGVz';

/** A catalogue model by alias, as codecs see one (alias and capabilities). */
export function catalogueModel(alias: string): CapableModel {
  const entry = DEFAULT_MODELS[alias];
  if (!entry) throw new Error(`No catalogue model '${alias}'`);
  return { alias, capabilities: entry.capabilities };
}
