import { defineCapabilities } from '../model-capabilities.js';
import type { CatalogueEntry } from '../model-registry.js';

/*
 * Mistral AI on Bedrock, as of 2026-12-01. Sources, by tag:
 *   [awslabs]  awslabs/startups migrate/plugins/migration-to-aws/skills/azure-to-aws/references/shared/pricing-cache.md
 *              (Bedrock US East prices and lifecycle state, AWS-maintained, updated 2026-08-24)
 *   [genai]    pydantic/genai-prices prices/providers/aws.yml (from the AWS Price List API, us-east-1)
 *   [models.dev] anomalyco/models.dev providers/amazon-bedrock/models/mistral.*.toml
 *   [so]       https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html, supported models as copied
 *              into models.dev (PR #1326): Mistral Large 3 yes
 *
 * Mistral 7B and Mixtral take the `<s>[INST]` prompt body (`mistral`); Mistral Large 3 and Pixtral take Mistral's
 * chat body, which the gateway reaches through Converse only (`mistral-chat`). Guardrails apply to both ("Most
 * models in the Amazon Bedrock catalog support guardrails", the exceptions being embedding, rerank and speech
 * models: https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-supported.html).
 */

/**
 * Mistral Large 3 (675B): `mistral.mistral-large-3-675b-instruct`, in-Region on demand [genai][awslabs].
 * 0.50 / 1.50 in N. Virginia, Ohio and Oregon [awslabs][genai] (one models.dev revision says 0.25 / 0.75; the
 * AWS-maintained figure is kept). 256K / 8,192 [models.dev] (UNCONFIRMED by an AWS page). Text and image in,
 * tools, structured output [so]; Priority and Flex tiers priced for Mistral [awslabs]. Forced tool choice is
 * documented only for Mistral Large 24.02: off. Tools are refused while streaming (strands-agents/harness-sdk#3882).
 * Active, launched 2025-12-02.
 */
const MISTRAL_LARGE_3: CatalogueEntry = {
  id: 'mistral.mistral-large-3-675b-instruct',
  family: 'mistral-chat',
  api: 'converse',
  maxOutputTokens: 8192,
  contextWindow: 256_000,
  prices: { regional: { inputPerMTok: 0.5, outputPerMTok: 1.5 } },
  fallbacks: [],
  capabilities: defineCapabilities({
    vision: true,
    tools: true,
    structuredOutput: true,
    serviceTiers: ['priority', 'flex'],
  }),
  lifecycle: { state: 'active' },
};

/**
 * Mistral 7B Instruct, kept from the gateway's first catalogue: `mistral.mistral-7b-instruct-v0:2`, in-Region.
 * 0.15 / 0.20 [genai]. Active on 2026-09-03 (BerriAI/litellm PR #39608 moved its tests onto it, "invoke route,
 * ACTIVE"). 32K context and 8,192 max output as the gateway's first catalogue had them (UNCONFIRMED: no AWS figure
 * found). No system role and no tool use on Converse; up to 10 stop sequences (native `stop`, as the codec allows).
 */
const MISTRAL_7B: CatalogueEntry = {
  id: 'mistral.mistral-7b-instruct-v0:2',
  family: 'mistral',
  api: 'converse',
  maxOutputTokens: 8192,
  contextWindow: 32_000,
  prices: { regional: { inputPerMTok: 0.15, outputPerMTok: 0.2 } },
  fallbacks: [],
  capabilities: defineCapabilities({ maxStopSequences: 10 }),
  lifecycle: { state: 'active' },
};

/** Mistral's models, by alias. */
export const MISTRAL_MODELS: Readonly<Record<string, CatalogueEntry>> = {
  'mistral-large': MISTRAL_LARGE_3,
  'mistral-large-3': MISTRAL_LARGE_3,
  'mistral-7b': MISTRAL_7B,
};
