import { PermissionDeniedError } from './errors.js';
import type { GenerateRequest, GuardrailReference } from './generate-request.js';
import type { CapableModel, ServiceTier } from './model-capabilities.js';
import { describePromptParts, estimatePromptTokens } from './prompt-tokens.js';

/**
 * A Bedrock guardrail: its id or ARN and version, as the Smithy model of bedrock-runtime constrains them
 * (`GuardrailIdentifier`, `GuardrailVersion`).
 */
export const GUARDRAIL_IDENTIFIER_PATTERN =
  /^(?:[a-z0-9]+|arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+)$/;
export const GUARDRAIL_VERSION_PATTERN = /^(?:[1-9][0-9]{0,7}|DRAFT)$/;

export type ServiceTierChoice = 'default' | ServiceTier;

/** Cheapest first: a cap allows its own tier and those below it. */
const TIER_ORDER: readonly ServiceTierChoice[] = ['flex', 'default', 'priority'];

/** What an operator sets for every call of a key (or of the whole gateway). */
export interface CallGovernance {
  /** Applied to every call; a client cannot remove it. */
  guardrail?: GuardrailReference;
  serviceTier?: {
    /** The tier used when the client asks for none. */
    default?: ServiceTierChoice;
    /** The dearest tier a client may ask for. */
    max?: ServiceTierChoice;
  };
  /** Place cache points after the system prompt and the tools when they are long enough to cache. */
  automaticCachePoints?: boolean;
}

/**
 * The request as governance makes it: the key's guardrail (else the gateway's) on every call, and the
 * service tier the client asked for within the key's cap (else the key's default). A tier above the cap is a
 * 403 `service_tier_not_allowed`, never silently lowered.
 */
export function applyGovernance(
  request: GenerateRequest,
  key: CallGovernance | undefined,
  gateway: CallGovernance,
): GenerateRequest {
  return { ...request, ...resolveCallGovernance(request.serviceTier, key, gateway) };
}

/** The guardrail and service tier of one call, as `applyGovernance` sets them (for bodies that are not canonical). */
export function resolveCallGovernance(
  asked: ServiceTierChoice | undefined,
  key: CallGovernance | undefined,
  gateway: CallGovernance,
): { guardrail?: GuardrailReference; serviceTier?: ServiceTierChoice } {
  const guardrail = key?.guardrail ?? gateway.guardrail;
  const tiers = { ...gateway.serviceTier, ...key?.serviceTier };
  if (
    asked !== undefined &&
    tiers.max !== undefined &&
    TIER_ORDER.indexOf(asked) > TIER_ORDER.indexOf(tiers.max)
  ) {
    throw new PermissionDeniedError(
      'service_tier_not_allowed',
      `This API key may use service tiers up to '${tiers.max}'; the request asked for '${asked}'.`,
      { param: 'service_tier' },
    );
  }
  const serviceTier = asked ?? tiers.default;
  return { ...(guardrail ? { guardrail } : {}), ...(serviceTier === undefined ? {} : { serviceTier }) };
}

/**
 * The request with a cache point after its system prompt (else after its tools), when the model caches, the
 * client placed none, and that prefix reaches the model's minimum: below it Bedrock caches nothing. The
 * prefix Bedrock caches is tools, then system, so the point after the system prompt covers both.
 */
export function placeAutomaticCachePoints(request: GenerateRequest, model: CapableModel): GenerateRequest {
  const caching = model.capabilities.cachePoints;
  if (!caching || request.cachePoints) return request;
  if (request.messages.some((message) => message.content.some((part) => part.type === 'cache-point')))
    return request;
  const hasSystem = request.system !== undefined && request.system !== '';
  const hasTools = (request.tools?.length ?? 0) > 0;
  if (!hasSystem && !(hasTools && caching.tools)) return request;
  const prefix = describePromptParts({
    system: request.system,
    messages: [],
    tools: hasTools && caching.tools ? request.tools : [],
  });
  if (estimatePromptTokens(prefix) < caching.minTokens) return request;
  return {
    ...request,
    cachePoints: hasSystem ? { system: { type: 'cache-point' } } : { tools: { type: 'cache-point' } },
  };
}

/** A guardrail's id, whether named by id or by ARN (`arn:aws:bedrock:...:guardrail/{id}`). */
function toGuardrailId(identifier: string): string {
  return identifier.slice(identifier.lastIndexOf('/') + 1);
}

/**
 * The guardrail of a call whose client may name one itself (Bedrock's own API takes `guardrailConfig` and the
 * guardrail headers): the key's (else the gateway's) when one is set, which a client can neither remove nor
 * replace; naming another is a 403 `guardrail_not_allowed`, never silently overridden. A client naming that same
 * guardrail keeps its own `trace` choice; with no governed guardrail, the client's own applies.
 */
export function resolveClientGuardrail(
  requested: GuardrailReference | undefined,
  governed: GuardrailReference | undefined,
  param: string,
): GuardrailReference | undefined {
  if (!governed || !requested) return governed ?? requested;
  const same =
    toGuardrailId(requested.identifier) === toGuardrailId(governed.identifier) &&
    requested.version === governed.version;
  if (!same) {
    throw new PermissionDeniedError(
      'guardrail_not_allowed',
      `This API key applies guardrail '${toGuardrailId(governed.identifier)}' version ${governed.version} to every call; the request may not name another.`,
      { param },
    );
  }
  return { ...governed, ...(requested.trace === undefined ? {} : { trace: requested.trace }) };
}
