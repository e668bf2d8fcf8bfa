import { type ModelLifecycle, resolveLifecycle } from './model-lifecycle.js';

/** What Bedrock's control plane says of one model id, as far as this account can see it. */
export type BedrockModelStatus =
  | {
      kind: 'found';
      /** GetFoundationModel `modelLifecycle.status`. */
      status: 'ACTIVE' | 'LEGACY';
      /** ISO timestamps from `modelLifecycle`, when Bedrock gives them. */
      legacyTime?: string;
      endOfLifeTime?: string;
    }
  /** ResourceNotFoundException or ValidationException: gone, or never existed. */
  | { kind: 'not-found'; message: string }
  /** AccessDeniedException: the account or the role cannot use it. */
  | { kind: 'denied'; message: string };

export type LifecycleVerdict = 'ok' | 'legacy' | 'eol' | 'inaccessible' | 'outdated';

/** One configured model, checked against Bedrock. */
export interface LifecycleFinding {
  alias: string;
  id: string;
  /** What the gateway's catalogue says, at the time of the check. */
  catalogue: ModelLifecycle['state'];
  /** What Bedrock says: ACTIVE, LEGACY, NOT_FOUND or ACCESS_DENIED. */
  bedrock: string;
  verdict: LifecycleVerdict;
  detail: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function day(timestamp: string | undefined): string | undefined {
  return timestamp === undefined ? undefined : new Date(Date.parse(timestamp)).toISOString().slice(0, 10);
}

/**
 * Compares a configured model's lifecycle with Bedrock's, for `bedrock-gateway models check`:
 * - `eol`: Bedrock no longer serves it, or its end-of-life date has passed;
 * - `legacy`: Bedrock marks it Legacy (accounts that stop using it lose it; plan the move);
 * - `inaccessible`: this account cannot invoke it (not enabled, or the role lacks access);
 * - `outdated`: the catalogue says active, or names no end of life, where Bedrock says Legacy: update it;
 * - `ok` otherwise.
 */
export function compareModelLifecycle(
  model: { alias: string; id: string; lifecycle: ModelLifecycle },
  bedrock: BedrockModelStatus,
  nowMs: number,
): LifecycleFinding {
  const catalogue = resolveLifecycle(model.lifecycle, nowMs);
  const base = { alias: model.alias, id: model.id, catalogue: catalogue.state };
  if (bedrock.kind === 'not-found') {
    return { ...base, bedrock: 'NOT_FOUND', verdict: 'eol', detail: bedrock.message };
  }
  if (bedrock.kind === 'denied') {
    return { ...base, bedrock: 'ACCESS_DENIED', verdict: 'inaccessible', detail: bedrock.message };
  }
  const endOfLife = day(bedrock.endOfLifeTime);
  if (endOfLife !== undefined && Date.parse(endOfLife) <= nowMs) {
    return {
      ...base,
      bedrock: bedrock.status,
      verdict: 'eol',
      detail: `Bedrock's end of life was ${endOfLife}.`,
    };
  }
  if (bedrock.status === 'LEGACY') {
    const until = endOfLife === undefined ? '' : ` until ${endOfLife}`;
    const soon =
      endOfLife !== undefined && Date.parse(endOfLife) - nowMs < 90 * DAY_MS
        ? ' (less than 90 days left)'
        : '';
    if (catalogue.state !== 'legacy') {
      return {
        ...base,
        bedrock: 'LEGACY',
        verdict: 'outdated',
        detail: `Bedrock marks it Legacy${until}, the catalogue says ${catalogue.state}: update its lifecycle.`,
      };
    }
    return { ...base, bedrock: 'LEGACY', verdict: 'legacy', detail: `Legacy${until}${soon}.` };
  }
  const detail = catalogue.state === 'eol' ? 'Active on Bedrock; the catalogue retires it.' : 'Active.';
  return { ...base, bedrock: 'ACTIVE', verdict: 'ok', detail };
}
