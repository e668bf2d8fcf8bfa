import { z } from 'zod';
import { findFoundationModel, listServingModels } from '../catalogue/bedrock-catalogue.js';
import { BedrockExceptionError, createValidationError } from '../errors.js';
import { type EmulatorResponse, sendJson } from '../http-exchange.js';
import type { EmulatorRuntime } from '../operation-context.js';
import { resolveSystemModelId } from '../resolve-model-id.js';
import type { ControlPlaneOperation } from '../route-request.js';
import { patternString } from '../smithy-pattern.js';
import { validateBody } from '../validate-body.js';
import { describeFoundationModel } from './describe-foundation-model.js';
import {
  describeApplicationProfile,
  describeSystemProfileOf,
  type InferenceProfileSummary,
  listSystemProfiles,
} from './describe-inference-profiles.js';

/** One control-plane request, routed. */
export interface ControlPlaneRequest {
  operation: ControlPlaneOperation;
  identifier?: string;
  query: URLSearchParams;
  response: EmulatorResponse;
  requestId: string;
}

/*
 * The query members and path identifiers with their Smithy constraints, verbatim from botocore's bedrock
 * 2023-04-20 model (`Provider`, `ModelCustomization`, `ModelModality`, `InferenceType`, `InferenceProfileType`,
 * `MaxResults`, `PaginationToken`, `GetFoundationModelIdentifier`, `InferenceProfileIdentifier`).
 */
const listFoundationModelsSchema = z.object({
  byProvider: patternString('[A-Za-z0-9- ]{1,63}').optional(),
  byCustomizationType: z.enum(['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION']).optional(),
  byOutputModality: z.enum(['TEXT', 'IMAGE', 'EMBEDDING']).optional(),
  byInferenceType: z.enum(['ON_DEMAND', 'PROVISIONED']).optional(),
});

const listInferenceProfilesSchema = z.object({
  maxResults: z.coerce.number().int().min(1).max(1000).optional(),
  nextToken: patternString('\\S*').min(1).max(2048).optional(),
  typeEquals: z.enum(['SYSTEM_DEFINED', 'APPLICATION']).optional(),
});

const FOUNDATION_MODEL_IDENTIFIER =
  '(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}::foundation-model/[a-z0-9-]{1,63}[.]{1}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2})|([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2})';
const INFERENCE_PROFILE_IDENTIFIER =
  '(arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+';

const getFoundationModelSchema = z.object({
  modelIdentifier: patternString(FOUNDATION_MODEL_IDENTIFIER).min(1).max(2048),
});
const getInferenceProfileSchema = z.object({
  inferenceProfileIdentifier: patternString(INFERENCE_PROFILE_IDENTIFIER).min(1).max(2048),
});

/** Reads query members by their wire names into their member names (`type` is `typeEquals`). */
function readQuery(query: URLSearchParams, names: Record<string, string>): Record<string, string> {
  const members: Record<string, string> = {};
  for (const [wireName, memberName] of Object.entries(names)) {
    const value = query.get(wireName);
    if (value !== null) members[memberName] = value;
  }
  return members;
}

/**
 * The control plane (`bedrock`), as much of it as lifecycle checks need: ListFoundationModels,
 * GetFoundationModel, ListInferenceProfiles and GetInferenceProfile, in the botocore shapes. Retired models are
 * neither listed nor found.
 */
export function handleControlPlane(runtime: EmulatorRuntime, request: ControlPlaneRequest): void {
  const body = answer(runtime, request);
  sendJson(request.response, 200, body, { 'x-amzn-RequestId': request.requestId });
}

function answer(runtime: EmulatorRuntime, request: ControlPlaneRequest): Record<string, unknown> {
  switch (request.operation) {
    case 'list-foundation-models':
      return listFoundationModels(runtime, request.query);
    case 'get-foundation-model':
      return getFoundationModel(runtime, request.identifier ?? '');
    case 'list-inference-profiles':
      return listInferenceProfiles(runtime, request.query);
    case 'get-inference-profile':
      return getInferenceProfile(runtime, request.identifier ?? '');
    default: {
      const _exhaustiveCheck: never = request.operation;
      throw new Error(`Unknown control-plane operation ${String(_exhaustiveCheck)}`);
    }
  }
}

