import { defineCapabilities, type ModelCapabilities } from '../model-capabilities.js';
import type { CatalogueEntry } from '../model-registry.js';

/*
 * OpenAI's open-weight gpt-oss models on Bedrock, as of 2026-12-01. Sources, by tag:
 *   [params]   https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-openai.html (ids, 128,000-token
 *              context, text only, the Converse mapping, guardrails "through the use of headers")
 *   [awslabs]  awslabs/startups migrate/plugins/migration-to-aws/skills/azure-to-aws/references/shared/pricing-cache.md
 *              (Bedrock US East prices and lifecycle state, AWS-maintained, updated 2026-08-24)
 *   [models.dev] anomalyco/models.dev providers/amazon-bedrock/models/openai.gpt-oss-*.toml
 *
 * Both are in-Region on demand by their base ids (no system-defined profiles). Max output: no AWS figure found;
 * models.dev revisions say 16K and 4,096, so the smaller is kept (UNCONFIRMED). Reasoning through
 * `reasoning_effort` low/medium/high (vercel/ai amazon-bedrock-chat-language-model.ts); structured output is in
 * AWS's supported list as copied into models.dev (PR #1326); Bedrock's pricing page lists Priority and Flex for
 * OpenAI. Forced tool choice is refused ("This model doesn't support the toolConfig.toolChoice.tool field").
 */

const GPT_OSS_CAPABILITIES: ModelCapabilities = defineCapabilities({
  tools: true,
  reasoning: { mode: 'effort', efforts: ['low', 'medium', 'high'] },
  structuredOutput: true,
  serviceTiers: ['priority', 'flex'],
  guardrails: true,
});

/** gpt-oss-120b: `openai.gpt-oss-120b-1:0` [params]; 0.15 / 0.60 [awslabs]. Active [awslabs]. */
const GPT_OSS_120B: CatalogueEntry = {
  id: 'openai.gpt-oss-120b-1:0',
  family: 'openai',
  api: 'converse',
  maxOutputTokens: 4096,
  contextWindow: 128_000,
  prices: { regional: { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
  fallbacks: ['gpt-oss-20b'],
  capabilities: GPT_OSS_CAPABILITIES,
  lifecycle: { state: 'active' },
};

/** gpt-oss-20b: `openai.gpt-oss-20b-1:0` [params]; 0.07 / 0.30 [awslabs]. Active [awslabs]. */
const GPT_OSS_20B: CatalogueEntry = {
  id: 'openai.gpt-oss-20b-1:0',
  family: 'openai',
  api: 'converse',
  maxOutputTokens: 4096,
  contextWindow: 128_000,
  prices: { regional: { inputPerMTok: 0.07, outputPerMTok: 0.3 } },
  fallbacks: [],
  capabilities: GPT_OSS_CAPABILITIES,
  lifecycle: { state: 'active' },
};

/** OpenAI's open-weight models, by alias. */
export const OPENAI_MODELS: Readonly<Record<string, CatalogueEntry>> = {
  'gpt-oss-120b': GPT_OSS_120B,
  'gpt-oss-20b': GPT_OSS_20B,
};
