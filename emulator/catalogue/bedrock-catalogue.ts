import { CLAUDE_MODELS } from './claude-models.js';
import type { FoundationModel, ServingModel } from './foundation-model.js';
import { OTHER_MODELS } from './other-models.js';

/**
 * Every foundation model the emulator knows: Bedrock's catalogue as the emulator models it, independent of the
 * gateway's own registry, so that the emulator can referee the gateway. To add a model, add an entry to
 * claude-models.ts or other-models.ts (see emulator/README.md, "The catalogue").
 */
export const FOUNDATION_MODELS: readonly FoundationModel[] = [...CLAUDE_MODELS, ...OTHER_MODELS];

const MODELS_BY_ID = indexById(FOUNDATION_MODELS);

function indexById(models: readonly FoundationModel[]): ReadonlyMap<string, FoundationModel> {
  const byId = new Map<string, FoundationModel>();
  for (const model of models) {
    if (byId.has(model.modelId)) throw new Error(`The emulator's catalogue lists ${model.modelId} twice.`);
    byId.set(model.modelId, model);
  }
  return byId;
}

/** The catalogue entry for a base model id, or undefined. */
export function findFoundationModel(modelId: string): FoundationModel | undefined {
  return MODELS_BY_ID.get(modelId);
}

/** The models that still answer, in catalogue order: what ListFoundationModels lists. */
export function listServingModels(): ServingModel[] {
  return FOUNDATION_MODELS.filter((model): model is ServingModel => model.kind !== 'retired');
}
