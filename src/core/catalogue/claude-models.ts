import {
  type CachePointCapability,
  defineCapabilities,
  type ModelCapabilities,
  type ReasoningEffort,
} from '../model-capabilities.js';
import type { CatalogueEntry } from '../model-registry.js';

/*
 * Anthropic Claude on Amazon Bedrock, as of 2026-12-01. Sources, by tag in the entries below:
 *   [A-bedrock]  https://platform.claude.com/docs/en/build-with-claude/claude-on-amazon-bedrock-legacy
 *                (model ids, profile prefixes, "regional endpoints include a 10% pricing premium over global" from
 *                Sonnet 4.5 on, and the on-demand error that makes newer models answer through profiles only)
 *   [A-model]    https://platform.claude.com/docs/en/models/<model>/overview (context, max output, price, thinking)
 *   [A-pricing]  https://platform.claude.com/docs/en/about-claude/pricing (cache read and write prices)
 *   [AWS-lc]     https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html
 *                and awslabs/startups migrate/plugins/migration-to-aws/skills/azure-to-aws/references/vendored/ai/ai-model-lifecycle.md
 *   [AWS-card]   https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-<model>.html
 *   [AWS-offer]  AWS Price List offer AmazonBedrockFoundationModels/20260930001912/us-east-1 (Sonnet 5.5 SKUs)
 *   [AWS-cache]  https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html (minimum tokens per cache
 *                point; read as transcribed by a third party, the AWS table itself was not readable)
 *   [AWS-adapt]  https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-adaptive-thinking.html
 *   [AWS-ct]     https://docs.aws.amazon.com/bedrock/latest/userguide/count-tokens.html, with live probes in
 *                Boise-State-Development/agentcore-public-stack PR #430 (Haiku 4.5 and Sonnet 4.5 base ids count,
 *                profile ids do not) and xiehust/strands-darwin's development guide (us-east-1/us-west-2, Aug 2026:
 *                bare Sonnet 4.6 counts; Opus 4.7, Opus 4.8, Sonnet 5, Opus 5 and Fable 5 do not)
 *   [AWS-so]     https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html, supported models as
 *                quoted in langchain-ai/langchain-aws#883 (Haiku 4.5, Sonnet 4.5, Opus 4.5, Opus 4.6), and the
 *                `output_config.format: Extra inputs are not permitted` refusals of Opus 4.7+ and 5 (vercel/ai#17919)
 *   [awslabs]    awslabs/startups migrate/plugins/migration-to-aws/skills/azure-to-aws/references/shared/pricing-cache.md
 *                (Bedrock US East prices, AWS-maintained, updated 2026-08-24)
 *   [vercel]     vercel/ai @ai-sdk/amazon-bedrock release notes (5.0.99 Sonnet 5.5, 4.0.192 Haiku 5.5)
 *   [litellm]    BerriAI/litellm model_prices_and_context_window.json (Bedrock Claude rows, geo-profile prices)
 *   [models.dev] anomalyco/models.dev providers/amazon-bedrock/models/*.toml (which profiles exist)
 *
 * Every id is the one that answers on demand: from Claude 3.5 Sonnet v2 on, a base id fails with "Invocation of
 * model ID ... with on-demand throughput isn't supported" [A-bedrock], so current models are named by a `global.`
 * profile (list price) or, where no global one is confirmed, a geographic one (+10%). Prices are USD per 1M tokens:
 * input / output / cache read / 5-minute cache write / 1-hour cache write. Sampling: Opus 4.7 and later, Sonnet 5
 * and later and Haiku 5.5 refuse `temperature`, `top_p` and `top_k`; Claude 4.5 and 4.6 take `temperature` or
 * `top_p`, not both [A-model][BerriAI/litellm#15070]. Service tiers: none confirmed for Claude
 * (Priority and Flex were refused for Opus 4.x and Sonnet 5 in public reports), so none is declared. Stop
 * sequences: no Bedrock limit found; the conservative default of 4 stays.
 */

const CLAUDE_BASE = { vision: true, documents: true, tools: true, guardrails: true } as const;

