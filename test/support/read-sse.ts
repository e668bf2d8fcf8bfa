import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** Reads a `text/event-stream` body with a real SSE parser, yielding each event as it arrives. */
export async function* readSse(response: Response): AsyncGenerator<EventSourceMessage> {
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (queue.length > 0) yield queue.shift()!;
  }
}

/** Every event of a stream, in order. */
export async function collectSse(response: Response): Promise<EventSourceMessage[]> {
  const events: EventSourceMessage[] = [];
  for await (const event of readSse(response)) events.push(event);
  return events;
}
