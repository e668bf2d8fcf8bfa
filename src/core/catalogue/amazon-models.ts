import {
  type CachePointCapability,
  defineCapabilities,
  EMBEDDING_CAPABILITIES,
  type ModelCapabilities,
} from '../model-capabilities.js';
import type { CatalogueEntry } from '../model-registry.js';

/*
 * Amazon's models on Bedrock (Nova, Nova 2, Titan), as of 2026-12-01. Sources, by tag:
 *   [awslabs]   awslabs/startups migrate/plugins/migration-to-aws/skills/azure-to-aws/references/shared/pricing-cache.md
 *               (Bedrock US East prices, AWS-maintained, updated 2026-08-24) and the same repository's
 *               references/vendored/ai/ai-model-lifecycle.md (lifecycle, as of 2026-09-21)
 *   [genai]     pydantic/genai-prices prices/providers/aws.yml (generated from the AWS Price List API, us-east-1)
 *   [card]      https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-amazon-nova-lite.html (context, max output)
 *   [converse]  https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html
 *               (Nova Micro: no vision, no documents; Lite and Pro: both; all: tools, streaming, guardrails)
 *   [tools]     https://docs.aws.amazon.com/nova/latest/userguide/tool-choice.html (`auto`, `any` and `tool`)
 *   [cache]     https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html, as transcribed by Portkey:
 *               Nova caches system and messages (not tools), from 1,000 tokens, at most 4 points, 5-minute TTL;
 *               `ttl` on Nova is refused ("Extended TTL prompt caching is only supported for Anthropic models")
 *   [nova2]     https://docs.aws.amazon.com/nova/latest/nova2-userguide/core-inference.html (Nova 2 Lite is reached
 *               through `global.` or geographic profiles only) and .../reasoning-capabilities.html
 *
 * Prices are USD per 1M tokens; Nova lists a cache-read price and no cache-write price, so cache writes cost the
 * input price. Nova refuses `outputConfig` (structured output) and CountTokens (bedrock-runtime ValidationException
 * "The provided model doesn't support counting tokens", alchemy.run's CountTokens notes), and Nova Lite was refused
 * the Flex tier in a public report, so none of those is declared for Nova gen 1.
 */

/** Nova takes `topK` through `additionalModelRequestFields.inferenceConfig`, 1 to 128. */
const NOVA_SAMPLING = { temperature: true, topP: true, topK: true, temperatureOrTopP: false } as const;

const NOVA_CACHE: CachePointCapability = { minTokens: 1000, ttls: ['5m'], tools: false, maxPoints: 4 };

function nova(overrides: Partial<ModelCapabilities>): ModelCapabilities {
  return defineCapabilities({
    tools: true,
    forcedToolChoice: true,
    cachePoints: NOVA_CACHE,
    sampling: NOVA_SAMPLING,
    guardrails: true,
    ...overrides,
  });
}

/**
 * Nova Micro: `amazon.nova-micro-v1:0`, in-Region on demand in us-east-1 [awslabs] (profiles `us.`, `eu.`,
 * `apac.` elsewhere). 128K context; max output 5K on the card, 10K in AWS's Nova 1-to-2 migration post: the
 * smaller is kept. 0.035 / 0.14, cache read 0.00875 [awslabs][genai]. Text only [converse]. Active.
 */
const NOVA_MICRO: CatalogueEntry = {
  id: 'amazon.nova-micro-v1:0',
  family: 'nova',
  api: 'converse',
  maxOutputTokens: 5000,
  contextWindow: 128_000,
  prices: { regional: { inputPerMTok: 0.035, outputPerMTok: 0.14, cacheReadPerMTok: 0.00875 } },
  fallbacks: [],
  capabilities: nova({}),
  lifecycle: { state: 'active' },
};

/**
 * Nova Lite: `amazon.nova-lite-v1:0` (in-Region; `us.`, `eu.`, `apac.` profiles; no global [card]). 300K / 5K
 * [card]; 0.06 / 0.24, cache read 0.015 [awslabs][genai]. Images and documents [converse]. Active.
 */
const NOVA_LITE: CatalogueEntry = {
  id: 'amazon.nova-lite-v1:0',
  family: 'nova',
  api: 'converse',
  maxOutputTokens: 5000,
  contextWindow: 300_000,
  prices: { regional: { inputPerMTok: 0.06, outputPerMTok: 0.24, cacheReadPerMTok: 0.015 } },
  fallbacks: ['nova-micro'],
  capabilities: nova({ vision: true, documents: true }),
  lifecycle: { state: 'active' },
};

/**
 * Nova Pro: `amazon.nova-pro-v1:0` (in-Region; `us.`, `eu.`, `apac.` profiles). 300K; max output 5K as for
 * Nova Lite (Bedrock answered "model limit of 10000" for Nova Pro in a public capture; the card's 5K is kept).
 * 0.80 / 3.20, cache read 0.20 [awslabs][genai]. Images and documents [converse]. Active.
 */
