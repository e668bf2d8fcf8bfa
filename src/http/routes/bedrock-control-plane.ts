import { Hono } from 'hono';
import { z } from 'zod';
import { type GatewayError, InvalidRequestError, NotFoundError } from '../../core/errors.js';
import { resolveLifecycle } from '../../core/model-lifecycle.js';
import { isTextFamily, resolveModel } from '../../core/model-registry.js';
import { allowedModels, isModelAllowed } from '../../tenancy/model-access.js';
import { toRoutePrefix } from '../bedrock-runtime/bedrock-runtime-paths.js';
import {
  describeInferenceProfile,
  type InferenceProfileSummary,
  isSystemProfileId,
} from '../bedrock-runtime/describe-inference-profile.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';

/** ListInferenceProfiles' query members (botocore bedrock 2023-04-20: `typeEquals` travels as `type`). */
const listQuerySchema = z.strictObject({
  type: z.enum(['SYSTEM_DEFINED', 'APPLICATION']).optional(),
  maxResults: z.coerce.number().int().min(1).max(1000).optional(),
  nextToken: z.string().min(1).max(2048).optional(),
});

/** Page tokens are the offset of the next page, opaque to clients. */
function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodePageToken(token: string): number {
  const offset = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))?.[1];
  if (offset === undefined) {
    throw new InvalidRequestError('invalid_page_token', 'The provided pagination token is invalid.', {
      param: 'nextToken',
    });
  }
  return Number(offset);
}

/** GetInferenceProfile's answer for a profile the gateway does not serve to this key (the SDK's documented words). */
function createProfileNotFoundError(): GatewayError {
  return new NotFoundError(
    'inference_profile_not_found',
    'The specified resource ARN was not found. Check the ARN and try your request again.',
    { param: 'inferenceProfileIdentifier' },
  );
}

/**
 * The part of Bedrock's control plane that Claude Code in Bedrock mode calls at startup, with the same base
 * URL as the runtime (`ANTHROPIC_BEDROCK_BASE_URL`): `GET {prefix}/inference-profiles?type=SYSTEM_DEFINED` (it
 * keeps the ids that contain `anthropic`, and picks its models among them) and
 * `GET {prefix}/inference-profiles/{id}` (it reads `models[0].modelArn` for the model behind a profile).
 * Served from the catalogue and limited to the key's models: the system profiles the gateway calls (configured
 * ids with a `global.`, `us.`, ... prefix) of models that still answer. The gateway has no application profiles
 * of its own to show: those it calls carry its AWS account in their ARN.
 */
export function createBedrockControlPlaneRoutes(dependencies: AppDependencies): Hono<GatewayEnv> {
  const { config, registry } = dependencies;
  const now = dependencies.now ?? Date.now;
  const prefix = toRoutePrefix(config.bedrockRuntime.basePath);
  const region = config.bedrock.region;

  function listProfiles(key: GatewayEnv['Variables']['apiKey']): InferenceProfileSummary[] {
    const seen = new Set<string>();
    const models = key ? allowedModels(key, registry) : [...registry.values()];
    return models.flatMap((model) => {
      if (!isTextFamily(model.family) || !isSystemProfileId(model.id) || seen.has(model.id)) return [];
      if (resolveLifecycle(model.lifecycle, now()).state === 'eol') return [];
      seen.add(model.id);
      return [describeInferenceProfile(model, model.id, region)];
    });
  }

  return new Hono<GatewayEnv>()
    .get(`${prefix}/inference-profiles`, (c) => {
      const parsed = listQuerySchema.safeParse(c.req.query());
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]!.path[0] ?? 'query');
        throw new InvalidRequestError(
          'invalid_query',
          `Invalid request: the query parameter ${field} has a value Bedrock does not take.`,
          { param: field },
        );
      }
      const { type, maxResults, nextToken } = parsed.data;
      const profiles = type === 'APPLICATION' ? [] : listProfiles(c.var.apiKey);
      const offset = nextToken === undefined ? 0 : decodePageToken(nextToken);
      const end = offset + (maxResults ?? profiles.length);
      return c.json(
        {
          inferenceProfileSummaries: profiles.slice(offset, end),
          ...(end < profiles.length ? { nextToken: encodePageToken(end) } : {}),
        },
        200,
        { 'x-amzn-RequestId': c.var.requestId },
      );
    })
    .get(`${prefix}/inference-profiles/:id{.+}`, (c) => {
      const requested = c.req.param('id');
      // A profile ARN names the profile id after its last `/`.
      const profileId = requested.startsWith('arn:')
        ? requested.slice(requested.lastIndexOf('/') + 1)
        : requested;
      if (!isSystemProfileId(profileId)) throw createProfileNotFoundError();
      const key = c.var.apiKey;
      let model: ReturnType<typeof resolveModel>;
      try {
        model = resolveModel(registry, profileId, (entry) => !key || isModelAllowed(key, entry.alias));
      } catch {
        throw createProfileNotFoundError();
      }
      // A model the key may not use, or one that no longer answers, is not there for this key.
      const usable =
        (!key || isModelAllowed(key, model.alias)) &&
        isTextFamily(model.family) &&
        resolveLifecycle(model.lifecycle, now()).state !== 'eol';
      if (!usable) throw createProfileNotFoundError();
      return c.json(describeInferenceProfile(model, profileId, region), 200, {
        'x-amzn-RequestId': c.var.requestId,
      });
    });
}
