import { describe, expect, it } from 'vitest';
import type { StopReason } from '../../core/generate-result.js';
import { mapFinishReason } from './map-finish-reason.js';

describe('mapFinishReason', () => {
  it.each<[StopReason, string]>([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['content_filtered', 'content_filter'],
    ['guardrail_intervened', 'content_filter'],
  ])('maps %s to %s', (stopReason, finishReason) => {
    expect(mapFinishReason(stopReason)).toBe(finishReason);
  });
});
