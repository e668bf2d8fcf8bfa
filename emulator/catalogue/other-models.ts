import { defineRetiredModel } from './define-retired-model.js';
import type { EmbeddingModel, FoundationModel, TextCapabilities, TextModel } from './foundation-model.js';

/*
 * Amazon, Meta, Mistral AI, OpenAI, DeepSeek and Cohere models on Bedrock, as of 2026-12-01. Sources (tags as in
 * /work/notes/other-models.md §0): [CARD-x] AWS model cards; [PRICE-AWSLABS] awslabs/startups pricing cache;
 * [PROFILES-2603] `aws bedrock list-inference-profiles` in us-east-1/eu-central-1/ap-northeast-1 (2026-03-18);
 * [LIFE-AWSLABS] awslabs/startups ai-model-lifecycle.md; [MODELSDEV] anomalyco/models.dev; [LITELLM] BerriAI/litellm;
 * model-parameters-*.html = https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-*.html.
 * Rejection evidence is in /work/notes/bedrock-validation.md (§5 tool choice, §9 tiers, §13 outputConfig).
 * Values marked UNCONFIRMED are the most likely value where no primary source was found; correct them here.
 */

/** A model with no tools, images, reasoning, caching or tiers: the baseline the entries below extend. */
const PLAIN_TEXT = {
  vision: false,
  documents: false,
  tools: false,
  toolsInStreaming: false,
  forcedToolChoice: [],
  systemPrompt: true,
  reasoning: 'none',
  structuredOutput: false,
  sampling: 'any',
  serviceTiers: ['default'],
  latencyOptimized: false,
  // "Amazon Nova models and cross-region inference-profile ids are rejected" (alchemy.run CountTokens page); for
  // the other non-Claude models support is UNCONFIRMED, and the notes advise treating them as unsupported.
  countTokens: false,
} satisfies TextCapabilities;

/** Nova gen 1: the Converse feature table (system, documents, vision, tools, streaming tools, guardrails). */
const NOVA_CAPABILITIES = {
  ...PLAIN_TEXT,
  documents: true,
  vision: true,
  tools: true,
  toolsInStreaming: true,
  // Nova's tool-choice guide lists `tool`, `any` and `auto` (nova/latest/userguide/tool-choice.html); an early-2025
  // report of `any` being refused (aws-samples/bedrock-access-gateway#92) predates it.
  forcedToolChoice: ['any', 'tool'],
  // Nova: 1,000 tokens per checkpoint, system and messages only, 5-minute TTL (Portkey's copy of the AWS table).
  promptCaching: { minimumTokens: 1000, extendedTtl: false, inTools: false },
} satisfies TextCapabilities;

/**
 * Nova gen 1's output cap: Bedrock itself answers "exceeds the model limit of 10000" for Nova Pro (code ids
 * 59677262335, 58774892462), matching AWS's migration post (the cards say 5K).
 */
const NOVA_V1_MAX_OUTPUT = 10_000;

function defineText(definition: Omit<TextModel, 'kind'>): TextModel {
  return { kind: 'text', ...definition };
}

function defineEmbedding(definition: Omit<EmbeddingModel, 'kind'>): EmbeddingModel {
  return { kind: 'embedding', ...definition };
}

