import { NotFoundError } from './errors.js';

/** Families whose native InvokeModel body the gateway can write and read. */
export type TextFamily = 'anthropic' | 'titan-text' | 'llama3' | 'mistral' | 'nova' | 'cohere-command-r';
export type EmbeddingFamily = 'titan-embed' | 'cohere-embed';
export type ModelFamily = TextFamily | EmbeddingFamily;

export const TEXT_FAMILIES: readonly TextFamily[] = [
  'anthropic',
  'titan-text',
  'llama3',
  'mistral',
  'nova',
  'cohere-command-r',
];
export const EMBEDDING_FAMILIES: readonly EmbeddingFamily[] = ['titan-embed', 'cohere-embed'];

/** Which Bedrock API serves a text model: the unified Converse API or the family's native InvokeModel body. */
export type ModelApi = 'converse' | 'invoke';

export interface ModelPrice {
  /** USD per million input tokens. */
  inputPerMTok: number;
  /** USD per million output tokens. */
  outputPerMTok: number;
}

export interface ModelEntry {
  /** The alias clients use, e.g. `claude-3-5-sonnet`. */
  alias: string;
  /** Bedrock model id or inference-profile id, e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`. */
  id: string;
  family: ModelFamily;
  /** Default API for this model; a request may override it for text families. */
  api: ModelApi;
  maxOutputTokens: number;
  contextWindow: number;
  price: ModelPrice;
  /** Aliases to try, in order, when this model fails. */
  fallbacks: string[];
  /** Bedrock CountTokens answers for this model (asked near a key's limit for an exact prompt count). */
  countTokens?: boolean;
}

export type ModelRegistry = ReadonlyMap<string, ModelEntry>;

type DefaultEntry = Omit<ModelEntry, 'alias'>;

/** The models the seeds name, plus the small ones DESIGN.md lists. Prices are on-demand us-east-1. */
export const DEFAULT_MODELS: Readonly<Record<string, DefaultEntry>> = {
  'claude-3-5-sonnet': {
    id: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
    family: 'anthropic',
    api: 'converse',
    maxOutputTokens: 4096,
    contextWindow: 200_000,
    price: { inputPerMTok: 3, outputPerMTok: 15 },
    fallbacks: ['claude-3-haiku'],
  },
  'claude-3-haiku': {
    id: 'anthropic.claude-3-haiku-20240307-v1:0',
    family: 'anthropic',
    api: 'converse',
    maxOutputTokens: 4096,
    contextWindow: 200_000,
    price: { inputPerMTok: 0.25, outputPerMTok: 1.25 },
    fallbacks: [],
  },
  'titan-text-express': {
    id: 'amazon.titan-text-express-v1',
    family: 'titan-text',
    api: 'invoke',
    maxOutputTokens: 8192,
    contextWindow: 8192,
    price: { inputPerMTok: 0.2, outputPerMTok: 0.6 },
    fallbacks: [],
  },
  'llama3-8b': {
    id: 'meta.llama3-8b-instruct-v1:0',
    family: 'llama3',
    api: 'converse',
    maxOutputTokens: 2048,
    contextWindow: 8192,
    price: { inputPerMTok: 0.3, outputPerMTok: 0.6 },
    fallbacks: [],
  },
  'mistral-7b': {
    id: 'mistral.mistral-7b-instruct-v0:2',
    family: 'mistral',
    api: 'converse',
    maxOutputTokens: 8192,
    contextWindow: 32_000,
    price: { inputPerMTok: 0.15, outputPerMTok: 0.2 },
    fallbacks: [],
  },
  'nova-micro': {
    id: 'amazon.nova-micro-v1:0',
    family: 'nova',
    api: 'converse',
    maxOutputTokens: 5000,
    contextWindow: 128_000,
    price: { inputPerMTok: 0.035, outputPerMTok: 0.14 },
    fallbacks: [],
  },
  'nova-lite': {
    id: 'amazon.nova-lite-v1:0',
    family: 'nova',
    api: 'converse',
    maxOutputTokens: 5000,
    contextWindow: 300_000,
    price: { inputPerMTok: 0.06, outputPerMTok: 0.24 },
    fallbacks: ['nova-micro'],
  },
  'titan-embed-text-v2': {
    id: 'amazon.titan-embed-text-v2:0',
    family: 'titan-embed',
    api: 'invoke',
    maxOutputTokens: 0,
    contextWindow: 8192,
    price: { inputPerMTok: 0.02, outputPerMTok: 0 },
    fallbacks: [],
  },
  'cohere-embed-english-v3': {
    id: 'cohere.embed-english-v3',
    family: 'cohere-embed',
    api: 'invoke',
    maxOutputTokens: 0,
    contextWindow: 512,
    price: { inputPerMTok: 0.1, outputPerMTok: 0 },
    fallbacks: [],
  },
};

export const DEFAULT_MODEL_ALIAS = 'claude-3-5-sonnet';

export function isTextFamily(family: ModelFamily): family is TextFamily {
  return (TEXT_FAMILIES as readonly string[]).includes(family);
}

/** Builds a registry from alias -> entry records. Fallbacks must name aliases in the same registry. */
export function createModelRegistry(models: Readonly<Record<string, DefaultEntry>>): ModelRegistry {
  const registry = new Map<string, ModelEntry>();
  for (const [alias, entry] of Object.entries(models)) registry.set(alias, { alias, ...entry });
  for (const entry of registry.values()) {
    for (const fallback of entry.fallbacks) {
      const target = registry.get(fallback);
      if (!target) {
        throw new Error(`models.${entry.alias}.fallbacks: '${fallback}' is not a configured model alias.`);
      }
      if (isTextFamily(target.family) !== isTextFamily(entry.family)) {
        throw new Error(`models.${entry.alias}.fallbacks: '${fallback}' is not the same kind of model.`);
      }
    }
  }
  return registry;
}

/**
 * The model id as clients may see it: an inference-profile ARN carries the AWS account id, which never
 * reaches a client, so it is masked. Plain model and profile ids are unchanged.
 */
export function publicModelId(model: ModelEntry): string {
  return model.id.replace(/^(arn:aws[\w-]*:bedrock:[\w-]*:)\d{12}:/, '$1<account>:');
}

/** The models to try for a request, in order: the model itself, then its configured fallbacks. */
export function resolveFallbackChain(registry: ModelRegistry, model: ModelEntry): ModelEntry[] {
  const chain = [model];
  for (const alias of model.fallbacks) {
    const fallback = registry.get(alias);
    if (fallback && !chain.includes(fallback)) chain.push(fallback);
  }
  return chain;
}

/**
 * Finds a model by alias, or by the Bedrock id / inference-profile id of a configured model.
 * Unknown names are a 404: a model is never silently replaced by another.
 */
export function resolveModel(registry: ModelRegistry, name: string): ModelEntry {
  const byAlias = registry.get(name);
  if (byAlias) return byAlias;
  for (const entry of registry.values()) if (entry.id === name) return entry;
  throw new NotFoundError('model_not_found', `Model '${name}' is not configured on this gateway.`, {
    param: 'model',
  });
}
