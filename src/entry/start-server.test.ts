import { afterEach, describe, expect, it } from 'vitest';
import { readSse } from '../../test/support/read-sse.js';
import { startStack, type TestStack } from '../../test/support/start-stack.js';

let stack: TestStack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

function streamGenerate(target: TestStack, prompt: string): Promise<Response> {
  return target.fetch('/v1/generate', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt, stream: true }),
  });
}

describe('startServer close()', () => {
  it('lets a live stream finish: all 10 deltas and done arrive after close() was called', async () => {
    // Prepare: 30 tokens are 10 emulator chunks of 3, one delta each.
    stack = await startStack({ auth: false });
    const response = await streamGenerate(stack, 'Drain me [[emulator:tokens=30]] [[emulator:delay_ms=40]]');
    const events = readSse(response);
    const first = await events.next();

    // Act
    const closing = stack.close();
    stack = undefined;
    const names = [first.value?.event];
    for await (const event of events) names.push(event.event);
    await closing;

    // Assess
    expect(names.filter((name) => name === 'delta')).toHaveLength(10);
    expect(names.at(-1)).toBe('done');
  });
});
