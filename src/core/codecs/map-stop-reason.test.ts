import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../errors.js';
import { mapStopReason, type StopReasonMapping } from './map-stop-reason.js';

const mapping: StopReasonMapping = {
  source: 'example',
  reasons: { DONE: 'end_turn', CUT: 'max_tokens', FILTERED: 'content_filtered' },
  failures: { BROKEN: 'the model broke' },
};

describe('mapStopReason', () => {
  it('maps a listed native value to its canonical reason', () => {
    // Act
    const reason = mapStopReason(mapping, 'CUT');

    // Assess
    expect(reason).toBe('max_tokens');
  });

  it.each([null, undefined])('maps an absent reason (%s) to end_turn', (value) => {
    expect(mapStopReason(mapping, value)).toBe('end_turn');
  });

  it('maps an unknown value to end_turn, including names of Object.prototype members', () => {
    expect(mapStopReason(mapping, 'SOMETHING_NEW')).toBe('end_turn');
    expect(mapStopReason(mapping, 'constructor')).toBe('end_turn');
  });

  it('throws a 502 naming the source and the reason for a failure value', () => {
    // Act
    const act = () => mapStopReason(mapping, 'BROKEN');

    // Assess
    expect(act).toThrow(UpstreamError);
    expect(act).toThrow("The model (example) stopped with 'BROKEN': the model broke.");
    try {
      act();
    } catch (error) {
      expect(error).toMatchObject({ statusCode: 502, code: 'upstream_generation_failed' });
    }
  });
});
