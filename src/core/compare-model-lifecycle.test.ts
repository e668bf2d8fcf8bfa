import { describe, expect, it } from 'vitest';
import { compareModelLifecycle } from './compare-model-lifecycle.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const active = {
  alias: 'claude-sonnet',
  id: 'global.anthropic.claude-sonnet-5',
  lifecycle: { state: 'active' as const },
};

describe('compareModelLifecycle', () => {
  it('is ok for a model Bedrock calls active', () => {
    expect(compareModelLifecycle(active, { kind: 'found', status: 'ACTIVE' }, NOW)).toMatchObject({
      verdict: 'ok',
      bedrock: 'ACTIVE',
      catalogue: 'active',
    });
  });

  it('reports a model Bedrock no longer knows, or whose end of life has passed, as eol', () => {
    expect(compareModelLifecycle(active, { kind: 'not-found', message: 'gone' }, NOW).verdict).toBe('eol');
    expect(
      compareModelLifecycle(
        active,
        { kind: 'found', status: 'LEGACY', endOfLifeTime: '2026-10-14T00:00:00Z' },
        NOW,
      ),
    ).toMatchObject({ verdict: 'eol', detail: "Bedrock's end of life was 2026-10-14." });
  });

  it('asks to update a catalogue that calls a Legacy model active', () => {
    expect(
      compareModelLifecycle(
        active,
        { kind: 'found', status: 'LEGACY', endOfLifeTime: '2027-04-08T00:00:00Z' },
        NOW,
      ),
    ).toMatchObject({ verdict: 'outdated', detail: expect.stringContaining('until 2027-04-08') });
  });

  it('reports a known Legacy model as legacy, and warns when less than 90 days are left', () => {
    const legacy = { ...active, lifecycle: { state: 'legacy' as const, endOfLife: '2027-01-08' } };
    expect(
      compareModelLifecycle(
        legacy,
        { kind: 'found', status: 'LEGACY', endOfLifeTime: '2027-01-08T00:00:00Z' },
        NOW,
      ),
    ).toEqual({
      alias: 'claude-sonnet',
      id: active.id,
      catalogue: 'legacy',
      bedrock: 'LEGACY',
      verdict: 'legacy',
      detail: 'Legacy until 2027-01-08 (less than 90 days left).',
    });
  });

  it('reports a model the account cannot use as inaccessible', () => {
    expect(compareModelLifecycle(active, { kind: 'denied', message: 'no access' }, NOW)).toMatchObject({
      verdict: 'inaccessible',
      bedrock: 'ACCESS_DENIED',
    });
  });
});