/** Opus 4.7 and later, Sonnet 5 and later, Haiku 5.5: any `temperature`, `top_p` or `top_k` is a 400. */
const NO_SAMPLING = { temperature: false, topP: false, topK: false, temperatureOrTopP: false } as const;
/** Claude 4.5 and 4.6: `temperature` or `top_p`, not both; `top_k` through additional model request fields. */
const TEMPERATURE_OR_TOP_P = { temperature: true, topP: true, topK: true, temperatureOrTopP: true } as const;
/** Claude 3: each sampling parameter on its own or together. */
const CLAUDE_3_SAMPLING = { temperature: true, topP: true, topK: true, temperatureOrTopP: false } as const;

const ALL_EFFORTS: readonly ReasoningEffort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
/** Opus 4.6 and Sonnet 4.6 have no `xhigh` [A-model][models.dev]. */
const EFFORTS_WITHOUT_XHIGH: readonly ReasoningEffort[] = ['low', 'medium', 'high', 'max'];

/** `thinking: {type: "enabled", budget_tokens}` with a budget of at least 1024 (Claude 4.5 and earlier). */
const BUDGET_THINKING = { mode: 'budget', minBudgetTokens: 1024 } as const;

/** Claude 4.5 and later cache 5 minutes or 1 hour, in system, messages and tools, at most 4 points [AWS-cache]. */
function cacheFrom(minTokens: number): CachePointCapability {
  return { minTokens, ttls: ['5m', '1h'], tools: true, maxPoints: 4 };
}

function claude(overrides: Partial<ModelCapabilities>): ModelCapabilities {
  return defineCapabilities({ ...CLAUDE_BASE, ...overrides });
}

/**
 * Claude Sonnet 5.5: the default model. Profiles global and us on the AWS card; prices from the AWS Price List
 * offer (global 2.00 / 10.00, non-global 2.20 / 11.00 [AWS-offer]) and Anthropic's cache prices (read 0.10 since
 * 2026-10-07, 5m write 2.50, 1h write 4.00 [A-pricing]); regional cache prices are the documented +10%
 * [A-bedrock]. 1M context, 128K output [A-model sonnet-5-5, vercel.com/ai-gateway/models/claude-sonnet-5.5].
 * Adaptive thinking with efforts low..max [AWS-card via AWS-adapt]; `thinking: {type: "disabled"}` is refused
 * (the lowest setting is `between_tools`) and so is forced tool use [vercel 5.0.99][A-model]: declared always on,
 * no forced tool choice. Cache points from 512 tokens [AWS-cache]. Structured output: UNCONFIRMED for 5.5 (off).
 * CountTokens: UNCONFIRMED (off). Lifecycle: Active, launched 2026-09-28.
 */
const CLAUDE_SONNET_5_5: CatalogueEntry = {
  id: 'global.anthropic.claude-sonnet-5-5',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 128_000,
  contextWindow: 1_000_000,
  prices: {
    global: {
      inputPerMTok: 2,
      outputPerMTok: 10,
      cacheReadPerMTok: 0.1,
      cacheWritePerMTok: 2.5,
      cacheWrite1hPerMTok: 4,
    },
    regional: {
      inputPerMTok: 2.2,
      outputPerMTok: 11,
      cacheReadPerMTok: 0.11,
      cacheWritePerMTok: 2.75,
      cacheWrite1hPerMTok: 4.4,
    },
  },
  fallbacks: ['claude-sonnet-5', 'claude-haiku'],
  capabilities: claude({
    forcedToolChoice: false,
    reasoning: { mode: 'adaptive', efforts: ALL_EFFORTS, alwaysOn: true },
    cachePoints: cacheFrom(512),
    sampling: NO_SAMPLING,
  }),
  lifecycle: { state: 'active' },
};

