/**
 * The shape of the emulator's own catalogue of Bedrock foundation models: what Bedrock itself knows about a
 * model and enforces on every request. The data lives in claude-models.ts and other-models.ts; this file only
 * says what each field means, so that a fact is corrected in one place.
 */

/** Families whose native text bodies the emulator speaks on InvokeModel. */
export type TextFamilyName =
  | 'anthropic'
  | 'llama3'
  | 'mistral'
  | 'mistral-chat'
  | 'nova'
  | 'openai-chat'
  | 'deepseek-r1';
/** Families that only embed (InvokeModel only). */
export type EmbeddingFamilyName = 'titan-embed' | 'cohere-embed';
export type FamilyName = TextFamilyName | EmbeddingFamilyName;

/**
 * Cross-region inference profile prefixes. `global.` routes worldwide; the others are geographies
 * (Claude Code 2.1.332's prefix list, and the CDK `CrossRegionInferenceProfileRegion` enum; notes
 * claude-models.md §1.3, other-models.md §1).
 */
export type ProfilePrefix = 'global' | 'us' | 'eu' | 'apac' | 'jp' | 'au' | 'us-gov';

/** Provisioned-throughput tiers Bedrock names in `serviceTier.type` (botocore `ServiceTierType`). */
export type ServiceTierName = 'priority' | 'default' | 'flex' | 'reserved';

/** The modalities Bedrock's control plane reports (`ModelModality`). */
export type Modality = 'TEXT' | 'IMAGE' | 'EMBEDDING';

/**
 * A model's lifecycle as GetFoundationModel reports it (`modelLifecycle`), plus the end of life that Bedrock
 * enforces with a 404. Dates are ISO days (`YYYY-MM-DD`), fixed as of 2026-12-01: the emulator does not read
 * the clock, so a model does not change state under a running test suite.
 */
export type Lifecycle =
  | { status: 'ACTIVE'; startOfLifeTime: string }
  | {
      status: 'LEGACY';
      startOfLifeTime: string;
      legacyTime: string;
      publicExtendedAccessTime?: string;
      endOfLifeTime: string;
    }
  | { status: 'EOL'; endOfLifeTime: string };

/**
 * How a model takes reasoning requests:
 * - `none`: no reasoning parameter;
 * - `claude-budget`: `thinking: {type: "enabled", budget_tokens}` only (Claude 4.5 and earlier);
 * - `claude-adaptive-or-budget`: `adaptive` recommended, `enabled` deprecated but accepted (Opus/Sonnet 4.6);
 * - `claude-adaptive`: `adaptive` only, `enabled` refused (Opus 4.7 and later);
 * - `claude-adaptive-always`: adaptive and always on (Opus 5.5, Sonnet 5.5);
 * - `nova-reasoning-config`: Nova 2's `reasoningConfig`;
 * - `openai-effort`: gpt-oss's `reasoning_effort`;
 * - `always-on`: reasons on every request, no parameter (DeepSeek R1).
 */
export type ReasoningMode =
  | 'none'
  | 'claude-budget'
  | 'claude-adaptive-or-budget'
  | 'claude-adaptive'
  | 'claude-adaptive-always'
  | 'nova-reasoning-config'
  | 'openai-effort'
  | 'always-on';

/**
 * Which sampling parameters a model accepts:
 * - `any`: temperature, top_p and top_k as the family allows;
 * - `temperature-or-top-p`: one of temperature and top_p, not both (Claude 4.5 and 4.6);
 * - `none`: none at all, whatever the value (Claude Opus 4.7 and later).
 */
export type SamplingRule = 'any' | 'temperature-or-top-p' | 'none';

/** Explicit prompt caching (`cachePoint` / `cache_control`). */
export interface PromptCaching {
  /** Below this many tokens a checkpoint is accepted but caches nothing. */
  minimumTokens: number;
  /** Whether `ttl: "1h"` is accepted (Claude 4.5 generation and later only). */
  extendedTtl: boolean;
  /** Whether a cache point may follow the tools (Claude yes, Nova no). */
  inTools: boolean;
}

