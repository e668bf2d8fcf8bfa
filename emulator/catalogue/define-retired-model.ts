import type { ProfilePrefix, RetiredModel } from './foundation-model.js';

/** A catalogue entry for a model past its end of life: what is needed to refuse it, and no more. */
export function defineRetiredModel(
  modelId: string,
  modelName: string,
  providerName: string,
  profiles: readonly ProfilePrefix[],
  endOfLifeTime: string,
): RetiredModel {
  return {
    kind: 'retired',
    modelId,
    modelName,
    providerName,
    profiles,
    lifecycle: { status: 'EOL', endOfLifeTime },
  };
}