/**
 * Claude Sonnet 5: profiles global, us, eu, jp, au [models.dev, litellm]. 1M / 128K, 2 / 10 [A-model sonnet-5];
 * cache read 0.20, 5m write 2.50, 1h write 4.00 [awslabs][A-pricing]; regional 2.20 / 11 / 0.22 / 2.75 / 4.40
 * (litellm `us.anthropic.claude-sonnet-5`). Adaptive thinking on by default; whether it can be disabled conflicts
 * between the AWS card ("always on") and Anthropic's SDKs, so declared always on. Structured output refused
 * [AWS-so]; CountTokens refused [AWS-ct]. Cache points from 1,024 tokens [AWS-cache]. Lifecycle on Bedrock:
 * Active (Anthropic calls it Legacy; Bedrock's dates rule [AWS-lc]).
 */
const CLAUDE_SONNET_5: CatalogueEntry = {
  id: 'global.anthropic.claude-sonnet-5',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 128_000,
  contextWindow: 1_000_000,
  prices: {
    global: {
      inputPerMTok: 2,
      outputPerMTok: 10,
      cacheReadPerMTok: 0.2,
      cacheWritePerMTok: 2.5,
      cacheWrite1hPerMTok: 4,
    },
    regional: {
      inputPerMTok: 2.2,
      outputPerMTok: 11,
      cacheReadPerMTok: 0.22,
      cacheWritePerMTok: 2.75,
      cacheWrite1hPerMTok: 4.4,
    },
  },
  fallbacks: ['claude-sonnet-4-6', 'claude-haiku'],
  capabilities: claude({
    forcedToolChoice: true,
    reasoning: { mode: 'adaptive', efforts: ALL_EFFORTS, alwaysOn: true },
    cachePoints: cacheFrom(1024),
    sampling: NO_SAMPLING,
  }),
  lifecycle: { state: 'active' },
};

/** Sonnet 4.6 and 4.5 cost the same: 3 / 15 / 0.30 / 3.75 / 6, regional 3.30 / 16.50 / 0.33 / 4.125 / 6.60. */
const SONNET_4_PRICES: CatalogueEntry['prices'] = {
  global: {
    inputPerMTok: 3,
    outputPerMTok: 15,
    cacheReadPerMTok: 0.3,
    cacheWritePerMTok: 3.75,
    cacheWrite1hPerMTok: 6,
  },
  regional: {
    inputPerMTok: 3.3,
    outputPerMTok: 16.5,
    cacheReadPerMTok: 0.33,
    cacheWritePerMTok: 4.125,
    cacheWrite1hPerMTok: 6.6,
  },
};

/**
 * Claude Sonnet 4.6: `anthropic.claude-sonnet-4-6`, profiles global, us, eu, jp [A-bedrock] (+ au). Prices
 * 3 / 15 / 0.30 / 3.75 / 6.00, regional 3.30 / 16.50 / 0.33 / 4.125 / 6.60 [awslabs][litellm]. Max output: 64K on
 * Bedrock per the AWS card as read by third parties (Anthropic now says 128K): the smaller is kept. Context: 1M per
 * Anthropic, but AWS's price table lists 200K and no long-context price was found, so the gateway serves 200K, where
 * one price holds. Adaptive thinking with low/medium/high/max (`enabled` deprecated but accepted [AWS-adapt]).
 * Structured output: on its card per a third party, not in AWS's list [AWS-so], and "can silently fail" (vercel
 * PR #20128): off. CountTokens answers for the base id [AWS-ct]. Cache from 1,024.
 */
const CLAUDE_SONNET_4_6: CatalogueEntry = {
  id: 'global.anthropic.claude-sonnet-4-6',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 64_000,
  contextWindow: 200_000,
  prices: SONNET_4_PRICES,
  fallbacks: ['claude-haiku'],
  capabilities: claude({
    forcedToolChoice: true,
    reasoning: { mode: 'adaptive', efforts: EFFORTS_WITHOUT_XHIGH, alwaysOn: false },
    cachePoints: cacheFrom(1024),
    sampling: TEMPERATURE_OR_TOP_P,
    countTokens: true,
  }),
  lifecycle: { state: 'active' },
};

