import { Hono } from 'hono';
import { isTextFamily, type ModelEntry, type ModelFamily } from '../../core/model-registry.js';
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

/** One model in OpenAI's model-object shape, plus what the gateway knows of it. */
export function describeModel(model: ModelEntry, created: number) {
  const text = isTextFamily(model.family);
  return {
    id: model.alias,
    object: 'model' as const,
    created,
    owned_by: PROVIDER_BY_FAMILY[model.family],
    model_id: model.id,
    family: model.family,
    api: model.api,
    apis: text ? ['converse', 'invoke'] : ['invoke'],
    max_output_tokens: model.maxOutputTokens,
    context_window: model.contextWindow,
    capabilities: text ? ['generate', 'chat'] : ['embeddings'],
    fallbacks: model.fallbacks,
  };
}

export function createModelRoutes({ registry }: AppDependencies, created: number): Hono<GatewayEnv> {
  return new Hono<GatewayEnv>().get('/v1/models', (c) =>
    c.json({ object: 'list', data: [...registry.values()].map((model) => describeModel(model, created)) }),
  );
}
