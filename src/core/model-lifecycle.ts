import { GatewayError } from './errors.js';

/**
 * Where a model is in Bedrock's lifecycle (GetFoundationModel `modelLifecycle`, and AWS's "Model lifecycle"
 * page): `active`; `legacy`, still answering until its end-of-life date (accounts that stop using a Legacy model
 * lose access to it); `eol`, no longer answering. Dates are UTC calendar days, `YYYY-MM-DD`.
 */
export type ModelLifecycle =
  | { state: 'active' }
  | {
      state: 'legacy';
      /** When the model became Legacy, if known. */
      legacySince?: string;
      endOfLife: string;
      /** The alias to move to. */
      replacement?: string;
    }
  | { state: 'eol'; endOfLife: string; replacement?: string };

export type LifecycleState = ModelLifecycle['state'];

/** A model's lifecycle at `nowMs`: a Legacy model whose end-of-life date has come is end-of-life. */
export function resolveLifecycle(lifecycle: ModelLifecycle, nowMs: number): ModelLifecycle {
  if (lifecycle.state === 'legacy' && Date.parse(lifecycle.endOfLife) <= nowMs) {
    return {
      state: 'eol',
      endOfLife: lifecycle.endOfLife,
      ...(lifecycle.replacement === undefined ? {} : { replacement: lifecycle.replacement }),
    };
  }
  return lifecycle;
}

/** A request for a model that has reached its end of life: refused before any Bedrock call, never substituted. */
export class ModelEndOfLifeError extends GatewayError {
  override name = 'ModelEndOfLifeError';
  constructor(alias: string, lifecycle: { endOfLife: string; replacement?: string }) {
    const instead =
      lifecycle.replacement === undefined
        ? ' Choose a current model (GET /v1/models lists them).'
        : ` Use '${lifecycle.replacement}' instead.`;
    super(
      410,
      'not_found_error',
      'model_end_of_life',
      `Model '${alias}' reached its end of life on ${lifecycle.endOfLife} and no longer answers on Amazon Bedrock.${instead}`,
      { param: 'model' },
    );
  }
}

/** Throws ModelEndOfLifeError for a model that is end-of-life at `nowMs`. */
export function checkLifecycle(alias: string, lifecycle: ModelLifecycle, nowMs: number): void {
  const current = resolveLifecycle(lifecycle, nowMs);
  if (current.state === 'eol') throw new ModelEndOfLifeError(alias, current);
}

/**
 * The headers a Legacy model's answers carry: `Deprecation` (RFC 9745: a Structured Field Date, `@` and epoch
 * seconds, of when it became Legacy, or now if unknown) and `Sunset` (RFC 8594: the HTTP-date after which it
 * stops answering). Empty for other states.
 */
export function formatDeprecationHeaders(lifecycle: ModelLifecycle, nowMs: number): Record<string, string> {
  if (lifecycle.state !== 'legacy') return {};
  const since = lifecycle.legacySince === undefined ? nowMs : Date.parse(lifecycle.legacySince);
  return {
    deprecation: `@${Math.floor(since / 1000)}`,
    sunset: new Date(Date.parse(lifecycle.endOfLife)).toUTCString(),
  };
}
