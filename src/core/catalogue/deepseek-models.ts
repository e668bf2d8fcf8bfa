import { defineCapabilities } from '../model-capabilities.js';
import type { CatalogueEntry } from '../model-registry.js';

/*
 * DeepSeek on Bedrock, as of 2026-12-01. Sources, by tag:
 *   [params]   https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-deepseek.html (R1 "is invoked
 *              through cross-Region inference ... use us.deepseek.r1-v1:0"; native `stop` takes at most 10 strings)
 *   [card]     https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-deepseek-r1.html and
 *              .../model-card-deepseek-v3-2.html (context, max output, lifecycle)
 *   [awslabs]  awslabs/startups migrate/plugins/migration-to-aws/skills/azure-to-aws/references/shared/pricing-cache.md
 *              (Bedrock US East prices, AWS-maintained)
 *   [models.dev] anomalyco/models.dev providers/amazon-bedrock/models/deepseek.*.toml
 *
 * Prompt caching is not declared: it is refused for DeepSeek R1 (AccessDeniedException "You invoked an unsupported
 * model or your request did not allow prompt caching."). Guardrails apply (DeepSeek-R1 is on AWS's list, and "Most
 * models in the Amazon Bedrock catalog support guardrails": https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-supported.html).
 */

/**
 * DeepSeek-R1: `us.deepseek.r1-v1:0` [params]. 128K / 8K [card] (the native `max_tokens` allows 32,768; the card's
 * figure is kept). 1.35 / 5.40 [awslabs]. Always reasons; no tool use ("This model doesn't support tool use").
 * Active: its card's "EOL no sooner than 2026-03-10" has passed with no Legacy notice found.
 */
const DEEPSEEK_R1: CatalogueEntry = {
  id: 'us.deepseek.r1-v1:0',
  family: 'deepseek',
  api: 'converse',
  maxOutputTokens: 8192,
  contextWindow: 128_000,
  prices: { regional: { inputPerMTok: 1.35, outputPerMTok: 5.4 } },
  fallbacks: [],
  capabilities: defineCapabilities({ reasoning: { mode: 'always' }, maxStopSequences: 10 }),
  lifecycle: { state: 'active' },
};

/**
 * DeepSeek-V3.2: `deepseek.v3.2`, in-Region (the id in working Converse samples and [models.dev]; some lists say
 * `deepseek.v3.2-v1:0`, and the card's id column was not readable: UNCONFIRMED). 164K (163,840) / 8K [card].
 * 0.62 / 1.85 in us-east-1/2 and us-west-2 [awslabs] (a models.dev revision says half that; the AWS-maintained
 * figure is kept). Tools and structured output (AWS's list as copied into models.dev PR #1326); no reasoning knob
 * confirmed. Active; its card says EOL no sooner than 2026-12-01 with a Legacy period of at least 6 months.
 */
const DEEPSEEK_V3_2: CatalogueEntry = {
  id: 'deepseek.v3.2',
  family: 'deepseek',
  api: 'converse',
  maxOutputTokens: 8192,
  contextWindow: 163_840,
  prices: { regional: { inputPerMTok: 0.62, outputPerMTok: 1.85 } },
  fallbacks: [],
  capabilities: defineCapabilities({ tools: true, structuredOutput: true }),
  lifecycle: { state: 'active' },
};

/** DeepSeek's models, by alias. */
export const DEEPSEEK_MODELS: Readonly<Record<string, CatalogueEntry>> = {
  'deepseek-r1': DEEPSEEK_R1,
  'deepseek-v3-2': DEEPSEEK_V3_2,
};