/** What Bedrock enforces on a text model's requests. */
export interface TextCapabilities {
  /** Image content blocks (Converse `image`, native image blocks or Llama 4 `images`). */
  vision: boolean;
  /** Document content blocks. */
  documents: boolean;
  /** Any tool definitions at all. */
  tools: boolean;
  /** Tool definitions on ConverseStream (Llama 3.3/4 and some Mistral models take tools only unstreamed). */
  toolsInStreaming: boolean;
  /** The forced `toolChoice` members the model takes; `auto` is always allowed when tools are. */
  forcedToolChoice: ReadonlyArray<'any' | 'tool'>;
  /** A system prompt (Mistral 7B and Mixtral 8x7B have none). */
  systemPrompt: boolean;
  reasoning: ReasoningMode;
  /** Native structured output: Converse `outputConfig.textFormat`, Claude `output_config.format`. */
  structuredOutput: boolean;
  /** Explicit prompt caching, or undefined when the model has none (a cache point is then refused). */
  promptCaching?: PromptCaching;
  sampling: SamplingRule;
  /** The service tiers the model serves; `default` is always one of them. */
  serviceTiers: readonly ServiceTierName[];
  /** Whether `performanceConfig.latency: "optimized"` is served. */
  latencyOptimized: boolean;
  /** Whether CountTokens counts for the base id (profiles are always refused). */
  countTokens: boolean;
}

/** Claude's native-body rules: API versions, effort levels and the model's own beta flags. */
export interface AnthropicRules {
  /** The `anthropic_version` values the model accepts. */
  apiVersions: readonly string[];
  /** The `output_config.effort` levels the model accepts; empty when it has no effort parameter. */
  effortLevels: readonly string[];
  /** Betas this model accepts beyond the ones every Claude model on Bedrock accepts (anthropic-betas.ts). */
  extraBetas: readonly string[];
}

/** What every catalogue entry has, serving or retired. */
interface ModelIdentity {
  /** The base model id, e.g. `anthropic.claude-sonnet-4-6`. */
  modelId: string;
  /** As the control plane names it, e.g. `Claude Sonnet 4.6`. */
  modelName: string;
  /** As the control plane names it, e.g. `Anthropic`; `byProvider` matches it case-insensitively. */
  providerName: string;
  /** The system-defined inference profiles that exist for the model: `<prefix>.<modelId>`. */
  profiles: readonly ProfilePrefix[];
}

/** A model that answers: a text model or an embedding model. */
interface ServingIdentity extends ModelIdentity {
  /** Whether the base id answers on demand; when false only a profile does (the on-demand refusal). */
  onDemand: boolean;
  lifecycle: Exclude<Lifecycle, { status: 'EOL' }>;
  inputModalities: readonly Modality[];
}

/** A model that generates text (or tool calls). */
export interface TextModel extends ServingIdentity {
  kind: 'text';
  family: TextFamilyName;
  /** The largest max-tokens value Bedrock accepts for the model. */
  maxOutputTokens: number;
  contextWindow: number;
  capabilities: TextCapabilities;
  /** Claude only. */
  anthropic?: AnthropicRules;
}

/**
 * A model that embeds. CountTokens refuses every embedding model: support is UNCONFIRMED, and the notes advise
 * treating non-Claude models as unsupported (other-models.md §1).
 */
export interface EmbeddingModel extends ServingIdentity {
  kind: 'embedding';
  family: EmbeddingFamilyName;
  /** The vector sizes a request may ask for (`dimensions`, `output_dimension`); the first is the default. */
  dimensions: readonly number[];
  /** Whether the response always groups vectors by type (`{"embeddings": {"float": [...]}}`, Cohere Embed v4). */
  embeddingsByType: boolean;
}

/** A model past its end of life: it answers every call with a 404 and is no longer listed. */
export interface RetiredModel extends ModelIdentity {
  kind: 'retired';
  lifecycle: Extract<Lifecycle, { status: 'EOL' }>;
}

/** A model that answers calls. */
export type ServingModel = TextModel | EmbeddingModel;

/** A catalogue entry. */
export type FoundationModel = ServingModel | RetiredModel;
