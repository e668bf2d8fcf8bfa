/**
 * Bedrock's own words for each refusal, in one place, with the report each was copied from (the evidence is
 * collected in /work/notes/bedrock-validation.md, by section). Bedrock answers in three layers, and the emulator
 * keeps them apart:
 * - the Smithy constraint layer (`1 validation error detected: ...`), see format-validation-issues.ts;
 * - Bedrock's own sentences (this file, no prefix);
 * - the model provider's validator, relayed: bare on InvokeModel, after MODEL_ERRORS_PREFIX on Converse.
 */

/** How Converse relays a model provider's validation message (§0.2; strands-agents/harness-sdk#1495). */
export const MODEL_ERRORS_PREFIX = 'The model returned the following errors: ';

/** An unknown id, even with a known provider prefix (`anthropic.nope-v9`) (§1; tailcallhq/forgecode#2644). */
export const INVALID_MODEL_IDENTIFIER = 'The provided model identifier is invalid.';

/**
 * A base id that only answers through an inference profile (§2; terricain/aioboto3#352). The apostrophe is
 * U+2019 in real bodies (§0.4; anthropics/anthropic-sdk-python#894).
 */
export function describeOnDemandUnsupported(modelId: string): string {
  return `Invocation of model ID ${modelId} with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`;
}

/** A model past its end of life, ResourceNotFoundException 404 (§3; captured in BerriAI/litellm PR #39608). */
export const END_OF_LIFE =
  'This model version has reached the end of its life. Please refer to the AWS documentation for more details.';

/** Converse on a model that cannot chat (an embedding model). */
export const CONVERSE_UNSUPPORTED =
  "This action doesn't support the model that you provided. Try again with a supported text or chat model.";

/** CountTokens on a profile id, an application profile or a model without counting (§16). */
export const COUNT_TOKENS_UNSUPPORTED = "The provided model doesn't support counting tokens.";

/** A max-tokens value above the model's cap, on Converse (§7; vercel/ai#2772, code id 58320408617). */
export function describeMaxTokensExceeded(limit: number): string {
  return `The maximum tokens you requested exceeds the model limit of ${limit}. Try again with a maximum tokens value that is lower than ${limit}.`;
}

/** A forced `toolChoice` member the model lacks (§5; code ids 62589789919, 70544093091, 71136473174). */
export function describeToolChoiceUnsupported(member: 'any' | 'tool'): string {
  return `This model doesn't support the toolConfig.toolChoice.${member} field. Remove toolConfig.toolChoice.${member} and try again.`;
}

/** A request member the model lacks, e.g. `outputConfig` (§13; code ids 71295561445, 71045040363). */
export function describeFieldUnsupported(field: string): string {
  return `This model doesn't support the ${field} field. Remove ${field} and try again.`;
}

/** Tools offered to a model without tool use (§5; code id 1128130414). */
export const TOOL_USE_UNSUPPORTED = "This model doesn't support tool use.";

/** Tools on ConverseStream for a model that takes them only unstreamed (§5; strands-agents/harness-sdk#3882). */
export const STREAMING_TOOL_USE_UNSUPPORTED = "This model doesn't support tool use in streaming mode.";

/** A system prompt to a model without one: Mistral 7B, as Titan Text was (§5; code id 53854027447). */
export const SYSTEM_MESSAGES_UNSUPPORTED =
  "This model doesn't support system messages. Try again without a system message or use a model that supports system messages.";

/** An image block to a model without vision (§11; code ids 71050703997, 53854027447). */
export const IMAGE_UNSUPPORTED =
  "This model doesn't support the image content block that you provided. Update the content block and try again.";

/** A document block to a model without document chat (§11; code id 57567532406). */
export const DOCUMENTS_UNSUPPORTED = "This model doesn't support documents.";

/** A `serviceTier.type` outside the enum (§9; NousResearch/hermes-agent#34476, code id 60942418416). */
export const SERVICE_TIER_INVALID = 'service tier provided is invalid';

/** A valid tier the model does not serve (§9; code ids 59921613465, 58760718694). */
export const SERVICE_TIER_UNSUPPORTED = 'The provided service tier is not supported for this model.';

/** `reserved` without a reservation, which the emulator never has (§9; envoyproxy/ai-gateway#1749). */
export const RESERVATION_NOT_FOUND = 'Reservation not found.';

/** `performanceConfig.latency: optimized` where it is not served (§9; code id 54029991637). No period. */
export function describeLatencyUnsupported(modelId: string, region: string): string {
  return `Latency performance configuration is not supported for ${modelId} in ${region}`;
}

/** A cache point to a model without prompt caching: AccessDeniedException 403 (§14; BerriAI/litellm#39210). */
export const PROMPT_CACHING_UNSUPPORTED =
  'You invoked an unsupported model or your request did not allow prompt caching.';

