import { describe, expect, it } from 'vitest';
import { type ScheduleTimer, withKeepAlive } from './sse-keep-alive.js';
import type { SseMessage } from './sse-response.js';

const PING: SseMessage = { event: 'ping', data: '{"type":"ping"}' };

function message(data: string): SseMessage {
  return { event: 'message', data };
}

/** A source whose messages the test releases one by one, and which records whether it was ended. */
function createControlledSource() {
  const waiting: Array<(result: IteratorResult<SseMessage>) => void> = [];
  const state = { ended: false };
  const source: AsyncIterable<SseMessage> = {
    [Symbol.asyncIterator]: () => ({
      next: () => new Promise<IteratorResult<SseMessage>>((resolve) => waiting.push(resolve)),
      return: async () => {
        state.ended = true;
        return { done: true, value: undefined };
      },
    }),
  };
  const release = (value: SseMessage | 'end') => {
    const resolve = waiting.shift();
    if (!resolve) throw new Error('nothing is waiting for the source');
    resolve(value === 'end' ? { done: true, value: undefined } : { done: false, value });
  };
  return { source, release, state };
}

/** Timers the test fires by hand: `fire()` runs every timer that is still scheduled. */
function createManualTimers() {
  let timers: Array<{ callback: () => void; cancelled: boolean }> = [];
  const schedule: ScheduleTimer = (callback) => {
    const timer = { callback, cancelled: false };
    timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  const fire = () => {
    const due = timers.filter((timer) => !timer.cancelled);
    timers = [];
    for (const timer of due) timer.callback();
  };
  return { schedule, fire };
}

describe('withKeepAlive', () => {
  it('sends a ping for each interval of silence, then the message that was pending, in order', async () => {
    // Prepare
    const { source, release } = createControlledSource();
    const timers = createManualTimers();
    const stream = withKeepAlive(source, { intervalMs: 15_000, ping: PING, schedule: timers.schedule });

    // Act: silence twice, then a message, then the end.
    const first = stream.next();
    timers.fire();
    const firstResult = await first;
    const second = stream.next();
    timers.fire();
    const secondResult = await second;
    const third = stream.next();
    release(message('a'));
    const thirdResult = await third;
    const fourth = stream.next();
    release('end');
    const fourthResult = await fourth;

    // Assess
    expect([firstResult, secondResult, thirdResult, fourthResult]).toEqual([
      { done: false, value: PING },
      { done: false, value: PING },
      { done: false, value: message('a') },
      { done: true, value: undefined },
    ]);
  });

  it('sends no ping while messages keep coming, and cancels the timer of each', async () => {
    // Prepare
    const { source, release } = createControlledSource();
    const timers = createManualTimers();
    const stream = withKeepAlive(source, { intervalMs: 15_000, ping: PING, schedule: timers.schedule });

    // Act
    const first = stream.next();
    release(message('a'));
    const firstResult = await first;
    timers.fire(); // the first read's timer was cancelled when its message came
    const second = stream.next();
    release(message('b'));
    const secondResult = await second;

    // Assess
    expect([firstResult.value, secondResult.value]).toEqual([message('a'), message('b')]);
  });

  it('ends the source when the client goes away', async () => {
    // Prepare
    const { source, release, state } = createControlledSource();
    const timers = createManualTimers();
    const stream = withKeepAlive(source, { intervalMs: 15_000, ping: PING, schedule: timers.schedule });
    const first = stream.next();
    release(message('a'));
    await first;

    // Act
    await stream.return?.();

    // Assess
    expect(state.ended).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
