import type { Lifecycle, ServingModel } from '../catalogue/foundation-model.js';

/** A foundation model's ARN in a Region; `''` gives the Region-less ARN that global profiles also list. */
export function buildFoundationModelArn(region: string, modelId: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

/** Catalogue days as the control plane's ISO-8601 timestamps (botocore: `"timestampFormat": "iso8601"`). */
function toTimestamp(day: string): string {
  return `${day}T00:00:00Z`;
}

function describeLifecycle(lifecycle: Exclude<Lifecycle, { status: 'EOL' }>): Record<string, string> {
  if (lifecycle.status === 'ACTIVE') {
    return { status: 'ACTIVE', startOfLifeTime: toTimestamp(lifecycle.startOfLifeTime) };
  }
  return {
    status: 'LEGACY',
    startOfLifeTime: toTimestamp(lifecycle.startOfLifeTime),
    legacyTime: toTimestamp(lifecycle.legacyTime),
    endOfLifeTime: toTimestamp(lifecycle.endOfLifeTime),
    ...(lifecycle.publicExtendedAccessTime
      ? { publicExtendedAccessTime: toTimestamp(lifecycle.publicExtendedAccessTime) }
      : {}),
  };
}

/**
 * A model as ListFoundationModels lists it and GetFoundationModel details it (`FoundationModelSummary`,
 * `FoundationModelDetails`, botocore bedrock 2023-04-20). A model served only through profiles reports
 * `INFERENCE_PROFILE`, a value outside the Smithy enum that real responses carry (pydantic/genai-prices
 * `source_aws.py`; other-models.md §2). No model here can be customised.
 */
export function describeFoundationModel(model: ServingModel, region: string): Record<string, unknown> {
  return {
    modelArn: buildFoundationModelArn(region, model.modelId),
    modelId: model.modelId,
    modelName: model.modelName,
    providerName: model.providerName,
    inputModalities: model.inputModalities,
    outputModalities: [model.kind === 'text' ? 'TEXT' : 'EMBEDDING'],
    responseStreamingSupported: model.kind === 'text',
    customizationsSupported: [],
    inferenceTypesSupported: [model.onDemand ? 'ON_DEMAND' : 'INFERENCE_PROFILE'],
    modelLifecycle: describeLifecycle(model.lifecycle),
  };
}
