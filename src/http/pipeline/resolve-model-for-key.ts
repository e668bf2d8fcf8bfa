import type { Logger } from '@aws-lambda-powertools/logger';
import { checkLifecycle, resolveLifecycle } from '../../core/model-lifecycle.js';
import {
  type ModelEntry,
  type ModelRegistry,
  resolveFallbackChain,
  resolveModel,
} from '../../core/model-registry.js';
import type { KeyRecord } from '../../tenancy/key-record.js';
import { checkModelAllowed, isModelAllowed } from '../../tenancy/model-access.js';

/** The model that will serve a request, and the one the client named if an operator routed it elsewhere. */
export interface ResolvedModel {
  model: ModelEntry;
  /** The alias the client named, when its `replacedBy` sent the request to `model`. */
  replaced?: ModelEntry;
}

/** Legacy models already warned about, per registry (one per gateway instance): a warning once, not per call. */
const warnedLegacy = new WeakMap<ModelRegistry, Set<string>>();

/**
 * The model a request names (alias or configured Bedrock id), if it exists, the key may use it, and it still
 * answers: 404 for an unknown model, 403 for one outside the key's allow-list, 410 `model_end_of_life` for one
 * past its end of life (before any Bedrock call; nothing is substituted unless an operator set `replacedBy`).
 * A Legacy model is served, with a warning logged once per instance. Every route that calls a model resolves
 * it here.
 */
export function resolveModelForKey(
  registry: ModelRegistry,
  name: string,
  key: KeyRecord | undefined,
  options: { nowMs: number; logger?: Logger },
): ResolvedModel {
  // Named by a Bedrock id that several aliases share, the request is served as one the key may use.
  const named = resolveModel(registry, name, (entry) => !key || isModelAllowed(key, entry.alias));
  if (key) checkModelAllowed(key, named.alias);
  // The operator's routing: the key was granted the alias it named, so the replacement serves it.
  const model = named.replacedBy === undefined ? named : registry.get(named.replacedBy)!;
  checkLifecycle(model.alias, model.lifecycle, options.nowMs);
  const lifecycle = resolveLifecycle(model.lifecycle, options.nowMs);
  if (lifecycle.state === 'legacy' && options.logger) {
    const warned = warnedLegacy.get(registry) ?? new Set<string>();
    warnedLegacy.set(registry, warned);
    if (!warned.has(model.alias)) {
      warned.add(model.alias);
      options.logger.warn('legacy model in use', {
        model: model.alias,
        model_id: model.id,
        end_of_life: lifecycle.endOfLife,
        replacement: lifecycle.replacement,
      });
    }
  }
  return model === named ? { model } : { model, replaced: named };
}

/**
 * The model, then the fallbacks that may answer on the key's behalf: those the key may use that still answer
 * (not past their end of life). Whether a fallback can take the request itself is the route's to judge.
 */
export function resolveUsableChain(
  registry: ModelRegistry,
  model: ModelEntry,
  key: KeyRecord | undefined,
  nowMs: number,
): ModelEntry[] {
  return resolveFallbackChain(registry, model).filter(
    (entry) =>
      entry === model ||
      ((!key || isModelAllowed(key, entry.alias)) &&
        resolveLifecycle(entry.lifecycle, nowMs).state !== 'eol'),
  );
}
