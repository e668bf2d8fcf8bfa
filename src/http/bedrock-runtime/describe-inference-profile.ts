import { type ModelEntry, PROFILE_PREFIX, toBaseModelId } from '../../core/model-registry.js';

/**
 * An inference profile as ListInferenceProfiles lists it and GetInferenceProfile returns it (botocore bedrock
 * 2023-04-20 `InferenceProfileSummary`, `GetInferenceProfileResponse`). Claude Code in Bedrock mode reads the
 * ids at startup to pick its models, and `models[0].modelArn` to learn the model behind a profile.
 */
export interface InferenceProfileSummary {
  inferenceProfileName: string;
  description: string;
  inferenceProfileArn: string;
  models: Array<{ modelArn: string }>;
  inferenceProfileId: string;
  status: 'ACTIVE';
  type: 'SYSTEM_DEFINED';
}

/** Whether an id is a system-defined (cross-Region) inference profile's: `global.`, `us.`, `eu.`... */
export function isSystemProfileId(id: string): boolean {
  return PROFILE_PREFIX.test(id);
}

/**
 * A profile the gateway serves, described by `profileId` (the configured id, or another profile of the same
 * model that a client named). The ARNs name the gateway's Region and no account: the gateway does not reveal
 * its AWS account, and a client that calls the profile's ARN through the gateway reaches the same model. The
 * model ARN is the foundation model's in that Region (which Regions a geographic profile routes to is Bedrock's
 * business, not the gateway's).
 */
export function describeInferenceProfile(
  model: ModelEntry,
  profileId: string,
  region: string,
): InferenceProfileSummary {
  return {
    inferenceProfileName: `${model.alias} (${profileId})`,
    description: `Served by the gateway as model '${model.alias}'.`,
    inferenceProfileArn: `arn:aws:bedrock:${region}::inference-profile/${profileId}`,
    models: [{ modelArn: `arn:aws:bedrock:${region}::foundation-model/${toBaseModelId(model.id)}` }],
    inferenceProfileId: profileId,
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
  };
}
