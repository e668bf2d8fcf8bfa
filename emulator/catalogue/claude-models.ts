import { defineRetiredModel } from './define-retired-model.js';
import type {
  AnthropicRules,
  FoundationModel,
  ProfilePrefix,
  RetiredModel,
  TextCapabilities,
  TextModel,
} from './foundation-model.js';

/*
 * Anthropic Claude on Amazon Bedrock, as of 2026-12-01. Sources (tags as in /work/notes/claude-models.md §0):
 * [A-legacy] https://platform.claude.com/docs/en/build-with-claude/claude-on-amazon-bedrock-legacy
 * [A-in] https://platform.claude.com/docs/en/build-with-claude/claude-in-amazon-bedrock
 * [A-ver] https://platform.claude.com/docs/en/api/versioning
 * [A-models] https://platform.claude.com/docs/en/models/{model}/overview
 * [AWS-lc] https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html
 * [AWS-card-X] https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-X.html
 * [AWS-adaptive] https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-adaptive-thinking.html
 * [AWS-pc] the prompt-caching minimums table (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html)
 * [AWS-ct] https://docs.aws.amazon.com/bedrock/latest/userguide/count-tokens.html
 * [vercel] @ai-sdk/amazon-bedrock's model catalogue; [litellm] BerriAI/litellm model_prices_and_context_window.json
 * Values marked UNCONFIRMED are the most likely value where no primary source was found; correct them here.
 */

/** The documented Bedrock API version, accepted by every Claude model [A-legacy]. */
export const BEDROCK_API_VERSION = 'bedrock-2023-05-31';

/**
 * The API version the current Anthropic SDKs send (`@anthropic-ai/sdk` >= 1.0 sets the `anthropic-version` header
 * to it and `@anthropic-ai/bedrock-sdk` >= 1.0 copies it into the body). "On Amazon Bedrock, it's available for
 * Claude 4.7 and later models" [A-ver]; "The ARN-versioned models ... do not support 2026-10-21 on Bedrock, and
 * requests to them that send it may return a 400 error" [A-legacy].
 */
export const ANTHROPIC_API_VERSION_2026 = '2026-10-21';

/** Claude 4.6 and earlier: the Bedrock version only. */
const DATED_VERSIONS = [BEDROCK_API_VERSION] as const;
/** Claude 4.7 and later [A-ver]. */
const CURRENT_VERSIONS = [BEDROCK_API_VERSION, ANTHROPIC_API_VERSION_2026] as const;

/** `output_config.effort` levels: `xhigh` from Opus 4.7 on; Opus/Sonnet 4.6 stop at `max`; Opus 4.5 at `high`. */
const EFFORT_UP_TO_XHIGH = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
const EFFORT_UP_TO_MAX = ['low', 'medium', 'high', 'max'] as const;

/**
 * The 5.5 models bind thinking blocks to the conversation [A-models], which is what this beta controls; that
 * they accept it on Bedrock is UNCONFIRMED (Sonnet 4.5 refuses it, litellm PR #41203).
 */
const THINKING_BINDING_BETAS = ['thinking-binding-controls-2026-08-01'] as const;

/** What every current Claude model shares: images, PDFs, tools, a system prompt [A-models]. */
const CLAUDE_CAPABILITIES = {
  vision: true,
  documents: true,
  tools: true,
  toolsInStreaming: true,
  forcedToolChoice: ['any', 'tool'],
  systemPrompt: true,
  // Which Claude models serve priority or flex is UNCONFIRMED; reports show Sonnet 5 refusing flex and Opus 4.x
  // refusing priority (notes bedrock-validation.md §9), so only the default tier is served.
  serviceTiers: ['default'],
  latencyOptimized: false,
} satisfies Partial<TextCapabilities>;

type ClaudeDefinition = Omit<
  TextModel,
  'kind' | 'family' | 'providerName' | 'inputModalities' | 'onDemand'
> & {
  capabilities: TextCapabilities;
  anthropic: AnthropicRules;
};