/**
 * Claude Sonnet 4.5: `anthropic.claude-sonnet-4-5-20250929-v1:0`, profiles global, us, eu, jp [A-bedrock].
 * 200K / 64K; 3 / 15 / 0.30 / 3.75 / 6.00, regional +10% [A-bedrock][litellm]. Extended thinking with a budget
 * only; structured output supported [AWS-so]; CountTokens answers for the base id [AWS-ct]. Cache from 1,024.
 * Bedrock lifecycle: Legacy since 2026-10-08, public extended access from 2027-01-08, end of life 2027-04-08
 * [AWS-lc]; the replacement is Sonnet 5.5 [A-model].
 */
const CLAUDE_SONNET_4_5: CatalogueEntry = {
  id: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 64_000,
  contextWindow: 200_000,
  prices: SONNET_4_PRICES,
  fallbacks: ['claude-haiku'],
  capabilities: claude({
    forcedToolChoice: true,
    reasoning: BUDGET_THINKING,
    structuredOutput: true,
    cachePoints: cacheFrom(1024),
    sampling: TEMPERATURE_OR_TOP_P,
    countTokens: true,
  }),
  lifecycle: {
    state: 'legacy',
    legacySince: '2026-10-08',
    endOfLife: '2027-04-08',
    replacement: 'claude-sonnet',
  },
};

/**
 * Claude Haiku 4.5: `anthropic.claude-haiku-4-5-20251001-v1:0`, profiles global, us, eu [A-bedrock] (+ au).
 * 200K / 64K; 1 / 5 / 0.10 / 1.25 / 2.00, regional 1.10 / 5.50 / 0.11 / 1.375 / 2.20 [awslabs][A-bedrock].
 * Extended thinking with a budget, no effort; structured output "varies between Bedrock accounts" (vercel): off.
 * CountTokens answers for the base id [AWS-ct]. Cache points from 4,096 tokens [AWS-cache]. Active [AWS-lc].
 * The stable `claude-haiku`: Haiku 5.5 is newer, but its prompt-length price tier is not one price (see below).
 */
const CLAUDE_HAIKU_4_5: CatalogueEntry = {
  id: 'global.anthropic.claude-haiku-4-5-20251001-v1:0',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 64_000,
  contextWindow: 200_000,
  prices: {
    global: {
      inputPerMTok: 1,
      outputPerMTok: 5,
      cacheReadPerMTok: 0.1,
      cacheWritePerMTok: 1.25,
      cacheWrite1hPerMTok: 2,
    },
    regional: {
      inputPerMTok: 1.1,
      outputPerMTok: 5.5,
      cacheReadPerMTok: 0.11,
      cacheWritePerMTok: 1.375,
      cacheWrite1hPerMTok: 2.2,
    },
  },
  fallbacks: [],
  capabilities: claude({
    forcedToolChoice: true,
    reasoning: BUDGET_THINKING,
    cachePoints: cacheFrom(4096),
    sampling: TEMPERATURE_OR_TOP_P,
    countTokens: true,
  }),
  lifecycle: { state: 'active' },
};

/**
 * Claude Haiku 5.5: `anthropic.claude-haiku-5-5`; `us.` profile in vercel 4.0.192, `global.` in public
 * list-inference-profiles output (second hand). 1M / 128K; 0.10 / 0.50 / 0.01 / 0.125 / 0.20 for prompts up to
 * 100,000 tokens, 5x above [A-model haiku-5-5]; regional +10% [A-bedrock]. The gateway has one price per model,
 * so it serves Haiku 5.5 up to 100,000 prompt tokens, where that price is exact; an operator who needs the whole
 * 1M window overrides `contextWindow` and `prices` with the long-prompt rates. Adaptive thinking that can be
 * disabled, efforts low..max; forced tool use allowed; structured output uses a JSON-tool fallback on Bedrock
 * (vercel): off. Cache from 512 [AWS-cache]. CountTokens: UNCONFIRMED (off). Active, launched 2026-10-07, EOL no
 * sooner than 2027-10-07 [AWS-card haiku-5-5].
 */
