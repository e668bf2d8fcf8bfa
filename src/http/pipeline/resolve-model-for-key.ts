import { type ModelEntry, type ModelRegistry, resolveModel } from '../../core/model-registry.js';
import type { KeyRecord } from '../../tenancy/key-record.js';
import { checkModelAllowed } from '../../tenancy/model-access.js';

/**
 * The model a request names (alias or configured Bedrock id), if it exists and the key may use it:
 * 404 for an unknown model, 403 for one outside the key's allow-list. Every route that calls a model
 * resolves it here.
 */
export function resolveModelForKey(
  registry: ModelRegistry,
  name: string,
  key: KeyRecord | undefined,
): ModelEntry {
  const model = resolveModel(registry, name);
  if (key) checkModelAllowed(key, model.alias);
  return model;
}