function listFoundationModels(runtime: EmulatorRuntime, query: URLSearchParams): Record<string, unknown> {
  const filters = validateBody(
    listFoundationModelsSchema,
    readQuery(query, {
      byProvider: 'byProvider',
      byCustomizationType: 'byCustomizationType',
      byOutputModality: 'byOutputModality',
      byInferenceType: 'byInferenceType',
    }),
    'constraint',
  );
  const summaries = listServingModels()
    .filter(
      (model) =>
        // `aws bedrock list-foundation-models --by-provider anthropic` matches "Anthropic".
        filters.byProvider === undefined ||
        model.providerName.toLowerCase() === filters.byProvider.toLowerCase(),
    )
    .map((model) => describeFoundationModel(model, runtime.region))
    .filter(
      (summary) =>
        (filters.byOutputModality === undefined ||
          (summary.outputModalities as string[]).includes(filters.byOutputModality)) &&
        (filters.byInferenceType === undefined ||
          (summary.inferenceTypesSupported as string[]).includes(filters.byInferenceType)) &&
        filters.byCustomizationType === undefined,
    );
  return { modelSummaries: summaries };
}

/**
 * GetFoundationModel by base id or foundation-model ARN. An unknown or retired model: "Could not find model with
 * identifier ..." as a ValidationException, as two troubleshooting guides quote it (code ids 59791253159,
 * 56484205469; UNCONFIRMED from AWS).
 */
function getFoundationModel(runtime: EmulatorRuntime, identifier: string): Record<string, unknown> {
  validateBody(getFoundationModelSchema, { modelIdentifier: identifier }, 'constraint');
  const modelId = identifier.startsWith('arn:') ? identifier.slice(identifier.indexOf('/') + 1) : identifier;
  const model = findFoundationModel(modelId);
  if (!model || model.kind === 'retired') {
    throw createValidationError(`Could not find model with identifier ${identifier}`);
  }
  return { modelDetails: describeFoundationModel(model, runtime.region) };
}

function listAllProfiles(runtime: EmulatorRuntime): InferenceProfileSummary[] {
  const account = { region: runtime.region, accountId: runtime.accountId };
  const applicationProfiles = runtime.applicationProfiles
    .list()
    .flatMap((profile) => describeApplicationProfile(profile, account) ?? []);
  return [...listSystemProfiles(account), ...applicationProfiles];
}

/** Page tokens are the offset of the next page, opaque to clients. */
function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodePageToken(token: string): number {
  const offset = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))?.[1];
  // Bedrock's wording for a foreign token is UNCONFIRMED.
  if (offset === undefined) throw createValidationError('The provided pagination token is invalid.');
  return Number(offset);
}

/**
 * ListInferenceProfiles, filtered by `type` and paged by `maxResults`/`nextToken`. Without `maxResults` a page holds
 * every profile (Bedrock's default page size is UNCONFIRMED).
 */
function listInferenceProfiles(runtime: EmulatorRuntime, query: URLSearchParams): Record<string, unknown> {
  const request = validateBody(
    listInferenceProfilesSchema,
    readQuery(query, { maxResults: 'maxResults', nextToken: 'nextToken', type: 'typeEquals' }),
    'constraint',
  );
  const profiles = listAllProfiles(runtime).filter(
    (profile) => request.typeEquals === undefined || profile.type === request.typeEquals,
  );
  const offset = request.nextToken === undefined ? 0 : decodePageToken(request.nextToken);
  const end = offset + (request.maxResults ?? profiles.length);
  return {
    inferenceProfileSummaries: profiles.slice(offset, end),
    ...(end < profiles.length ? { nextToken: encodePageToken(end) } : {}),
  };
}

/**
 * GetInferenceProfile by a system profile's id or ARN, or an application profile's ARN or id. An unknown one is a
 * ResourceNotFoundException; Bedrock's message for it is UNCONFIRMED (the SDK's documented wording is used).
 */
function getInferenceProfile(runtime: EmulatorRuntime, identifier: string): Record<string, unknown> {
  validateBody(getInferenceProfileSchema, { inferenceProfileIdentifier: identifier }, 'constraint');
  const account = { region: runtime.region, accountId: runtime.accountId };
  const applicationId = /application-inference-profile\/(.+)$/.exec(identifier)?.[1] ?? identifier;
  const application = runtime.applicationProfiles.find(applicationId);
  const target = resolveSystemModelId(identifier);
  const profile = application
    ? describeApplicationProfile(application, account)
    : target && describeSystemProfileOf(target, account);
  if (!profile) {
    throw new BedrockExceptionError(
      'ResourceNotFoundException',
      'The specified resource ARN was not found. Check the ARN and try your request again.',
    );
  }
  return profile;
}
