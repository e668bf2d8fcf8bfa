import { Hono } from 'hono';
import { NotFoundError } from '../../core/errors.js';
import {
  isTextFamily,
  type ModelEntry,
  type ModelFamily,
  publicModelId,
  resolveModel,
} from '../../core/model-registry.js';
import { allowedModels, isModelAllowed } from '../../tenancy/model-access.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';

const PROVIDER_BY_FAMILY: Readonly<Record<ModelFamily, string>> = {
  anthropic: 'anthropic',
  'titan-text': 'amazon',
  llama3: 'meta',
  mistral: 'mistral',
  nova: 'amazon',
  'cohere-command-r': 'cohere',
  'titan-embed': 'amazon',
  'cohere-embed': 'cohere',
};

/** What a client can ask of a model through the gateway. */
export interface ModelSupport {
  /** `stream: true` (ConverseStream or InvokeModelWithResponseStream). */
  streaming: boolean;
  /** Tool definitions through `api: converse`. */
  tools_converse: boolean;
  /** Tool definitions through `api: invoke` (the family's native body). */
  tools_invoke: boolean;
  /** A system prompt, on both APIs. */
  system: boolean;
  /** Arbitrary `stop` sequences on both APIs (within the family's count limit). */
  stop_sequences: boolean;
}

const TEXT_ONLY: ModelSupport = {
  streaming: true,
  tools_converse: false,
  tools_invoke: false,
  system: true,
  stop_sequences: true,
};

const NOTHING: ModelSupport = {
  streaming: false,
  tools_converse: false,
  tools_invoke: false,
  system: false,
  stop_sequences: false,
};

/**
 * Support by family, from the codecs' `checkSupported` and Bedrock's Converse feature table. A family is
 * described by its least capable member, so a `true` holds for every model of it. `system` is true for every
 * text family: where a model has no system role (Titan, Mistral), the gateway puts the system prompt into the
 * first user turn. Titan's `stop_sequences` is false because it takes only `User:` or a run of `|`; Llama's
 * native body has no stop field at all. Cohere Command R uses tools through Converse, but its native tool
 * format is not translated. Embedding models only embed.
 */
const SUPPORT_BY_FAMILY: Readonly<Record<ModelFamily, ModelSupport>> = {
  anthropic: { ...TEXT_ONLY, tools_converse: true, tools_invoke: true },
  'titan-text': { ...TEXT_ONLY, stop_sequences: false },
  llama3: { ...TEXT_ONLY, stop_sequences: false },
  mistral: TEXT_ONLY,
  nova: { ...TEXT_ONLY, tools_converse: true, tools_invoke: true },
  'cohere-command-r': { ...TEXT_ONLY, tools_converse: true },
  'titan-embed': NOTHING,
  'cohere-embed': NOTHING,
};

/** One model in OpenAI's model-object shape, plus what the gateway knows of it. */
export function describeModel(model: ModelEntry, created: number) {
  const text = isTextFamily(model.family);
  return {
    id: model.alias,
    object: 'model' as const,
    created,
    owned_by: PROVIDER_BY_FAMILY[model.family],
    model_id: publicModelId(model),
    family: model.family,
    api: model.api,
    apis: text ? ['converse', 'invoke'] : ['invoke'],
    max_output_tokens: model.maxOutputTokens,
    context_window: model.contextWindow,
    capabilities: text ? ['generate', 'chat'] : ['embeddings'],
    supports: SUPPORT_BY_FAMILY[model.family],
    fallbacks: model.fallbacks,
  };
}

export function createModelRoutes({ registry }: AppDependencies, created: number): Hono<GatewayEnv> {
  return new Hono<GatewayEnv>()
    .get('/v1/models', (c) =>
      c.json({
        object: 'list',
        // A key sees only the models it may use.
        data: (c.var.apiKey ? allowedModels(c.var.apiKey, registry) : [...registry.values()]).map((model) =>
          describeModel(model, created),
        ),
      }),
    )
    .get('/v1/models/:id', (c) => {
      // An alias or a configured Bedrock id (percent-encoded, as OpenAI SDKs send it).
      const name = c.req.param('id');
      const model = resolveModel(registry, name);
      // A model the key may not use is reported like an unknown one, as OpenAI does: the list is not revealed.
      if (c.var.apiKey && !isModelAllowed(c.var.apiKey, model.alias)) {
        throw new NotFoundError('model_not_found', `Model '${name}' is not configured on this gateway.`, {
          param: 'model',
        });
      }
      return c.json(describeModel(model, created));
    });
}
