import type { ApplicationProfile } from '../application-inference-profiles.js';
import { listServingModels } from '../catalogue/bedrock-catalogue.js';
import type { ProfilePrefix, ServingModel } from '../catalogue/foundation-model.js';
import { PROFILE_GEOGRAPHIES } from '../catalogue/inference-profile-geographies.js';
import type { ModelTarget } from '../resolve-model-id.js';
import { buildFoundationModelArn } from './describe-foundation-model.js';

/** An inference profile as ListInferenceProfiles and GetInferenceProfile return it (`InferenceProfileSummary`). */
export type InferenceProfileSummary = Record<string, unknown> & { inferenceProfileId: string; type: string };

/** Where the emulator stands: ARNs are built for this Region and account. */
export interface ControlPlaneAccount {
  region: string;
  accountId: string;
}

function joinRegions(regions: readonly string[]): string {
  return regions.length < 2 ? (regions[0] ?? '') : `${regions.slice(0, -1).join(', ')} and ${regions.at(-1)}`;
}

/** The foundation-model ARNs a profile routes to; a global profile lists the Region-less ARN too (§2). */
function listProfileModels(model: ServingModel, prefix: ProfilePrefix, region: string) {
  const { destinationRegions } = PROFILE_GEOGRAPHIES[prefix];
  const regions = prefix === 'global' ? [region, ''] : destinationRegions;
  return regions.map((destination) => ({ modelArn: buildFoundationModelArn(destination, model.modelId) }));
}

function describeSystemProfile(
  model: ServingModel,
  prefix: ProfilePrefix,
  account: ControlPlaneAccount,
): InferenceProfileSummary {
  const { label, destinationRegions } = PROFILE_GEOGRAPHIES[prefix];
  const name = `${model.providerName} ${model.modelName}`;
  const inferenceProfileId = `${prefix}.${model.modelId}`;
  const createdAt = `${model.lifecycle.startOfLifeTime}T00:00:00Z`;
  return {
    inferenceProfileName: `${label} ${name}`,
    // Global profiles' description wording is UNCONFIRMED.
    description:
      prefix === 'global'
        ? `Routes requests to ${name} in all supported commercial Regions.`
        : `Routes requests to ${name} in ${joinRegions(destinationRegions)}.`,
    createdAt,
    updatedAt: createdAt,
    inferenceProfileArn: `arn:aws:bedrock:${account.region}:${account.accountId}:inference-profile/${inferenceProfileId}`,
    models: listProfileModels(model, prefix, account.region),
    inferenceProfileId,
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
  };
}

/** Every system-defined profile of every serving model, in catalogue order (retired models have none left). */
export function listSystemProfiles(account: ControlPlaneAccount): InferenceProfileSummary[] {
  return listServingModels().flatMap((model) =>
    model.profiles.map((prefix) => describeSystemProfile(model, prefix, account)),
  );
}

/** The system profile a target names, if it names one of a serving model. */
export function describeSystemProfileOf(
  target: ModelTarget,
  account: ControlPlaneAccount,
): InferenceProfileSummary | undefined {
  if (target.access !== 'inference-profile' || target.model.kind === 'retired') return undefined;
  const prefix = target.modelId.slice(
    0,
    target.modelId.length - target.model.modelId.length - 1,
  ) as ProfilePrefix;
  return describeSystemProfile(target.model, prefix, account);
}

/**
 * An application profile the emulator was given. It routes where what it wraps routes; its name is its id, and
 * its dates are the emulator's epoch (the emulator does not know when it was created).
 */
export function describeApplicationProfile(
  profile: ApplicationProfile,
  account: ControlPlaneAccount,
): InferenceProfileSummary | undefined {
  const { model } = profile.target;
  if (model.kind === 'retired') return undefined;
  const models = describeSystemProfileOf(profile.target, account)?.models ?? [
    { modelArn: buildFoundationModelArn(account.region, model.modelId) },
  ];
  return {
    inferenceProfileName: profile.id,
    description: `Application inference profile for ${model.providerName} ${model.modelName}.`,
    createdAt: '1970-01-01T00:00:00Z',
    updatedAt: '1970-01-01T00:00:00Z',
    inferenceProfileArn: profile.arn,
    models,
    inferenceProfileId: profile.id,
    status: 'ACTIVE',
    type: 'APPLICATION',
  };
}
