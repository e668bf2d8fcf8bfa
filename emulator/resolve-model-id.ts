import type { ApplicationProfileRegistry } from './application-inference-profiles.js';
import { describeOnDemandUnsupported, END_OF_LIFE, INVALID_MODEL_IDENTIFIER } from './bedrock-messages.js';
import { findFoundationModel } from './catalogue/bedrock-catalogue.js';
import type {
  EmbeddingFamilyName,
  EmbeddingModel,
  FoundationModel,
  ProfilePrefix,
  TextFamilyName,
  TextModel,
} from './catalogue/foundation-model.js';
import { PROFILE_PREFIXES } from './catalogue/inference-profile-geographies.js';
import { BedrockExceptionError, createValidationError } from './errors.js';

/** How a call reached its model. */
export type ModelAccess = 'base' | 'inference-profile' | 'application-inference-profile';

/** A model id resolved against the catalogue, before the on-demand and lifecycle rules are applied. */
export interface ModelTarget {
  /**
   * The id as called, percent-decoded, with a foundation-model or inference-profile ARN reduced to its id;
   * an application profile keeps its ARN, since it has no other name.
   */
  modelId: string;
  access: ModelAccess;
  model: FoundationModel;
}

/** A model that answers, as the operations see it. */
export type ResolvedModel = {
  /** See ModelTarget.modelId. */
  modelId: string;
  baseModelId: string;
  access: ModelAccess;
} & (
  | { kind: 'text'; family: TextFamilyName; definition: TextModel }
  | { kind: 'embedding'; family: EmbeddingFamilyName; definition: EmbeddingModel }
);

/** A foundation-model ARN (no account) or a system inference-profile ARN (an account). */
const MODEL_ARN =
  /^arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{0,20}:(?::foundation-model\/(?<model>.+)|\d{12}:inference-profile\/(?<profile>.+))$/;
const APPLICATION_PROFILE_ARN =
  /^arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{0,20}:\d{12}:application-inference-profile\/(?<id>[a-zA-Z0-9]+)$/;

/**
 * The Smithy patterns of the `modelId` path member, verbatim from botocore's bedrock-runtime 2023-09-30 model
 * (`ConversationalModelId` for Converse, `InvokeModelIdentifier` for InvokeModel, which adds one `$`, and
 * `FoundationModelVersionIdentifier` for CountTokens; bedrock-validation.md §19). The `[a-zA-Z0-9-:.]+` branch
 * makes almost any id pass; spaces, `/` outside ARNs and `@` do not.
 */
const MODEL_ID_PATTERNS = {
  converse:
    '(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:(([0-9]{12}:custom-model/[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}/[a-z0-9]{12})|(:foundation-model/[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.:]?[a-z0-9-]{1,63}))|([0-9]{12}:imported-model/[a-z0-9]{12})|([0-9]{12}:provisioned-model/[a-z0-9]{12})|([0-9]{12}:custom-model-deployment/[a-z0-9]{12})|([0-9]{12}:(inference-profile|application-inference-profile)/[a-zA-Z0-9-:.]+)))|([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.:]?[a-z0-9-]{1,63}))|(([0-9a-zA-Z][_-]?)+)|([a-zA-Z0-9-:.]+)|(^(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:prompt/[0-9a-zA-Z]{10}(?::[0-9]{1,5})?))$|(^arn:aws:sagemaker:[a-z0-9-]+:[0-9]{12}:endpoint/[a-zA-Z0-9-]+$)|(^arn:aws(-[^:]+)?:bedrock:([0-9a-z-]{1,20}):([0-9]{12}):(default-)?prompt-router/[a-zA-Z0-9-:.]+$)',
  invoke:
    '(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:(([0-9]{12}:custom-model/[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}/[a-z0-9]{12})|(:foundation-model/[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.:]?[a-z0-9-]{1,63}))|([0-9]{12}:imported-model/[a-z0-9]{12})|([0-9]{12}:provisioned-model/[a-z0-9]{12})|([0-9]{12}:custom-model-deployment/[a-z0-9]{12})|([0-9]{12}:(inference-profile|application-inference-profile)/[a-zA-Z0-9-:.]+)))|([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.:]?[a-z0-9-]{1,63}))|(([0-9a-zA-Z][_-]?)+)|([a-zA-Z0-9-:.]+$)|(^(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:prompt/[0-9a-zA-Z]{10}(?::[0-9]{1,5})?))$|(^arn:aws:sagemaker:[a-z0-9-]+:[0-9]{12}:endpoint/[a-zA-Z0-9-]+$)|(^arn:aws(-[^:]+)?:bedrock:([0-9a-z-]{1,20}):([0-9]{12}):(default-)?prompt-router/[a-zA-Z0-9-:.]+$)',
  'count-tokens': '[a-zA-Z_\\.\\-/0-9:]+',
} as const;