/** A cache point `ttl` to Nova (§14; timothy-agent/timothy#756). */
export const EXTENDED_TTL_ANTHROPIC_ONLY =
  'Extended TTL prompt caching is only supported for Anthropic models';

/**
 * Bedrock's older JSON-schema validator, which Nova, Llama, Mistral, Titan, DeepSeek and the others still relay
 * for unknown keys (§6; langgenius/dify#3326, BerriAI/litellm#9128).
 */
export function describeExtraneousKey(pointer: string, key: string): string {
  return describeSchemaViolation(pointer, `extraneous key [${key}] is not permitted`);
}

/** One violation in the JSON-schema validator's wording, e.g. `#/max_gen_len: 4097 is not less or equal to 4096`. */
export function describeSchemaViolation(pointer: string, violation: string): string {
  return `Malformed input request: ${pointer}: ${violation}, please reformat your input and try again.`;
}

/** Anthropic's validator, which Bedrock relays for Claude (§6, §10, §12, §15). */
export const ANTHROPIC_MESSAGES = {
  /** An unknown key, e.g. `reasoning: Extra inputs are not permitted` (BerriAI/litellm#13609). */
  extraInputs: (path: string) => `${path}: Extra inputs are not permitted`,
  /** A sampling parameter on Opus 4.7 and later (§10; code ids 69105349923, 57463466980). */
  deprecated: (parameter: 'temperature' | 'top_p' | 'top_k') =>
    `\`${parameter}\` is deprecated for this model.`,
  /** Both temperature and top_p on Claude 4.5/4.6 (§10; aws-samples/sample-connector-for-bedrock#87). */
  temperatureAndTopP:
    '`temperature` and `top_p` cannot both be specified for this model. Please use only one.',
  /**
   * `toolChoice` naming a tool that is not offered: Anthropic's direct-API wording (§4; code id 61369042860). No
   * Bedrock capture exists: UNCONFIRMED.
   */
  toolNotFound: (name: string) => `Tool '${name}' not found in provided tools`,
  /** Forced tool use on the 5.5 models (§12; code ids 71555426909, 71167881469; direct API, Med). */
  forcedToolUseUnsupported: 'tool_choice: type "tool" and "any" are not supported for this model.',
  /** Forced tool use together with thinking (§12; strands-agents/harness-sdk#1495). */
  forcedToolUseWithThinking: 'Thinking may not be enabled when tool_choice forces tool use.',
  /** `anthropic_beta` with a flag Bedrock does not take: lowercase, no period, flag not named (§15). */
  invalidBetaFlag: 'invalid beta flag',
  /**
   * An `anthropic_version` the model does not take. The only Bedrock wording seen for this field is for a bogus
   * value (boto/boto3#4218, 2024); the exact text when a dated model refuses `2026-10-21` was never captured
   * (§15): UNCONFIRMED, the same wording assumed.
   */
  invalidApiVersion: (version: string) => `Invalid API version: ${version}`,
  /** `enabled` thinking on an adaptive-only model (§12; Kilo-Org/kilocode#10732). */
  enabledThinkingUnsupported:
    '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
  /** `adaptive` thinking on Claude 4.5 and earlier (§12; code ids 67504600941, 63502721782). */
  adaptiveThinkingUnsupported: 'adaptive thinking is not supported on this model',
  /** A temperature other than 1 with thinking on (§12; code ids 58250608308, 53336500892). */
  temperatureWithThinking: '`temperature` may only be set to 1 when thinking is enabled or in adaptive mode',
  /** A thinking budget below 1024 (§12; danny-avila/LibreChat#8346). */
  budgetTooSmall: 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024',
  /** A thinking budget not below max_tokens (§12; code ids 70843600920, 22139711193). */
  budgetNotBelowMaxTokens: '`max_tokens` must be greater than `thinking.budget_tokens`.',
  /** More than four cache points (§14; twentyhq/twenty#26217). */
  tooManyCachePoints: (count: number) =>
    `A maximum of 4 blocks with cache_control may be provided. Found ${count}.`,
  /**
   * A native `max_tokens` above the model's cap: the direct API's wording (§7; code ids 56743740871, 71435876056);
   * on bedrock-runtime InvokeModel not captured: UNCONFIRMED.
   */
  maxTokensExceeded: (requested: number, limit: number, modelId: string) =>
    `max_tokens: ${requested} > ${limit}, which is the maximum allowed number of output tokens for ${modelId}`,
  /** An effort level the model does not take (a pydantic literal error, constructed: UNCONFIRMED). */
  effortNotAllowed: (levels: readonly string[]) => {
    const quoted = levels.map((level) => `'${level}'`);
    return `output_config.effort: Input should be ${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  },
} as const;
