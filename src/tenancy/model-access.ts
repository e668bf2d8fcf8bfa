import { PermissionDeniedError } from '../core/errors.js';
import type { ModelEntry, ModelRegistry } from '../core/model-registry.js';
import { ALL_MODELS, type KeyRecord } from './key-record.js';

/** Whether the key's allow-list admits the model alias. */
export function isModelAllowed(record: Pick<KeyRecord, 'models'>, alias: string): boolean {
  return record.models.includes(ALL_MODELS) || record.models.includes(alias);
}

/**
 * Throws 403 `model_not_allowed` unless the key may use the model. Pass the resolved alias, not the name
 * the client sent, so a Bedrock id cannot bypass an alias-based allow-list.
 */
export function checkModelAllowed(record: Pick<KeyRecord, 'keyId' | 'models'>, alias: string): void {
  if (isModelAllowed(record, alias)) return;
  throw new PermissionDeniedError(
    'model_not_allowed',
    `This API key is not allowed to use model '${alias}'.`,
    {
      param: 'model',
    },
  );
}

/** The configured models this key may use, in registry order (for `GET /v1/models`). */
export function allowedModels(record: Pick<KeyRecord, 'models'>, registry: ModelRegistry): ModelEntry[] {
  return [...registry.values()].filter((entry) => isModelAllowed(record, entry.alias));
}