const NOVA_PRO: CatalogueEntry = {
  id: 'amazon.nova-pro-v1:0',
  family: 'nova',
  api: 'converse',
  maxOutputTokens: 5000,
  contextWindow: 300_000,
  prices: { regional: { inputPerMTok: 0.8, outputPerMTok: 3.2, cacheReadPerMTok: 0.2 } },
  fallbacks: ['nova-lite'],
  capabilities: nova({ vision: true, documents: true }),
  lifecycle: { state: 'active' },
};

/**
 * Nova 2 Lite: `amazon.nova-2-lite-v1:0`, cross-Region only, so `global.` [nova2]. 1M context; max output 64K
 * (AWS's post says 65K, the card 64K: the smaller). Global 0.30 / 2.50, cache read 0.075; geographic and
 * in-Region 0.33 / 2.75, cache read 0.0825 [awslabs][genai]. Reasoning through `reasoningConfig` with
 * `maxReasoningEffort` low/medium/high, off by default, billed but returned redacted [nova2]. Priority and Flex
 * tiers priced [awslabs]. Images and documents. Forced tool choice with reasoning and structured output:
 * UNCONFIRMED (off). Cache points as for Nova (Nova 2's own limits UNCONFIRMED; its cache-read price is listed).
 * Active, launched 2025-12-02.
 */
const NOVA_2_LITE: CatalogueEntry = {
  id: 'global.amazon.nova-2-lite-v1:0',
  family: 'nova',
  api: 'converse',
  maxOutputTokens: 64_000,
  contextWindow: 1_000_000,
  prices: {
    global: { inputPerMTok: 0.3, outputPerMTok: 2.5, cacheReadPerMTok: 0.075 },
    regional: { inputPerMTok: 0.33, outputPerMTok: 2.75, cacheReadPerMTok: 0.0825 },
  },
  fallbacks: ['nova-lite'],
  capabilities: nova({
    vision: true,
    documents: true,
    forcedToolChoice: false,
    reasoning: { mode: 'reasoning-config', efforts: ['low', 'medium', 'high'] },
    serviceTiers: ['priority', 'flex'],
  }),
  lifecycle: { state: 'active' },
};

/**
 * Titan Text G1 - Express, the seeds' Titan model: `amazon.titan-text-express-v1`, 8K tokens
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/titan-text-models.html), 0.20 / 0.60 [genai]. No system
 * prompt on Converse [converse]. End of life: calls fail with ResourceNotFoundException
 * (aws-observability/application-signals-demo PR #330, 2026-02-27). AWS's exact date was not found
 * (UNCONFIRMED): an EOL notice named August 2025 (langchain4j/langchain4j#2532) and it was reported gone by
 * 2025-12-29 (newrelic/newrelic-dotnet-agent#3373), the date kept here. Nova Micro is the text-only Amazon
 * model that replaces it. Its default API stays `invoke`, the native body the seed called.
 */
const TITAN_TEXT_EXPRESS: CatalogueEntry = {
  id: 'amazon.titan-text-express-v1',
  family: 'titan-text',
  api: 'invoke',
  maxOutputTokens: 8192,
  contextWindow: 8192,
  prices: { regional: { inputPerMTok: 0.2, outputPerMTok: 0.6 } },
  fallbacks: [],
  capabilities: defineCapabilities({}),
  lifecycle: { state: 'eol', endOfLife: '2025-12-29', replacement: 'nova-micro' },
};

/**
 * Titan Text Embeddings V2: `amazon.titan-embed-text-v2:0`, one text per call, 8,192 tokens, 0.02 per 1M input
 * tokens [awslabs] (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html).
 * Active [awslabs]. No fallback: another model's vectors are not comparable with these.
 */
const TITAN_EMBED_TEXT_V2: CatalogueEntry = {
  id: 'amazon.titan-embed-text-v2:0',
  family: 'titan-embed',
  api: 'invoke',
  maxOutputTokens: 0,
  contextWindow: 8192,
  prices: { regional: { inputPerMTok: 0.02, outputPerMTok: 0 } },
  fallbacks: [],
  capabilities: EMBEDDING_CAPABILITIES,
  lifecycle: { state: 'active' },
};

/** Amazon's models, by alias. */
export const AMAZON_MODELS: Readonly<Record<string, CatalogueEntry>> = {
  'nova-micro': NOVA_MICRO,
  'nova-lite': NOVA_LITE,
  'nova-pro': NOVA_PRO,
  'nova-2-lite': NOVA_2_LITE,
  'titan-text-express': TITAN_TEXT_EXPRESS,
  'titan-embed-text-v2': TITAN_EMBED_TEXT_V2,
};
