import { defineCapabilities, type ModelCapabilities } from '../model-capabilities.js';
import type { CatalogueEntry } from '../model-registry.js';

/*
 * Meta Llama on Bedrock, as of 2026-12-01. Sources, by tag:
 *   [awslabs]  awslabs/startups migrate/plugins/migration-to-aws/skills/azure-to-aws/references/shared/pricing-cache.md
 *              (Bedrock US East prices and lifecycle state, AWS-maintained, updated 2026-08-24)
 *   [card]     https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-meta-llama-4-maverick.html
 *   [params]   https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html (the native body; 3.2 and
 *              later take `images`; no stop-sequence field)
 *   [profiles] a public listing built from `aws bedrock list-inference-profiles` in us-east-1, eu-central-1 and
 *              ap-northeast-1 (2026-03-18): Llama 3.3 and 4 have `us.` profiles only
 *   [models.dev] anomalyco/models.dev providers/amazon-bedrock/models/meta.*.toml
 *
 * Llama 3.3 and 4 answer on demand only through their `us.` profile (the base id gets "on-demand throughput isn't
 * supported", danny-avila/LibreChat#5078), so they serve from US Regions. Tool use through Converse works, but not
 * while streaming ("This model doesn't support tool use in streaming mode", strands-agents/harness-sdk#3882) and
 * never forced (toolChoice `any`/`tool` refused). Llama refuses `outputConfig`; service tiers are UNCONFIRMED for
 * Llama, so none is declared. Guardrails: "Most models in the Amazon Bedrock catalog support guardrails", the
 * exceptions being embedding, rerank and speech models
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-supported.html).
 */

function llama(overrides: Partial<ModelCapabilities>): ModelCapabilities {
  return defineCapabilities({ guardrails: true, ...overrides });
}

/**
 * Llama 4 Maverick 17B: `us.meta.llama4-maverick-17b-instruct-v1:0`. 1M / 8K, text and image in [card];
 * 0.24 / 0.97 [awslabs]. Streaming: one translated AWS page says Llama 4 cannot stream, but the streaming-tools
 * refusal above shows ConverseStream answering; kept on. Active [awslabs][card].
 */
const LLAMA_4_MAVERICK: CatalogueEntry = {
  id: 'us.meta.llama4-maverick-17b-instruct-v1:0',
  family: 'llama3',
  api: 'converse',
  maxOutputTokens: 8192,
  contextWindow: 1_000_000,
  prices: { regional: { inputPerMTok: 0.24, outputPerMTok: 0.97 } },
  fallbacks: ['llama-4-scout'],
  capabilities: llama({ tools: true, vision: true }),
  lifecycle: { state: 'active' },
};

/**
 * Llama 4 Scout 17B: `us.meta.llama4-scout-17b-instruct-v1:0` [profiles]. Context disputed (3.5M in
 * [models.dev], 10M in [awslabs]) and max output 8K or 16K: the smaller of each is kept. 0.17 / 0.66 [awslabs].
 * Text and image in. Active [awslabs].
 */
const LLAMA_4_SCOUT: CatalogueEntry = {
  id: 'us.meta.llama4-scout-17b-instruct-v1:0',
  family: 'llama3',
  api: 'converse',
  maxOutputTokens: 8192,
  contextWindow: 3_500_000,
  prices: { regional: { inputPerMTok: 0.17, outputPerMTok: 0.66 } },
  fallbacks: ['llama-3-3-70b'],
  capabilities: llama({ tools: true, vision: true }),
  lifecycle: { state: 'active' },
};

/**
 * Llama 3.3 70B: `us.meta.llama3-3-70b-instruct-v1:0`. 128K / 4,096 [models.dev] (UNCONFIRMED by an AWS page for
 * 3.3; the Llama 3.1 70B card says 128K / 4K). 0.72 / 0.72 [awslabs]. Text only. Active [awslabs].
 */
const LLAMA_3_3_70B: CatalogueEntry = {
  id: 'us.meta.llama3-3-70b-instruct-v1:0',
  family: 'llama3',
  api: 'converse',
  maxOutputTokens: 4096,
  contextWindow: 128_000,
  prices: { regional: { inputPerMTok: 0.72, outputPerMTok: 0.72 } },
  fallbacks: [],
  capabilities: llama({ tools: true }),
  lifecycle: { state: 'active' },
};

/**
 * Llama 3 8B, kept from the gateway's first catalogue: `meta.llama3-8b-instruct-v1:0`, in-Region. 8K context;
 * Converse answers "model limit of 2048" for its max tokens (public capture); 0.30 / 0.60 [models.dev; awslabs,
 * N. Virginia]. No tool use ("This model doesn't support tool use"). Lifecycle UNCONFIRMED: no Legacy or EOL
 * row found, and still priced in July 2026, so Active.
 */
const LLAMA_3_8B: CatalogueEntry = {
  id: 'meta.llama3-8b-instruct-v1:0',
  family: 'llama3',
  api: 'converse',
  maxOutputTokens: 2048,
  contextWindow: 8192,
  prices: { regional: { inputPerMTok: 0.3, outputPerMTok: 0.6 } },
  fallbacks: [],
  capabilities: llama({}),
  lifecycle: { state: 'active' },
};

/** Meta's models, by alias. */
export const META_MODELS: Readonly<Record<string, CatalogueEntry>> = {
  'llama-maverick': LLAMA_4_MAVERICK,
  'llama-scout': LLAMA_4_SCOUT,
  'llama-4-maverick': LLAMA_4_MAVERICK,
  'llama-4-scout': LLAMA_4_SCOUT,
  'llama-3-3-70b': LLAMA_3_3_70B,
  'llama3-8b': LLAMA_3_8B,
};