/** The non-Claude models of the catalogue. */
export const OTHER_MODELS: readonly FoundationModel[] = [
  // Amazon Nova gen 1: launched 2024-12-03/05, Active; profiles us, eu, apac [PROFILES-2603]; on demand in-Region.
  defineText({
    modelId: 'amazon.nova-micro-v1:0',
    modelName: 'Nova Micro',
    providerName: 'Amazon',
    family: 'nova',
    profiles: ['us', 'eu', 'apac'],
    onDemand: true,
    inputModalities: ['TEXT'],
    maxOutputTokens: NOVA_V1_MAX_OUTPUT,
    contextWindow: 128_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2024-12-03' },
    // Micro: no document chat, no vision (the Converse feature table).
    capabilities: { ...NOVA_CAPABILITIES, documents: false, vision: false },
  }),
  defineText({
    modelId: 'amazon.nova-lite-v1:0',
    modelName: 'Nova Lite',
    providerName: 'Amazon',
    family: 'nova',
    profiles: ['us', 'eu', 'apac'],
    onDemand: true,
    inputModalities: ['TEXT', 'IMAGE'],
    maxOutputTokens: NOVA_V1_MAX_OUTPUT,
    contextWindow: 300_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2024-12-03' },
    capabilities: NOVA_CAPABILITIES,
  }),
  defineText({
    modelId: 'amazon.nova-pro-v1:0',
    modelName: 'Nova Pro',
    providerName: 'Amazon',
    family: 'nova',
    profiles: ['us', 'eu', 'apac'],
    onDemand: true,
    inputModalities: ['TEXT', 'IMAGE'],
    maxOutputTokens: NOVA_V1_MAX_OUTPUT,
    contextWindow: 300_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2024-12-03' },
    // Nova Pro has a latency-optimized variant [PRICE-AWSLABS].
    capabilities: { ...NOVA_CAPABILITIES, latencyOptimized: true },
  }),
  // Nova Premier: EOL 2026-09-14 [LIFE-AWSLABS]; it had a `us.` profile only.
  defineRetiredModel('amazon.nova-premier-v1:0', 'Nova Premier', 'Amazon', ['us'], '2026-09-14'),
  defineText({
    // Launched 2025-12-02; cross-Region only: global, us, eu [AWS nova2 core-inference.html][PROFILES-2603] and jp
    // [LITELLM]; 1M / 64K (the card as read 2026-10-11; AWS's post says 65K); `reasoningConfig` reasoning;
    // priority and flex tiers [PRICE-AWSLABS]. Forced tool choice and structured output on Nova 2: UNCONFIRMED
    // (structured output refused like Nova 1, bedrock-validation.md §13).
    modelId: 'amazon.nova-2-lite-v1:0',
    modelName: 'Nova 2 Lite',
    providerName: 'Amazon',
    family: 'nova',
    profiles: ['global', 'us', 'eu', 'jp'],
    onDemand: false,
    inputModalities: ['TEXT', 'IMAGE'],
    maxOutputTokens: 64_000,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-12-02' },
    capabilities: {
      ...NOVA_CAPABILITIES,
      reasoning: 'nova-reasoning-config',
      serviceTiers: ['default', 'priority', 'flex'],
    },
  }),
  // Titan Text G1 - Express, seed 003's model: end of life, its calls fail with ResourceNotFoundException
  // (aws-observability/application-signals-demo PR #330, 2026-02-27; epam/ai-dial-adapter-bedrock PR #378,
  // 2026-01-12: "Amazon Titan models have reached EOL"). AWS's exact date was not found (UNCONFIRMED): it was
  // reported gone by 2025-12-29 (newrelic/newrelic-dotnet-agent PR #3373), the date the gateway's catalogue keeps.
  // No Titan Text model serves any more (Lite and Premier are EOL too: weaviate/weaviate PRs #10053 and #9494),
  // so the titan-text family is gone.
  defineRetiredModel('amazon.titan-text-express-v1', 'Titan Text G1 - Express', 'Amazon', [], '2025-12-29'),
  // Meta Llama. Llama 3 8B/70B: in-Region on demand, lifecycle UNCONFIRMED (priced in 2026, [PRICE-AWSLABS]);
  // Bedrock caps Llama 3 8B at 2,048 output tokens (code id 53854027447); no tool use (code id 62589789919).
  defineText({
    modelId: 'meta.llama3-8b-instruct-v1:0',
    modelName: 'Llama 3 8B Instruct',
    providerName: 'Meta',
    family: 'llama3',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT'],
    maxOutputTokens: 2048,
    contextWindow: 8192,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2024-04-23' },
    capabilities: { ...PLAIN_TEXT, documents: true },
  }),
  defineText({
    modelId: 'meta.llama3-70b-instruct-v1:0',
    modelName: 'Llama 3 70B Instruct',
    providerName: 'Meta',
    family: 'llama3',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT'],
    maxOutputTokens: 2048,
    contextWindow: 8192,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2024-04-23' },
    capabilities: { ...PLAIN_TEXT, documents: true },
  }),
  defineText({
    // `us.` profile required (danny-avila/LibreChat#5078); 128K / 4K ([MODELSDEV]; UNCONFIRMED for 3.3); tools,
    // but not in streaming mode (strands-agents/harness-sdk#3882).
    modelId: 'meta.llama3-3-70b-instruct-v1:0',
    modelName: 'Llama 3.3 70B Instruct',
    providerName: 'Meta',
    family: 'llama3',
    profiles: ['us'],
    onDemand: false,
    inputModalities: ['TEXT'],
    maxOutputTokens: 4096,
    contextWindow: 128_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2024-12-19' },
    capabilities: { ...PLAIN_TEXT, documents: true, tools: true },
  }),
  defineText({
    // Card: launched 2025-04-05, 1M / 8K, text and image in, `us.` only, global not supported; tools not in
    // streaming mode; forced tool choice refused (code ids 62589789919, 70544093091).
    modelId: 'meta.llama4-maverick-17b-instruct-v1:0',
    modelName: 'Llama 4 Maverick 17B Instruct',
    providerName: 'Meta',
    family: 'llama3',
    profiles: ['us'],
    onDemand: false,
    inputModalities: ['TEXT', 'IMAGE'],
    maxOutputTokens: 8192,
    contextWindow: 1_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-04-05' },
    capabilities: { ...PLAIN_TEXT, vision: true, documents: true, tools: true },
  }),
  defineText({
    // `us.` only [PROFILES-2603]; context disputed (3.5M [MODELSDEV] vs 10M [PRICE-AWSLABS]) and output 8K vs 16K:
    // UNCONFIRMED, the two-source values taken.
    modelId: 'meta.llama4-scout-17b-instruct-v1:0',
    modelName: 'Llama 4 Scout 17B Instruct',
    providerName: 'Meta',
    family: 'llama3',
    profiles: ['us'],
    onDemand: false,
    inputModalities: ['TEXT', 'IMAGE'],
    maxOutputTokens: 8192,
    contextWindow: 10_000_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-04-05' },
    capabilities: { ...PLAIN_TEXT, vision: true, documents: true, tools: true },
  }),
  // Mistral AI. Mistral 7B: Active on 2026-09-03 (litellm PR #39608); no system prompt (code id 53854027447);
  // native `max_tokens` up to 8,192 (model-parameters-mistral-text-completion.html); context 32K UNCONFIRMED.
  defineText({
    modelId: 'mistral.mistral-7b-instruct-v0:2',
    modelName: 'Mistral 7B Instruct',
    providerName: 'Mistral AI',
    family: 'mistral',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT'],
    maxOutputTokens: 8192,
    contextWindow: 32_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2024-03-01' },
    capabilities: { ...PLAIN_TEXT, systemPrompt: false, documents: true },
  }),
  defineText({
    // Priced in 2026 [PRICE-GENAI], lifecycle UNCONFIRMED; native `max_tokens` up to 4,096.
    modelId: 'mistral.mixtral-8x7b-instruct-v0:1',
    modelName: 'Mixtral 8x7B Instruct',
    providerName: 'Mistral AI',
    family: 'mistral',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT'],
    maxOutputTokens: 4096,
    contextWindow: 32_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2024-03-01' },
    capabilities: { ...PLAIN_TEXT, systemPrompt: false, documents: true },
  }),
  defineText({
    // Launched 2025-12-02, in-Region on demand [PRICE-GENAI][PRICE-AWSLABS]; 256K / 8K [MODELSDEV] UNCONFIRMED;
    // images, tools, structured output (AWS's supported-models list via models.dev PR #1326), priority and flex.
    // Its InvokeModel body is assumed to be Mistral's chat-completions body (UNCONFIRMED, other-models.md §4);
    // forced `any` as documented for Mistral Large (UNCONFIRMED for Large 3); tools not in streaming mode ("Mistral
    // Large", strands-agents/harness-sdk#3882).
    modelId: 'mistral.mistral-large-3-675b-instruct',
    modelName: 'Mistral Large 3',
    providerName: 'Mistral AI',
    family: 'mistral-chat',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT', 'IMAGE'],
    maxOutputTokens: 8192,
    contextWindow: 256_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-12-02' },
    capabilities: {
      ...PLAIN_TEXT,
      vision: true,
      documents: true,
      tools: true,
      forcedToolChoice: ['any'],
      structuredOutput: true,
      serviceTiers: ['default', 'priority', 'flex'],
    },
  }),
  defineText({
    // `us.`/`eu.` profiles [PROFILES-2603]; 128K / 8K [MODELSDEV]; structured output refused (bedrock-validation
    // §13); lifecycle UNCONFIRMED (priced 2026-07); body assumed to be Mistral chat (UNCONFIRMED).
    modelId: 'mistral.pixtral-large-2502-v1:0',
    modelName: 'Pixtral Large (25.02)',
    providerName: 'Mistral AI',
    family: 'mistral-chat',
    profiles: ['us', 'eu'],
    onDemand: false,
    inputModalities: ['TEXT', 'IMAGE'],
    maxOutputTokens: 8192,
    contextWindow: 128_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-02-01' },
    capabilities: { ...PLAIN_TEXT, vision: true, documents: true, tools: true },
  }),
  // OpenAI gpt-oss: released 2025-08-05, in-Region on demand, no system profiles [PROFILES-2603]; text only; the
  // InvokeModel body is OpenAI's chat completion (model-parameters-openai.html); `reasoning_effort`; structured
  // output (models.dev PR #1326); flex and priority [PRICE-AWSLABS]; forced `tool` refused (code id 71136473174).
  // 128K context confirmed; 16K max output only [MODELSDEV] (UNCONFIRMED).
  defineText({
    modelId: 'openai.gpt-oss-120b-1:0',
    modelName: 'gpt-oss-120b',
    providerName: 'OpenAI',
    family: 'openai-chat',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT'],
    maxOutputTokens: 16_384,
    contextWindow: 128_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-08-05' },
    capabilities: {
      ...PLAIN_TEXT,
      tools: true,
      toolsInStreaming: true,
      reasoning: 'openai-effort',
      structuredOutput: true,
      serviceTiers: ['default', 'priority', 'flex'],
    },
  }),
  defineText({
    modelId: 'openai.gpt-oss-20b-1:0',
    modelName: 'gpt-oss-20b',
    providerName: 'OpenAI',
    family: 'openai-chat',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT'],
    maxOutputTokens: 16_384,
    contextWindow: 128_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-08-05' },
    capabilities: {
      ...PLAIN_TEXT,
      tools: true,
      toolsInStreaming: true,
      reasoning: 'openai-effort',
      structuredOutput: true,
      serviceTiers: ['default', 'priority', 'flex'],
    },
  }),
  defineText({
    // "this model is invoked through cross-Region inference ... use us.deepseek.r1-v1:0"
    // (model-parameters-deepseek.html); card 128K / 8K, but the native `max_tokens` range is 1..32,768 (same page),
    // which is what Bedrock enforces; no tool use (code id 1128130414); reasons on every request. Launch UNCONFIRMED
    // (card "EOL no sooner than 3/10/2026" suggests 2025-03-10).
    modelId: 'deepseek.r1-v1:0',
    modelName: 'DeepSeek-R1',
    providerName: 'DeepSeek',
    family: 'deepseek-r1',
    profiles: ['us'],
    onDemand: false,
    inputModalities: ['TEXT'],
    maxOutputTokens: 32_768,
    contextWindow: 128_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-03-10' },
    capabilities: { ...PLAIN_TEXT, reasoning: 'always-on' },
  }),
  defineText({
    // Card: launched 2025-12-01, 164K / 8K, Active; in-Region on demand. The id `deepseek.v3.2` is UNCONFIRMED
    // (some lists say `deepseek.v3.2-v1:0`); its InvokeModel body is assumed to be OpenAI chat completions
    // (UNCONFIRMED, other-models.md §4); tools and structured output [MODELSDEV]; tiers in Sydney [PRICE-AWSLABS].
    modelId: 'deepseek.v3.2',
    modelName: 'DeepSeek-V3.2',
    providerName: 'DeepSeek',
    family: 'openai-chat',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT'],
    maxOutputTokens: 8192,
    contextWindow: 164_000,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-12-01' },
    capabilities: {
      ...PLAIN_TEXT,
      tools: true,
      toolsInStreaming: true,
      structuredOutput: true,
      serviceTiers: ['default', 'priority', 'flex'],
    },
  }),
  // Cohere Command R / R+: EOL 2026-08-19, the 404 body captured in litellm PR #39608.
  defineRetiredModel('cohere.command-r-v1:0', 'Command R', 'Cohere', [], '2026-08-19'),
  defineRetiredModel('cohere.command-r-plus-v1:0', 'Command R+', 'Cohere', [], '2026-08-19'),
  // Embeddings (other-models.md §5). Lifecycles UNCONFIRMED (all in use in 2026): Active.
  defineEmbedding({
    modelId: 'amazon.titan-embed-text-v2:0',
    modelName: 'Titan Text Embeddings V2',
    providerName: 'Amazon',
    family: 'titan-embed',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT'],
    dimensions: [1024, 512, 256],
    embeddingsByType: false,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2024-04-30' },
  }),
  defineEmbedding({
    modelId: 'cohere.embed-english-v3',
    modelName: 'Embed English',
    providerName: 'Cohere',
    family: 'cohere-embed',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT', 'IMAGE'],
    dimensions: [1024],
    embeddingsByType: false,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2023-11-13' },
  }),
  defineEmbedding({
    modelId: 'cohere.embed-multilingual-v3',
    modelName: 'Embed Multilingual',
    providerName: 'Cohere',
    family: 'cohere-embed',
    profiles: [],
    onDemand: true,
    inputModalities: ['TEXT', 'IMAGE'],
    dimensions: [1024],
    embeddingsByType: false,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2023-11-13' },
  }),
  defineEmbedding({
    // Profiles us, eu, global [PROFILES-2603]; `output_dimension` 256/512/1024/1536, default 1536; the response
    // groups vectors by type (vercel/ai amazon-bedrock-embedding-model.ts). Launch date UNCONFIRMED.
    modelId: 'cohere.embed-v4:0',
    modelName: 'Embed v4',
    providerName: 'Cohere',
    family: 'cohere-embed',
    profiles: ['global', 'us', 'eu'],
    onDemand: true,
    inputModalities: ['TEXT', 'IMAGE'],
    dimensions: [1536, 1024, 512, 256],
    embeddingsByType: true,
    lifecycle: { status: 'ACTIVE', startOfLifeTime: '2025-10-01' },
  }),
];