const MODEL_ID_MAX_LENGTH = { converse: 2048, invoke: 2048, 'count-tokens': 256 } as const;

const MODEL_ID_MATCHERS = Object.fromEntries(
  Object.entries(MODEL_ID_PATTERNS).map(([api, pattern]) => [api, new RegExp(`^(?:${pattern})$`)]),
) as Record<keyof typeof MODEL_ID_PATTERNS, RegExp>;

/**
 * The Smithy constraints on the path's `modelId`, in the constraint layer's wording (bedrock-validation.md §1,
 * §18; n8n-io/n8n#9084 quotes the pattern verbatim).
 */
export function checkModelIdShape(modelId: string, api: keyof typeof MODEL_ID_PATTERNS): void {
  const prefix = `1 validation error detected: Value '${modelId}' at 'modelId' failed to satisfy constraint: Member must`;
  if (modelId.length > MODEL_ID_MAX_LENGTH[api]) {
    throw createValidationError(`${prefix} have length less than or equal to ${MODEL_ID_MAX_LENGTH[api]}`);
  }
  if (!MODEL_ID_MATCHERS[api].test(modelId)) {
    throw createValidationError(`${prefix} satisfy regular expression pattern: ${MODEL_ID_PATTERNS[api]}`);
  }
}

/**
 * Resolves a base id, a system inference-profile id, either's ARN, or an application inference-profile ARN
 * (already percent-decoded), as Bedrock does. Anything the catalogue does not know, a known provider prefix with
 * an unknown model (`anthropic.nope-v9`), a profile prefix the model has no profile for, an unknown application
 * profile or a bare application-profile id is a ValidationException "The provided model identifier is invalid."
 * (bedrock-validation.md §1; for application profiles vercel/ai#14117 and tinovyatkin/amazon-bedrock-copilot-chat#28).
 */
export function resolveModelTarget(
  rawModelId: string,
  applicationProfiles: ApplicationProfileRegistry,
): ModelTarget {
  const applicationProfileId = APPLICATION_PROFILE_ARN.exec(rawModelId)?.groups?.id;
  if (applicationProfileId !== undefined) {
    const profile = applicationProfiles.find(applicationProfileId);
    if (!profile) throw createValidationError(INVALID_MODEL_IDENTIFIER);
    return { modelId: rawModelId, access: 'application-inference-profile', model: profile.target.model };
  }
  const target = resolveSystemModelId(rawModelId);
  if (!target) throw createValidationError(INVALID_MODEL_IDENTIFIER);
  return target;
}

/**
 * Resolves a base id, a system-defined profile id or either's ARN; undefined when the catalogue does not know it.
 * Application profiles use it for the model they wrap.
 */
export function resolveSystemModelId(rawModelId: string): ModelTarget | undefined {
  const arn = MODEL_ARN.exec(rawModelId)?.groups;
  if (arn?.model !== undefined) return resolveBaseId(arn.model);
  const modelId = arn?.profile ?? rawModelId;
  const prefix = PROFILE_PREFIXES.find((candidate) => modelId.startsWith(`${candidate}.`));
  if (prefix === undefined) return arn ? undefined : resolveBaseId(modelId);
  const model = findFoundationModel(modelId.slice(prefix.length + 1));
  if (!model?.profiles.includes(prefix as ProfilePrefix)) return undefined;
  return { modelId, access: 'inference-profile', model };
}

function resolveBaseId(modelId: string): ModelTarget | undefined {
  const model = findFoundationModel(modelId);
  return model ? { modelId, access: 'base', model } : undefined;
}

/**
 * The rules of an inference call once the id is known: a base id that answers only through a profile is a
 * ValidationException naming the id (bedrock-validation.md §2). Runs before any check of the request body.
 */
export function requireInvocable(target: ModelTarget): ModelTarget {
  const { model, access } = target;
  if (access === 'base' && model.kind !== 'retired' && !model.onDemand) {
    throw createValidationError(describeOnDemandUnsupported(target.modelId));
  }
  return target;
}

/**
 * The lifecycle rule: a model past its end of life answers ResourceNotFoundException (404) whatever the id
 * (base, profile or application profile) (bedrock-validation.md §3). Bedrock checks the request's shape first
 * (§0.1), so operations call this after their schema checks. Legacy models answer normally: the emulator has no
 * notion of an account's recent use, so the "not actively using the model" 404 never happens.
 */
export function requireServing(target: ModelTarget): ResolvedModel {
  const { model, modelId, access } = target;
  if (model.kind === 'retired') throw new BedrockExceptionError('ResourceNotFoundException', END_OF_LIFE);
  const common = { modelId, baseModelId: model.modelId, access };
  return model.kind === 'text'
    ? { ...common, kind: 'text', family: model.family, definition: model }
    : { ...common, kind: 'embedding', family: model.family, definition: model };
}