const CLAUDE_HAIKU_5_5: CatalogueEntry = {
  id: 'global.anthropic.claude-haiku-5-5',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 128_000,
  contextWindow: 100_000,
  prices: {
    global: {
      inputPerMTok: 0.1,
      outputPerMTok: 0.5,
      cacheReadPerMTok: 0.01,
      cacheWritePerMTok: 0.125,
      cacheWrite1hPerMTok: 0.2,
    },
    regional: {
      inputPerMTok: 0.11,
      outputPerMTok: 0.55,
      cacheReadPerMTok: 0.011,
      cacheWritePerMTok: 0.1375,
      cacheWrite1hPerMTok: 0.22,
    },
  },
  fallbacks: ['claude-haiku-4-5'],
  capabilities: claude({
    forcedToolChoice: true,
    reasoning: { mode: 'adaptive', efforts: ALL_EFFORTS, alwaysOn: false },
    cachePoints: cacheFrom(512),
    sampling: NO_SAMPLING,
  }),
  lifecycle: { state: 'active' },
};

/**
 * Claude Opus 5.5: `anthropic.claude-opus-5-5`; `us.` profile in vercel, `global.` in public
 * list-inference-profiles output and an AWS agreement offer (offer-7sp77cpl4rveu: global 4 / 20, us 4.40 / 22),
 * both second hand. 1M / 128K, 4 / 20, cache read 0.20, 5m write 5, 1h write 8 [A-model opus-5-5][A-pricing];
 * regional +10%. Adaptive thinking always on, efforts low..max [AWS-card opus-5-5]; forced tool use refused; no
 * sampling. Cache from 512. Structured output and CountTokens: UNCONFIRMED (off). Active, launched 2026-09-22,
 * EOL no sooner than 2027-09-22 [AWS-card].
 */
const CLAUDE_OPUS_5_5: CatalogueEntry = {
  id: 'global.anthropic.claude-opus-5-5',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 128_000,
  contextWindow: 1_000_000,
  prices: {
    global: {
      inputPerMTok: 4,
      outputPerMTok: 20,
      cacheReadPerMTok: 0.2,
      cacheWritePerMTok: 5,
      cacheWrite1hPerMTok: 8,
    },
    regional: {
      inputPerMTok: 4.4,
      outputPerMTok: 22,
      cacheReadPerMTok: 0.22,
      cacheWritePerMTok: 5.5,
      cacheWrite1hPerMTok: 8.8,
    },
  },
  fallbacks: ['claude-opus-5', 'claude-sonnet'],
  capabilities: claude({
    forcedToolChoice: false,
    reasoning: { mode: 'adaptive', efforts: ALL_EFFORTS, alwaysOn: true },
    cachePoints: cacheFrom(512),
    sampling: NO_SAMPLING,
  }),
  lifecycle: { state: 'active' },
};

/** Opus 5, 4.8 and 4.6 share Opus's price: 5 / 25 / 0.50 / 6.25 / 10, regional 5.50 / 27.50 / 0.55 / 6.875 / 11. */
const OPUS_PRICES: CatalogueEntry['prices'] = {
  global: {
    inputPerMTok: 5,
    outputPerMTok: 25,
    cacheReadPerMTok: 0.5,
    cacheWritePerMTok: 6.25,
    cacheWrite1hPerMTok: 10,
  },
  regional: {
    inputPerMTok: 5.5,
    outputPerMTok: 27.5,
    cacheReadPerMTok: 0.55,
    cacheWritePerMTok: 6.875,
    cacheWrite1hPerMTok: 11,
  },
};

/**
 * Claude Opus 5: `anthropic.claude-opus-5`, profiles global, us, eu, jp, au (models.dev PR #3706). 1M / 128K;
 * Opus prices [A-model opus-5][litellm]. Adaptive thinking on by default, can be disabled at effort high or below
 * [A-model]; forced tool use allowed; no sampling; structured output [AWS-so] and CountTokens [AWS-ct] refused.
 * Cache from 512. Active on Bedrock (dates UNCONFIRMED).
 */
