import { NotFoundError } from './errors.js';
import type { ModelCapabilities } from './model-capabilities.js';
import type { ModelLifecycle } from './model-lifecycle.js';

/** Families whose native InvokeModel body the gateway can write and read (each has a codec). */
export type CodecFamily = 'anthropic' | 'titan-text' | 'llama3' | 'mistral' | 'nova' | 'cohere-command-r';
/**
 * Text families the gateway reaches through Converse only: their native bodies (OpenAI chat completions for
 * gpt-oss, DeepSeek's, Mistral's chat body) have no codec here, so `api: "invoke"` is refused for them; the
 * native passthrough route still forwards their bodies as they are.
 */
export type ConverseOnlyFamily = 'openai' | 'deepseek' | 'mistral-chat';
export type TextFamily = CodecFamily | ConverseOnlyFamily;
export type EmbeddingFamily = 'titan-embed' | 'cohere-embed';
export type ModelFamily = TextFamily | EmbeddingFamily;

export const CODEC_FAMILIES: readonly CodecFamily[] = [
  'anthropic',
  'titan-text',
  'llama3',
  'mistral',
  'nova',
  'cohere-command-r',
];
export const TEXT_FAMILIES: readonly TextFamily[] = [...CODEC_FAMILIES, 'openai', 'deepseek', 'mistral-chat'];
export const EMBEDDING_FAMILIES: readonly EmbeddingFamily[] = ['titan-embed', 'cohere-embed'];

/** Which Bedrock API serves a text model: the unified Converse API or the family's native InvokeModel body. */
export type ModelApi = 'converse' | 'invoke';

/** USD per million tokens, which is micro-USD per token. Cache prices default to the input price. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Reading a cached prefix. */
  cacheReadPerMTok?: number;
  /** Writing a cache entry with the 5-minute TTL. */
  cacheWritePerMTok?: number;
  /** Writing a cache entry with the 1-hour TTL. */
  cacheWrite1hPerMTok?: number;
}

/**
 * A model's prices by kind of id: `global` for a `global.` inference profile (Bedrock's list price), `regional`
 * for the base id, an in-region or a geo profile (`us.`, `eu.`, `jp.`...), which cost about 10% more for the
 * newer Claude models. Without `global`, every id costs `regional`.
 */
export interface ModelPrices {
  global?: ModelPrice;
  regional: ModelPrice;
}

export interface ModelEntry {
  /** The alias clients use, e.g. `claude-sonnet`. */
  alias: string;
  /**
   * The id sent to Bedrock: a base model id where Bedrock serves it on demand, else an inference-profile id
   * (`global.`, `us.` ...), or an inference-profile or application-inference-profile ARN.
   */
  id: string;
  family: ModelFamily;
  /** Default API for this model; a request may override it for families with a codec. */
  api: ModelApi;
  maxOutputTokens: number;
  contextWindow: number;
  /** The price of `id`: see `resolveModelPrice`. */
  price: ModelPrice;
  /** Aliases to try, in order, when this model fails. */
  fallbacks: string[];
  capabilities: ModelCapabilities;
  lifecycle: ModelLifecycle;
  /**
   * Set by an operator: requests for this alias are served by that alias instead, and the answer says so
   * (`x-bedrock-gateway-replaced-model`). Never set by the catalogue: nothing is substituted silently.
   */
  replacedBy?: string;
}

/** A catalogue entry, before it has an alias and its price is resolved for its id. */
export type CatalogueEntry = Omit<ModelEntry, 'alias' | 'price'> & { prices: ModelPrices };

export type ModelRegistry = ReadonlyMap<string, ModelEntry>;

/** Cross-region inference-profile prefixes. */
export const PROFILE_PREFIX = /^(?:global|us|eu|apac|jp|au|ca|us-gov)\./;

/** The foundation-model id behind a model or system inference-profile id; ARNs are left as they are. */
export function toBaseModelId(modelId: string): string {
  return modelId.startsWith('arn:') ? modelId : modelId.replace(PROFILE_PREFIX, '');
}

/** The price that applies to `id`: the global price for a `global.` profile, the regional one otherwise. */
export function resolveModelPrice(prices: ModelPrices, id: string): ModelPrice {
  return id.startsWith('global.') && prices.global ? prices.global : prices.regional;
}

export function isTextFamily(family: ModelFamily): family is TextFamily {
  return (TEXT_FAMILIES as readonly string[]).includes(family);
}

/** Whether the gateway has a native codec for the family. */
export function isCodecFamily(family: ModelFamily): family is CodecFamily {
  return (CODEC_FAMILIES as readonly string[]).includes(family);
}

/**
 * Builds a registry from alias -> catalogue entries, resolving each price for its id. Fallbacks and
 * `replacedBy` must name aliases in the same registry, of the same kind of model.
 */
export function createModelRegistry(models: Readonly<Record<string, CatalogueEntry>>): ModelRegistry {
  const registry = new Map<string, ModelEntry>();
  for (const [alias, { prices, ...entry }] of Object.entries(models)) {
    registry.set(alias, { alias, ...entry, price: resolveModelPrice(prices, entry.id) });
  }
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
    if (entry.replacedBy !== undefined) {
      const target = registry.get(entry.replacedBy);
      if (!target || target === entry || target.replacedBy !== undefined) {
        throw new Error(
          `models.${entry.alias}.replacedBy: '${entry.replacedBy}' must be another configured alias that is not itself replaced.`,
        );
      }
      if (isTextFamily(target.family) !== isTextFamily(entry.family)) {
        throw new Error(
          `models.${entry.alias}.replacedBy: '${entry.replacedBy}' is not the same kind of model.`,
        );
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

/** `arn:aws:bedrock:{region}:{account}:inference-profile/{id}` or `arn:aws:bedrock:{region}::foundation-model/{id}`. */
const SYSTEM_ARN = /^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:(?:inference-profile|foundation-model)\/([^/]+)$/;

/**
 * Finds a model by alias, or by the Bedrock id / inference-profile id of a configured model.
 * Unknown names are a 404: a model is never silently replaced by another.
 */
export function resolveModel(
  registry: ModelRegistry,
  name: string,
  prefer: (entry: ModelEntry) => boolean = () => true,
): ModelEntry {
  const byAlias = registry.get(name);
  if (byAlias) return byAlias;
  // Several aliases may share an id (a stable alias and its pinned version): the first `prefer`red one wins.
  const entries = [...registry.values()];
  const pick = (matches: ModelEntry[]) => matches.find(prefer) ?? matches[0];
  const byId = pick(entries.filter((entry) => entry.id === name));
  if (byId) return byId;
  // Another inference profile of a configured model (`us.` where the catalogue has `global.`, as Bedrock's own
  // clients build ids from their region) is that model, called with its configured id, which IAM allows.
  const base = toBaseModelId(name);
  const byBase = name.startsWith('arn:')
    ? undefined
    : pick(entries.filter((entry) => toBaseModelId(entry.id) === base));
  if (byBase) return byBase;
  // The ARN of a system inference profile or of a foundation model (what Bedrock's control plane lists, and its
  // clients may call) names the id inside it; an application profile's ARN is only itself.
  const inside = SYSTEM_ARN.exec(name)?.[1];
  if (inside) return resolveModel(registry, inside, prefer);
  throw new NotFoundError('model_not_found', `Model '${name}' is not configured on this gateway.`, {
    param: 'model',
  });
}