/** A current Claude model: every one of them is served through inference profiles only [A-legacy]. */
function defineClaude(definition: ClaudeDefinition): TextModel {
  return {
    kind: 'text',
    family: 'anthropic',
    providerName: 'Anthropic',
    inputModalities: ['TEXT', 'IMAGE'],
    onDemand: false,
    ...definition,
  };
}

function defineRetiredClaude(
  modelId: string,
  modelName: string,
  profiles: readonly ProfilePrefix[],
  endOfLifeTime: string,
): RetiredModel {
  return defineRetiredModel(modelId, modelName, 'Anthropic', profiles, endOfLifeTime);
}

/** The Claude models of the catalogue, newest first. */
export const CLAUDE_MODELS: readonly FoundationModel[] = [
  defineClaude({
    // Launch 2026-09-22, EOL no sooner than 2027-09-22 [AWS-card-opus-5-5]; adaptive thinking always on; forced
    // tool use refused; no sampling parameters [vercel][A-models]. Profiles: `us.` [vercel], `global.` likely
    // (UNCONFIRMED). Native structured output: UNCONFIRMED (vercel re-enabled it "for supported Claude 5 models").
    modelId: 'anthropic.claude-opus-5-5',
    modelName: 'Claude Opus 5.5',
    profiles: ['global', 'us'],
    maxOutputTokens: 128_000,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2026-09-22' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      forcedToolChoice: [],
      reasoning: 'claude-adaptive-always',
      structuredOutput: true,
      promptCaching: { minimumTokens: 512, extendedTtl: true, inTools: true },
      sampling: 'none',
      countTokens: false,
    },
    anthropic: {
      apiVersions: CURRENT_VERSIONS,
      effortLevels: EFFORT_UP_TO_XHIGH,
      extraBetas: THINKING_BINDING_BETAS,
    },
  }),
  defineClaude({
    // ~2026-09-28 (SDK support date; UNCONFIRMED on Bedrock); adaptive, lowest setting `between_tools`; forced tool
    // use refused; no sampling [vercel 5.0.99][A-models]. Profiles global, us, eu [price-list][vercel].
    modelId: 'anthropic.claude-sonnet-5-5',
    modelName: 'Claude Sonnet 5.5',
    profiles: ['global', 'us', 'eu'],
    maxOutputTokens: 128_000,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2026-09-28' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      forcedToolChoice: [],
      reasoning: 'claude-adaptive-always',
      structuredOutput: true,
      promptCaching: { minimumTokens: 512, extendedTtl: true, inTools: true },
      sampling: 'none',
      countTokens: false,
    },
    anthropic: {
      apiVersions: CURRENT_VERSIONS,
      effortLevels: EFFORT_UP_TO_XHIGH,
      extraBetas: THINKING_BINDING_BETAS,
    },
  }),
  defineClaude({
    // Launch 2026-10-07, EOL no sooner than 2027-10-07; adaptive thinking that can be turned off
    // [AWS-card-haiku-5-5]; forced tool use allowed (notes §7 table); no sampling. Profiles: `us.` [vercel-rel];
    // `global.` UNCONFIRMED. Native structured output UNCONFIRMED (vercel uses its JSON-tool fallback): off.
    modelId: 'anthropic.claude-haiku-5-5',
    modelName: 'Claude Haiku 5.5',
    profiles: ['global', 'us'],
    maxOutputTokens: 128_000,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2026-10-07' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-adaptive',
      structuredOutput: false,
      promptCaching: { minimumTokens: 512, extendedTtl: true, inTools: true },
      sampling: 'none',
      countTokens: false,
    },
    anthropic: {
      apiVersions: CURRENT_VERSIONS,
      effortLevels: EFFORT_UP_TO_XHIGH,
      extraBetas: THINKING_BINDING_BETAS,
    },
  }),
  defineClaude({
    // Released 2026-07-24 [A-models]; profiles global, us, eu, jp, au [models.dev PR #3706]; adaptive; no
    // sampling; `output_config.format` refused (vercel/ai#17919); CountTokens refused (notes §16).
    modelId: 'anthropic.claude-opus-5',
    modelName: 'Claude Opus 5',
    profiles: ['global', 'us', 'eu', 'jp', 'au'],
    maxOutputTokens: 128_000,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2026-07-24' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-adaptive',
      structuredOutput: false,
      promptCaching: { minimumTokens: 512, extendedTtl: true, inTools: true },
      sampling: 'none',
      countTokens: false,
    },
    anthropic: { apiVersions: CURRENT_VERSIONS, effortLevels: EFFORT_UP_TO_XHIGH, extraBetas: [] },
  }),
  defineClaude({
    // Launched 2026-06-30 [A-models]; profiles global, us, eu, jp, au [litellm][models.dev]; adaptive; no sampling;
    // structured output refused (vercel/ai#17919); cache minimum 1,024 [AWS-pc].
    modelId: 'anthropic.claude-sonnet-5',
    modelName: 'Claude Sonnet 5',
    profiles: ['global', 'us', 'eu', 'jp', 'au'],
    maxOutputTokens: 128_000,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2026-06-30' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-adaptive',
      structuredOutput: false,
      promptCaching: { minimumTokens: 1024, extendedTtl: true, inTools: true },
      sampling: 'none',
      countTokens: false,
    },
    anthropic: { apiVersions: CURRENT_VERSIONS, effortLevels: EFFORT_UP_TO_XHIGH, extraBetas: [] },
  }),
  defineClaude({
    // Released 2026-05-28 [A-models]; profiles global, us, eu, jp, au [litellm]; adaptive only; no sampling.
    modelId: 'anthropic.claude-opus-4-8',
    modelName: 'Claude Opus 4.8',
    profiles: ['global', 'us', 'eu', 'jp', 'au'],
    maxOutputTokens: 128_000,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2026-05-28' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-adaptive',
      structuredOutput: false,
      promptCaching: { minimumTokens: 1024, extendedTtl: true, inTools: true },
      sampling: 'none',
      countTokens: false,
    },
    anthropic: { apiVersions: CURRENT_VERSIONS, effortLevels: EFFORT_UP_TO_XHIGH, extraBetas: [] },
  }),
  defineClaude({
    // Launch 2026-04-16, EOL no sooner than 2027-04-16; `thinking.type: "adaptive"` only [AWS-card-opus-4-7];
    // temperature/top_p/top_k refused; no ARN-versioned id [A-legacy]. Cache minimum 4,096 per [AWS-pc]
    // (LiteLLM says 2,048).
    modelId: 'anthropic.claude-opus-4-7',
    modelName: 'Claude Opus 4.7',
    profiles: ['global', 'us', 'eu', 'jp', 'au'],
    maxOutputTokens: 128_000,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2026-04-16' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-adaptive',
      structuredOutput: false,
      promptCaching: { minimumTokens: 4096, extendedTtl: true, inTools: true },
      sampling: 'none',
      countTokens: false,
    },
    anthropic: { apiVersions: CURRENT_VERSIONS, effortLevels: EFFORT_UP_TO_XHIGH, extraBetas: [] },
  }),
  defineClaude({
    // Launch 2026-02-05, EOL no sooner than 2027-02-05 [AWS-card-opus-4-6]; the last `-v1` id; profiles global, us,
    // eu, jp, apac [A-legacy] and au [litellm]; adaptive, `enabled` deprecated but accepted [AWS-adaptive];
    // temperature xor top_p; structured output supported (langchain-aws#883 quoting AWS).
    modelId: 'anthropic.claude-opus-4-6-v1',
    modelName: 'Claude Opus 4.6',
    profiles: ['global', 'us', 'eu', 'jp', 'apac', 'au'],
    maxOutputTokens: 128_000,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2026-02-05' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-adaptive-or-budget',
      structuredOutput: true,
      promptCaching: { minimumTokens: 4096, extendedTtl: true, inTools: true },
      sampling: 'temperature-or-top-p',
      // CountTokens on Claude 4.6 and earlier base ids answers (agentcore-public-stack PR #430); region-limited.
      countTokens: true,
    },
    anthropic: { apiVersions: DATED_VERSIONS, effortLevels: EFFORT_UP_TO_MAX, extraBetas: [] },
  }),
  defineClaude({
    // Released 2026-02-17; profiles global, us, eu, jp [A-legacy] and au [litellm]; 1M context [A-legacy]; max
    // output 64K on Bedrock (the AWS card as read by a third party, litellm, models.dev; Anthropic says 128K:
    // disputed). "`temperature` and `top_p` cannot both be specified" (bedrock-access-gateway PR #238). It is in
    // the legacy page's ARN-versioned table, so it takes only the Bedrock API version [A-legacy].
    modelId: 'anthropic.claude-sonnet-4-6',
    modelName: 'Claude Sonnet 4.6',
    profiles: ['global', 'us', 'eu', 'jp', 'au'],
    maxOutputTokens: 64_000,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2026-02-17' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-adaptive-or-budget',
      structuredOutput: true,
      promptCaching: { minimumTokens: 1024, extendedTtl: true, inTools: true },
      sampling: 'temperature-or-top-p',
      // The bare id counts, its profiles do not (code id 60321644579, Aug 2026).
      countTokens: true,
    },
    anthropic: { apiVersions: DATED_VERSIONS, effortLevels: EFFORT_UP_TO_MAX, extraBetas: [] },
  }),
  defineClaude({
    // Profiles global, us, eu [A-legacy]; 200K / 64K; extended thinking with a budget, no adaptive
    // [AWS-adaptive]; effort up to `high` (litellm's Bedrock effort ceiling). Active on Bedrock (no Legacy row
    // [AWS-lc]). Bedrock launch date UNCONFIRMED: Anthropic's release, 2025-11-24.
    modelId: 'anthropic.claude-opus-4-5-20251101-v1:0',
    modelName: 'Claude Opus 4.5',
    profiles: ['global', 'us', 'eu'],
    maxOutputTokens: 64_000,
    contextWindow: 200_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-11-24' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-budget',
      structuredOutput: true,
      promptCaching: { minimumTokens: 4096, extendedTtl: true, inTools: true },
      sampling: 'temperature-or-top-p',
      countTokens: true,
    },
    anthropic: { apiVersions: DATED_VERSIONS, effortLevels: ['low', 'medium', 'high'], extraBetas: [] },
  }),
  defineClaude({
    // Profiles global, us, eu, jp [A-legacy] and au [models.dev]; 200K (1M with `context-1m-2025-08-07`) / 64K;
    // extended thinking only; temperature xor top_p (litellm#15070). Bedrock Legacy since 2026-10-08, public
    // extended access from 2027-01-08, EOL 2027-04-08 [AWS-lc]. Launch date UNCONFIRMED: its id's 2025-09-29.
    // Sonnet 4.5 refused the `thinking-binding-controls-2026-08-01` beta in Nov 2026 (litellm PR #41203).
    modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    modelName: 'Claude Sonnet 4.5',
    profiles: ['global', 'us', 'eu', 'jp', 'au'],
    maxOutputTokens: 64_000,
    contextWindow: 200_000,
    lifecycle: {
      status: 'LEGACY',
      startOfLifeTime: '2025-09-29',
      legacyTime: '2026-10-08',
      publicExtendedAccessTime: '2027-01-08',
      endOfLifeTime: '2027-04-08',
    },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-budget',
      structuredOutput: true,
      promptCaching: { minimumTokens: 1024, extendedTtl: true, inTools: true },
      sampling: 'temperature-or-top-p',
      countTokens: true,
    },
    anthropic: { apiVersions: DATED_VERSIONS, effortLevels: [], extraBetas: [] },
  }),
  defineClaude({
    // Profiles global, us, eu [A-legacy] and au (models.dev; `au.anthropic.claude-haiku-4-5-20251001-v1:0` seen in
    // the wild); 200K / 64K; extended thinking with a budget, no effort (vercel `effort: false`); temperature xor
    // top_p; cache minimum 4,096 [AWS-pc]. Active [AWS-lc]. Launch date UNCONFIRMED: Anthropic's, 2025-10-15.
    modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    modelName: 'Claude Haiku 4.5',
    profiles: ['global', 'us', 'eu', 'au'],
    maxOutputTokens: 64_000,
    contextWindow: 200_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-10-15' },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-budget',
      structuredOutput: true,
      promptCaching: { minimumTokens: 4096, extendedTtl: true, inTools: true },
      sampling: 'temperature-or-top-p',
      countTokens: true,
    },
    anthropic: { apiVersions: DATED_VERSIONS, effortLevels: [], extraBetas: [] },
  }),
  defineClaude({
    // `us.` only; 200K / 32K; Legacy since 2026-07-08, extended access 2026-10-08, EOL 2027-01-08 [AWS-lc].
    // Launch date UNCONFIRMED: its id's 2025-08-05. Native structured output is not in AWS's list (langchain-aws#883).
    modelId: 'anthropic.claude-opus-4-1-20250805-v1:0',
    modelName: 'Claude Opus 4.1',
    profiles: ['us'],
    maxOutputTokens: 32_000,
    contextWindow: 200_000,
    lifecycle: {
      status: 'LEGACY',
      startOfLifeTime: '2025-08-05',
      legacyTime: '2026-07-08',
      publicExtendedAccessTime: '2026-10-08',
      endOfLifeTime: '2027-01-08',
    },
    capabilities: {
      ...CLAUDE_CAPABILITIES,
      reasoning: 'claude-budget',
      structuredOutput: false,
      // A cache point `ttl` before the 4.5 generation is refused (earendil-works/pi#1570).
      promptCaching: { minimumTokens: 1024, extendedTtl: false, inTools: true },
      sampling: 'temperature-or-top-p',
      countTokens: true,
    },
    anthropic: { apiVersions: DATED_VERSIONS, effortLevels: [], extraBetas: [] },
  }),
  // Retired: every call answers the end-of-life 404 (notes claude-models.md §1.5 "Older models").
  defineRetiredClaude(
    'anthropic.claude-sonnet-4-20250514-v1:0',
    'Claude Sonnet 4',
    ['global', 'us', 'eu', 'apac'],
    '2026-10-14',
  ),
  // Opus 4's Bedrock EOL is derived from awslabs/startups PR #10's "days to EOL" counts: UNCONFIRMED.
  defineRetiredClaude('anthropic.claude-opus-4-20250514-v1:0', 'Claude Opus 4', ['us'], '2026-05-31'),
  defineRetiredClaude(
    'anthropic.claude-3-7-sonnet-20250219-v1:0',
    'Claude 3.7 Sonnet',
    ['us', 'eu', 'apac'],
    '2026-04-28',
  ),
  defineRetiredClaude('anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku', ['us'], '2026-06-19'),
  defineRetiredClaude(
    'anthropic.claude-3-5-sonnet-20241022-v2:0',
    'Claude 3.5 Sonnet v2',
    ['us', 'apac'],
    '2026-07-30',
  ),
  // The seeds' model: "requests fail after 2026-03-01" in us-east-1/2, us-west-2, eu-central-1/2, eu-west-1/3 (AWS
  // email quoted in posit-dev/positron#9339); a later lifecycle table lists 2026-07-30.
  defineRetiredClaude(
    'anthropic.claude-3-5-sonnet-20240620-v1:0',
    'Claude 3.5 Sonnet',
    ['us', 'apac'],
    '2026-03-01',
  ),
  // EOL 2026-09-10 in the main regions [AWS-lc][AWS-card-3-haiku]; it survives in ca-central-1, eu-central-2 and
  // sa-east-1, which the emulator (a us-east-1 stand-in) does not model.
  defineRetiredClaude(
    'anthropic.claude-3-haiku-20240307-v1:0',
    'Claude 3 Haiku',
    ['us', 'apac'],
    '2026-09-10',
  ),
];