const CLAUDE_OPUS_5: CatalogueEntry = {
  id: 'global.anthropic.claude-opus-5',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 128_000,
  contextWindow: 1_000_000,
  prices: OPUS_PRICES,
  fallbacks: ['claude-opus-4-8', 'claude-sonnet'],
  capabilities: claude({
    forcedToolChoice: true,
    reasoning: { mode: 'adaptive', efforts: ALL_EFFORTS, alwaysOn: false },
    cachePoints: cacheFrom(512),
    sampling: NO_SAMPLING,
  }),
  lifecycle: { state: 'active' },
};

/**
 * Claude Opus 4.8: `anthropic.claude-opus-4-8`, profiles global, us, eu, jp, au [litellm][models.dev]. Max output
 * 128K [A-model opus-4-8]; context: 1M per Anthropic, 200K in AWS's price table with no long-context price found,
 * so 200K. Opus prices [awslabs][litellm]. Adaptive thinking only; efforts: LiteLLM records `xhigh` as its Bedrock
 * ceiling, so `max` is left out (UNCONFIRMED). No sampling; structured output [AWS-so] and CountTokens [AWS-ct]
 * refused. Cache from 1,024 [AWS-cache]. Active (Bedrock dates UNCONFIRMED).
 */
const CLAUDE_OPUS_4_8: CatalogueEntry = {
  id: 'global.anthropic.claude-opus-4-8',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 128_000,
  contextWindow: 200_000,
  prices: OPUS_PRICES,
  fallbacks: ['claude-opus-4-6', 'claude-sonnet'],
  capabilities: claude({
    forcedToolChoice: true,
    reasoning: { mode: 'adaptive', efforts: ['low', 'medium', 'high', 'xhigh'], alwaysOn: false },
    cachePoints: cacheFrom(1024),
    sampling: NO_SAMPLING,
  }),
  lifecycle: { state: 'active' },
};

/**
 * Claude Opus 4.6: `anthropic.claude-opus-4-6-v1` (the last `-v1` id), profiles global, us, eu, jp, apac
 * [A-bedrock]. Max output 128K [AWS-card opus-4-6]; context 200K as for Opus 4.8. Opus prices [awslabs][litellm].
 * Adaptive thinking with low/medium/high/max (`enabled` deprecated but accepted [AWS-adapt]); `temperature` or
 * `top_p`; structured output supported [AWS-so]; CountTokens UNCONFIRMED (off). Cache from 4,096 [AWS-cache].
 * Active, launched 2026-02-05, EOL no sooner than 2027-02-05 [AWS-card].
 */
const CLAUDE_OPUS_4_6: CatalogueEntry = {
  id: 'global.anthropic.claude-opus-4-6-v1',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 128_000,
  contextWindow: 200_000,
  prices: OPUS_PRICES,
  fallbacks: ['claude-sonnet'],
  capabilities: claude({
    forcedToolChoice: true,
    reasoning: { mode: 'adaptive', efforts: EFFORTS_WITHOUT_XHIGH, alwaysOn: false },
    structuredOutput: true,
    cachePoints: cacheFrom(4096),
    sampling: TEMPERATURE_OR_TOP_P,
  }),
  lifecycle: { state: 'active' },
};

/**
 * Claude Opus 4.1: `anthropic.claude-opus-4-1-20250805-v1:0`, `us.` profile only [A-bedrock]. 200K / 32K;
 * 15 / 75 / 1.50 / 18.75 / 30, no global price [litellm][awslabs]. Extended thinking with a budget. Cache from
 * 1,024, 5-minute and 1-hour TTLs. Bedrock lifecycle: Legacy since 2026-07-08, extended access from 2026-10-08,
 * end of life 2027-01-08 in us-east-1/2 and us-west-2 [AWS-lc].
 */
