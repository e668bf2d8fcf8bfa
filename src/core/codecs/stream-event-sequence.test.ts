import { describe, expect, it } from 'vitest';
import type { StopReasonMapping } from './map-stop-reason.js';
import { createStreamEventSequence } from './stream-event-sequence.js';

const mapping: StopReasonMapping = {
  source: 'example',
  reasons: { done: 'end_turn' },
  failures: { broken: 'it broke' },
};

describe('createStreamEventSequence', () => {
  it('emits message-start before the first content event, once', () => {
    // Prepare
    const sequence = createStreamEventSequence();

    // Act
    sequence.content({ type: 'text-delta', text: 'a' });
    sequence.start();
    sequence.content({ type: 'text-delta', text: 'b' });

    // Assess
    expect(sequence.take()).toEqual([
      { type: 'message-start' },
      { type: 'text-delta', text: 'a' },
      { type: 'text-delta', text: 'b' },
    ]);
  });

  it('holds a usage reported before the stop and emits it right after message-stop', () => {
    // Prepare
    const sequence = createStreamEventSequence();
    sequence.start();

    // Act
    sequence.usage({ inputTokens: 3, outputTokens: 4 });
    const beforeStop = sequence.take();
    sequence.stop(mapping, 'done');
    const afterStop = sequence.take();

    // Assess
    expect(beforeStop).toEqual([{ type: 'message-start' }]);
    expect(afterStop).toEqual([
      { type: 'message-stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 4 } },
    ]);
  });

  it('emits one terminal event and one usage even when told twice, and drops content after the stop', () => {
    // Prepare
    const sequence = createStreamEventSequence();

    // Act
    sequence.stop(mapping, 'done');
    sequence.stop(mapping, 'done');
    sequence.content({ type: 'text-delta', text: 'late' });
    sequence.usage({ inputTokens: 1, outputTokens: 1 });
    sequence.usage({ inputTokens: 9, outputTokens: 9 });

    // Assess
    expect(sequence.take()).toEqual([
      { type: 'message-start' },
      { type: 'message-stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 1, outputTokens: 1 } },
    ]);
  });

  it('emits an error event instead of message-stop for a failure reason, still followed by usage', () => {
    // Prepare
    const sequence = createStreamEventSequence();

    // Act
    sequence.stop(mapping, 'broken');
    sequence.usage({ inputTokens: 2, outputTokens: 0 });
    const events = sequence.take();

    // Assess
    expect(events.map((event) => event.type)).toEqual(['message-start', 'error', 'usage']);
    expect(events[1]).toMatchObject({ error: { code: 'upstream_generation_failed', statusCode: 502 } });
  });

  it('returns each event only once across take calls', () => {
    // Prepare
    const sequence = createStreamEventSequence();
    sequence.start();

    // Act
    sequence.take();
    const second = sequence.take();

    // Assess
    expect(second).toEqual([]);
  });
});
