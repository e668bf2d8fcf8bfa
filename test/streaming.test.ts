import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSse, readSse } from './support/read-sse.js';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitFor } from './support/wait-for.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

function streamGenerate(body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  return stack.fetch(`/v1/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
    ...(signal ? { signal } : {}),
  });
}

/** One current model per family with a codec (Titan Text and Command R have reached their end of life). */
const FAMILY_MODELS = [
  ['anthropic', 'claude-haiku'],
  ['llama3', 'llama3-8b'],
  ['mistral', 'mistral-7b'],
  ['nova', 'nova-micro'],
] as const;

describe('POST /v1/generate with stream: true', () => {
  it.each(
    FAMILY_MODELS.flatMap(([family, model]) => [
      [family, model, 'converse'],
      [family, model, 'invoke'],
    ]),
  )(
    'streams %s (%s) through %s: deltas that concatenate to the non-streaming answer, then done',
    async (_family, model, api) => {
      // Prepare
      const prompt = `Stream a short story [[emulator:tokens=24]]`;
      const whole = await stack.postJson(`/v1/generate`, { prompt, model, api });

      // Act
      const response = await streamGenerate({ prompt, model, api });
      const events = await collectSse(response);

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const deltas = events.filter((event) => event.event === 'delta');
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.map((event) => JSON.parse(event.data).text).join('')).toBe(whole.body.output);
      const done = events.at(-1)!;
      expect(done.event).toBe('done');
      expect(JSON.parse(done.data)).toMatchObject({
        model,
        stop_reason: whole.body.stop_reason,
        usage: whole.body.usage,
      });
      expect(events.filter((event) => event.event === 'done')).toHaveLength(1);
    },
  );

  it('forwards the first delta while the upstream stream is still producing', async () => {
    // Act
    const response = await streamGenerate({
      prompt: 'Slowly [[emulator:tokens=30]] [[emulator:delay_ms=150]]',
    });
    const reader = readSse(response);
    const first = await reader.next();

    // Assess: the gateway did not wait for the end of the upstream stream before sending the first delta.
    expect(first.value?.event).toBe('delta');
    expect(stack.emulator.stats.openStreams).toBe(1);
    const rest = [];
    for await (const event of reader) rest.push(event);
    expect(rest.at(-1)?.event).toBe('done');
  });

  it('ends a stream cut mid-way with an error event and no done', async () => {
    // Act
    const response = await streamGenerate({
      prompt: 'Cut me [[emulator:tokens=40]] [[emulator:cut_after=2]]',
    });
    const events = await collectSse(response);

    // Assess
    expect(response.status).toBe(200);
    expect(events.filter((event) => event.event === 'delta').length).toBeGreaterThan(0);
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect(JSON.parse(last.data).error).toMatchObject({ code: 'model_stream_error', type: 'api_error' });
    expect(events.some((event) => event.event === 'done')).toBe(false);
  });

  it('turns a failure before the first event into a real HTTP status with a JSON error', async () => {
    // Act
    const response = await streamGenerate({ prompt: 'No [[emulator:fail=ThrottlingException]]' });

    // Assess
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await response.json()).error.code).toBe('upstream_throttled');
  });

  it('aborts the upstream stream when the client goes away', async () => {
    // Prepare
    const abort = new AbortController();
    const response = await streamGenerate(
      { prompt: 'Long [[emulator:tokens=200]] [[emulator:delay_ms=50]]' },
      abort.signal,
    );
    const reader = readSse(response);
    await reader.next();
    expect(stack.emulator.stats.openStreams).toBe(1);

    // Act
    abort.abort();

    // Assess
    expect(
      await waitFor(
        () => stack.emulator.stats.openStreams,
        (open) => open === 0,
        1000,
      ),
    ).toBe(0);
    // Its log line is written once the stream has been settled, so it carries the usage that was counted.
    const requestId = response.headers.get('x-request-id');
    const logged = () =>
      stack.logs.lines.find((line) => line.message === 'request' && line.request_id === requestId);
    expect(await waitFor(logged, (line) => line !== undefined, 1000)).toBeDefined();
    expect(logged()).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) });
  });

  it('writes the log line when the stream ends, with its usage', async () => {
    // Act
    const response = await streamGenerate({ prompt: 'Logged stream [[emulator:tokens=9]]' });
    const events = await collectSse(response);
    const done = JSON.parse(events.at(-1)!.data);

    // Assess
    const line = stack.logs.lines.find((entry) => entry.request_id === done.id);
    expect(line).toMatchObject({ stream: true, status: 200, output_tokens: 9, stop_reason: 'end_turn' });
  });
});
