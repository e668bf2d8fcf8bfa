import { defineCapabilities, EMBEDDING_CAPABILITIES } from '../model-capabilities.js';
import type { CatalogueEntry } from '../model-registry.js';

/*
 * Cohere on Bedrock, as of 2026-12-01. Sources, by tag:
 *   [awslabs]  awslabs/startups migrate/plugins/migration-to-aws/skills/azure-to-aws/references/shared/pricing-cache.md
 *              (embedding prices and state, AWS-maintained, updated 2026-08-24) and
 *              references/vendored/ai/ai-model-lifecycle.md (Command R / R+ end of life 2026-08-19)
 *   [embed]    https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html (up to 96 texts per
 *              call, each at most 2,048 characters, under 512 tokens recommended)
 *   [profiles] a public listing built from `aws bedrock list-inference-profiles` (2026-03-18): Embed v4 has `us.`,
 *              `eu.` and `global.` profiles
 *
 * Embedding models get no fallback and no stable alias: vectors from another model are not comparable, so a
 * silent switch would corrupt an index.
 */

/**
 * Command R: `cohere.command-r-v1:0`. End of life on 2026-08-19; calls answer 404 "This model version has reached
 * the end of its life." (BerriAI/litellm PR #39608) [awslabs]. Bedrock has no Cohere chat model left, so the
 * replacement named is this catalogue's suggestion, not Cohere's: Mistral Large 3, at Command R's price.
 * 128K / 4K, 0.50 / 1.50 (as the gateway's first configuration had it; UNCONFIRMED). Up to 4 stop sequences.
 */
const COMMAND_R: CatalogueEntry = {
  id: 'cohere.command-r-v1:0',
  family: 'cohere-command-r',
  api: 'converse',
  maxOutputTokens: 4000,
  contextWindow: 128_000,
  prices: { regional: { inputPerMTok: 0.5, outputPerMTok: 1.5 } },
  fallbacks: [],
  capabilities: defineCapabilities({}),
  lifecycle: { state: 'eol', endOfLife: '2026-08-19', replacement: 'mistral-large' },
};

/** Cohere Embed English v3: `cohere.embed-english-v3`, 1,024 dimensions, 0.10 [awslabs], 512 tokens [embed]. */
const COHERE_EMBED_ENGLISH_V3: CatalogueEntry = {
  id: 'cohere.embed-english-v3',
  family: 'cohere-embed',
  api: 'invoke',
  maxOutputTokens: 0,
  contextWindow: 512,
  prices: { regional: { inputPerMTok: 0.1, outputPerMTok: 0 } },
  fallbacks: [],
  capabilities: EMBEDDING_CAPABILITIES,
  lifecycle: { state: 'active' },
};

/** Cohere Embed Multilingual v3: `cohere.embed-multilingual-v3`, as English v3 [awslabs][embed]. Active. */
const COHERE_EMBED_MULTILINGUAL_V3: CatalogueEntry = {
  ...COHERE_EMBED_ENGLISH_V3,
  id: 'cohere.embed-multilingual-v3',
};

/**
 * Cohere Embed v4: `cohere.embed-v4:0` through its `global.` profile [profiles]: the bare id refuses on-demand
 * throughput (reported by public projects that measured it; no AWS page found). 0.12 [awslabs]. 128K tokens of
 * context is a figure from public code (UNCONFIRMED by AWS). Returns 1,536 dimensions by default; the gateway does
 * not send `output_dimension`. Active [awslabs].
 */
const COHERE_EMBED_V4: CatalogueEntry = {
  id: 'global.cohere.embed-v4:0',
  family: 'cohere-embed',
  api: 'invoke',
  maxOutputTokens: 0,
  contextWindow: 128_000,
  prices: { regional: { inputPerMTok: 0.12, outputPerMTok: 0 } },
  fallbacks: [],
  capabilities: EMBEDDING_CAPABILITIES,
  lifecycle: { state: 'active' },
};

/** Cohere's models, by alias. */
export const COHERE_MODELS: Readonly<Record<string, CatalogueEntry>> = {
  'command-r': COMMAND_R,
  'cohere-embed-english-v3': COHERE_EMBED_ENGLISH_V3,
  'cohere-embed-multilingual-v3': COHERE_EMBED_MULTILINGUAL_V3,
  'cohere-embed-v4': COHERE_EMBED_V4,
};
