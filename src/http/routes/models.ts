import { Hono } from 'hono';
import { NotFoundError } from '../../core/errors.js';
import type { ModelCapabilities } from '../../core/model-capabilities.js';
import { resolveLifecycle } from '../../core/model-lifecycle.js';
import {
  isCodecFamily,
  isTextFamily,
  type ModelEntry,
  PROFILE_PREFIX,
  publicModelId,
  resolveModel,
} from '../../core/model-registry.js';
import { allowedModels, isModelAllowed } from '../../tenancy/model-access.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';

/** The provider, from the model id (`anthropic.`, `amazon.`, `meta.` ... after any profile prefix). */
function providerOf(model: ModelEntry): string {
  const id = model.id.replace(/^arn:[^/]*\//, '').replace(PROFILE_PREFIX, '');
  return id.includes('.') ? id.slice(0, id.indexOf('.')) : 'unknown';
}

/** The capabilities as clients read them (snake_case, as the rest of the API). */
function describeCapabilities(capabilities: ModelCapabilities) {
  const { reasoning, cachePoints, sampling } = capabilities;
  return {
    streaming: capabilities.streaming,
    vision: capabilities.vision,
    documents: capabilities.documents,
    tools: capabilities.tools,
    forced_tool_choice: capabilities.forcedToolChoice,
    reasoning: {
      mode: reasoning.mode,
      ...('efforts' in reasoning ? { efforts: reasoning.efforts } : {}),
      ...(reasoning.mode === 'budget' ? { min_budget_tokens: reasoning.minBudgetTokens } : {}),
      ...(reasoning.mode === 'adaptive' ? { always_on: reasoning.alwaysOn } : {}),
    },
    structured_output: capabilities.structuredOutput,
    cache_points: cachePoints
      ? {
          min_tokens: cachePoints.minTokens,
          ttls: cachePoints.ttls,
          tools: cachePoints.tools,
          max_points: cachePoints.maxPoints,
        }
      : null,
    max_stop_sequences: capabilities.maxStopSequences,
    sampling: {
      temperature: sampling.temperature,
      top_p: sampling.topP,
      top_k: sampling.topK,
      temperature_or_top_p: sampling.temperatureOrTopP,
    },
    service_tiers: capabilities.serviceTiers,
    guardrails: capabilities.guardrails,
    count_tokens: capabilities.countTokens,
  };
}

/**
 * One model in OpenAI's model-object shape and Anthropic's (`type`, `display_name`, `created_at`: what the
 * Anthropic SDK's `models.list` and Claude Code's gateway model discovery read), plus what the gateway knows of
 * it, at `nowMs`.
 */
export function describeModel(model: ModelEntry, created: number, nowMs: number) {
  const text = isTextFamily(model.family);
  const lifecycle = resolveLifecycle(model.lifecycle, nowMs);
  return {
    id: model.alias,
    object: 'model' as const,
    created,
    owned_by: providerOf(model),
    type: 'model' as const,
    display_name: model.alias,
    created_at: new Date(created * 1000).toISOString(),
    model_id: publicModelId(model),
    family: model.family,
    api: model.api,
    apis: !text ? ['invoke'] : isCodecFamily(model.family) ? ['converse', 'invoke'] : ['converse'],
    max_output_tokens: model.maxOutputTokens,
    context_window: model.contextWindow,
    kind: text ? 'text' : 'embedding',
    lifecycle: {
      state: lifecycle.state,
      ...(lifecycle.state === 'active' ? {} : { end_of_life: lifecycle.endOfLife }),
      ...(lifecycle.state === 'legacy' && lifecycle.legacySince
        ? { legacy_since: lifecycle.legacySince }
        : {}),
      ...(lifecycle.state !== 'active' && lifecycle.replacement
        ? { replacement: lifecycle.replacement }
        : {}),
    },
    capabilities: describeCapabilities(model.capabilities),
    price: {
      input_per_mtok: model.price.inputPerMTok,
      output_per_mtok: model.price.outputPerMTok,
      cache_read_per_mtok: model.price.cacheReadPerMTok ?? null,
      cache_write_per_mtok: model.price.cacheWritePerMTok ?? null,
      cache_write_1h_per_mtok: model.price.cacheWrite1hPerMTok ?? null,
    },
    fallbacks: model.fallbacks,
    ...(model.replacedBy ? { replaced_by: model.replacedBy } : {}),
  };
}

export function createModelRoutes(dependencies: AppDependencies, created: number): Hono<GatewayEnv> {
  const { registry } = dependencies;
  const now = dependencies.now ?? Date.now;
  return new Hono<GatewayEnv>()
    .get('/v1/models', (c) => {
      // A key sees only the models it may use.
      const data = (c.var.apiKey ? allowedModels(c.var.apiKey, registry) : [...registry.values()]).map(
        (model) => describeModel(model, created, now()),
      );
      // OpenAI's list, with Anthropic's page fields: every model is on the one page.
      return c.json({
        object: 'list',
        data,
        has_more: false,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
      });
    })
    .get('/v1/models/:id', (c) => {
      // An alias or a configured Bedrock id (percent-encoded, as OpenAI SDKs send it).
      const name = c.req.param('id');
      // A Bedrock id that several aliases share (a stable and a pinned one) names one the key may use.
      const key = c.var.apiKey;
      const model = resolveModel(registry, name, (entry) => !key || isModelAllowed(key, entry.alias));
      // A model the key may not use is reported like an unknown one, as OpenAI does: the list is not revealed.
      if (key && !isModelAllowed(key, model.alias)) {
        throw new NotFoundError('model_not_found', `Model '${name}' is not configured on this gateway.`, {
          param: 'model',
        });
      }
      return c.json(describeModel(model, created, now()));
    });
}