const CLAUDE_OPUS_4_1: CatalogueEntry = {
  id: 'us.anthropic.claude-opus-4-1-20250805-v1:0',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 32_000,
  contextWindow: 200_000,
  prices: {
    regional: {
      inputPerMTok: 15,
      outputPerMTok: 75,
      cacheReadPerMTok: 1.5,
      cacheWritePerMTok: 18.75,
      cacheWrite1hPerMTok: 30,
    },
  },
  fallbacks: ['claude-sonnet'],
  capabilities: claude({
    forcedToolChoice: true,
    reasoning: BUDGET_THINKING,
    cachePoints: cacheFrom(1024),
    sampling: TEMPERATURE_OR_TOP_P,
  }),
  lifecycle: {
    state: 'legacy',
    legacySince: '2026-07-08',
    endOfLife: '2027-01-08',
    replacement: 'claude-opus',
  },
};

/**
 * Claude 3.5 Sonnet (June 2024), the seeds' model: `anthropic.claude-3-5-sonnet-20240620-v1:0`, callable by its
 * base id. 200K / 4K, 3 / 15. Requests fail after 2026-03-01 in us-east-1/2, us-west-2, eu-central-1/2 and
 * eu-west-1/3 (AWS notice quoted in posit-dev/positron#9339); its Bedrock-wide end of life was 2026-07-30 [AWS-lc].
 * Kept so its alias answers with 410 and the replacement instead of a 404.
 */
const CLAUDE_3_5_SONNET: CatalogueEntry = {
  id: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 4096,
  contextWindow: 200_000,
  prices: { regional: { inputPerMTok: 3, outputPerMTok: 15 } },
  fallbacks: [],
  capabilities: claude({ forcedToolChoice: true, sampling: CLAUDE_3_SAMPLING }),
  lifecycle: { state: 'eol', endOfLife: '2026-03-01', replacement: 'claude-sonnet' },
};

/**
 * Claude 3 Haiku: `anthropic.claude-3-haiku-20240307-v1:0`, base id. 200K / 4K, 0.25 / 1.25. Legacy from
 * 2026-03-10, end of life 2026-09-10 in the US, EU, Tokyo and Sydney regions and GovCloud (still answering in
 * ca-central-1, eu-central-2 and sa-east-1) [AWS-lc][AWS-card 3-haiku]. Marked end of life outright, so that
 * what is derived from the catalogue without a clock (Terraform's IAM) leaves it out too.
 */
const CLAUDE_3_HAIKU: CatalogueEntry = {
  id: 'anthropic.claude-3-haiku-20240307-v1:0',
  family: 'anthropic',
  api: 'converse',
  maxOutputTokens: 4096,
  contextWindow: 200_000,
  prices: { regional: { inputPerMTok: 0.25, outputPerMTok: 1.25 } },
  fallbacks: [],
  capabilities: claude({ forcedToolChoice: true, sampling: CLAUDE_3_SAMPLING }),
  lifecycle: { state: 'eol', endOfLife: '2026-09-10', replacement: 'claude-haiku' },
};

/**
 * The Claude models, by alias: the stable names (`claude-sonnet`, `claude-haiku`, `claude-opus`) follow the
 * current model of each tier; the pinned names stay on one version.
 */
export const CLAUDE_MODELS: Readonly<Record<string, CatalogueEntry>> = {
  'claude-sonnet': CLAUDE_SONNET_5_5,
  'claude-haiku': CLAUDE_HAIKU_4_5,
  'claude-opus': CLAUDE_OPUS_5_5,
  'claude-sonnet-5-5': CLAUDE_SONNET_5_5,
  'claude-sonnet-5': CLAUDE_SONNET_5,
  'claude-sonnet-4-6': CLAUDE_SONNET_4_6,
  'claude-sonnet-4-5': CLAUDE_SONNET_4_5,
  'claude-haiku-5-5': CLAUDE_HAIKU_5_5,
  'claude-haiku-4-5': CLAUDE_HAIKU_4_5,
  'claude-opus-5-5': CLAUDE_OPUS_5_5,
  'claude-opus-5': CLAUDE_OPUS_5,
  'claude-opus-4-8': CLAUDE_OPUS_4_8,
  'claude-opus-4-6': CLAUDE_OPUS_4_6,
  'claude-opus-4-1': CLAUDE_OPUS_4_1,
  'claude-3-5-sonnet': CLAUDE_3_5_SONNET,
  'claude-3-haiku': CLAUDE_3_HAIKU,
};
