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
 * A document block without a text block in the same message (§11; code ids 53854027447, 54692577085). Bedrock's
 * Converse layer, so InvokeModel's native Claude body has no such rule.
 */
export const DOCUMENT_NEEDS_TEXT =
  'A text block must be included when using documents. Add a text block and retry your request.';

/** A document name outside Bedrock's character rule (§11; code ids 53854027447, 68715618288). */
export const DOCUMENT_NAME_INVALID =
  "The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. The name can't contain more than one consecutive whitespace character. Check that the file name conforms to these restrictions and retry your request.";

/** Document bytes of another type than the declared format (§11; code id 53854027447, Med). */
export function describeDocumentTypeMismatch(detected: string, declared: string): string {
  return `The detected filetype is ${detected}, but the provided filetype was ${declared.toUpperCase()}.`;
}

/** A document whose bytes are an image (§11; code id 53854027447, Med), with the type list in its order. */
export function describeDocumentMimeUnsupported(mimeType: string): string {
  return `Unsupported MIME type: ${mimeType}. Retry your request with a supported file type: xlsx, txt, pdf, csv, md, doc, html, xls, docx`;
}

/** Image bytes that are not the declared format, relayed from Llama 3.2 on Converse (§11; boto/boto3#4415). */
export const IMAGE_FORMAT_MISMATCH = 'The provided image does not match the specified image format.';

/**
 * Bedrock's Converse limits (the service model's `Message.content` docs, §11): 20 images of 3.75 MB and 8,000 px,
 * 5 documents of 4.5 MB, images and documents in user turns only. Claude's validator words its own refusals
 * (ANTHROPIC_MESSAGES); for the other models no capture of Bedrock's words exists, so these sentences are
 * written in Bedrock's style and are UNCONFIRMED.
 */
export const CONVERSE_MEDIA_LIMITS = {
  maxImages: 20,
  maxImageBytes: 3_932_160,
  maxImagePixels: 8000,
  maxDocuments: 5,
  maxDocumentBytes: 4_718_592,
} as const;

export const UNCONFIRMED_MEDIA_MESSAGES = {
  tooManyImages: `The number of images in the request exceeds the limit of ${CONVERSE_MEDIA_LIMITS.maxImages}. Remove images and try again.`,
  imageTooLarge: 'The image exceeds the maximum size of 3.75 MB. Reduce the size of the image and try again.',
  imageTooWide:
    'The image exceeds the maximum dimensions of 8000x8000 pixels. Resize the image and try again.',
  tooManyDocuments: `The number of documents in the request exceeds the limit of ${CONVERSE_MEDIA_LIMITS.maxDocuments}. Remove documents and try again.`,
  documentTooLarge:
    'The document exceeds the maximum size of 4.5 MB. Reduce the size of the document and try again.',
  mediaInAssistantTurn:
    'Images and documents are only supported in user messages. Move them to a user message and try again.',
} as const;

/**
 * A cache point right after a reasoning block, Bedrock's own sentence (§12; anomalyco/opencode#36517).
 */
export const CACHE_POINT_AFTER_REASONING =
  'Cache point cannot be inserted after reasoning block. Please remove the invalid cache point and try again.';

/**
 * InvokeModel with a guardrail identifier and no version: "An error will be thrown ... You provide a guardrail
 * identifier, but guardrailVersion isn't specified" (API_runtime_InvokeModel.html). The wording is UNCONFIRMED.
 */
export const GUARDRAIL_VERSION_REQUIRED =
  'The guardrail version must be specified when a guardrail identifier is provided.';

/**
 * A guardrail's default blocked message, which Bedrock returns as the answer when the guardrail intervenes
 * (vercel/ai PR #2968, anthropics/claude-code#30258).
 */
export const GUARDRAIL_BLOCKED_MESSAGE = 'Sorry, the model cannot answer this question.';

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
  /**
   * A thinking block sent back without its signature (§12; code id 61362788306). Indices count as the model does:
   * Converse cache points are not blocks of their own.
   */
  signatureRequired: (message: number, block: number) =>
    `messages.${message}.content.${block}.thinking.signature: Field required`,
  /** A thinking block whose signature does not match its text (§12; code ids 70970236745, 55119108200, Med). */
  invalidSignature: (message: number, block: number) =>
    `messages.${message}.content.${block}: Invalid \`signature\` in \`thinking\` block.`,
  /**
   * A redacted thinking block that the model did not produce. Anthropic's wording was not captured: UNCONFIRMED,
   * written like the signature refusal.
   */
  invalidRedactedThinking: (message: number, block: number) =>
    `messages.${message}.content.${block}: Invalid \`data\` in \`redacted_thinking\` block.`,
  /**
   * With thinking on, the last assistant turn of a tool loop must start with its thinking block
   * (litellm docs quoting Bedrock, code id 681220018; code ids 70911519013, 12069161846).
   */
  thinkingBlockExpected: (message: number, found: string) =>
    `messages.${message}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found}\`.`,
  /** An image or document in an assistant turn (measured against the live API, code id 70247996931). */
  mediaInAssistantTurn: (message: number, type: 'image' | 'document') =>
    `messages.${message}.content: '${type}' blocks are not permitted within assistant turns`,
  /** More images and documents than the model takes (§11; boto/boto3#4632, code id 60541541673). */
  tooManyImagesAndDocuments: (images: number, documents: number, limit: number) =>
    `too many images and documents: ${images} + ${documents} > ${limit}`,
  /**
   * Image bytes of another type than declared (code ids 53778501541, 71625574708: native; on Converse Bedrock relays
   * it with its prefix, NousResearch/hermes-agent#55429, whose capture stops at `image.so`).
   */
  imageMediaTypeMismatch: (location: string, declared: string, actual: string) =>
    `${location}: The image was specified using the image/${declared} media type, but the image appears to be a image/${actual} image`,
  /** Bytes that are no image at all (an Anthropic body quoted in code id 70076861285; path UNCONFIRMED). */
  imageUnreadable: (location: string) => `${location}: Could not process image`,
  /** Over 5 MB of base64 (§11; aws-solutions-library-samples#778, code id 23639856845). */
  imageTooLarge: (location: string, bytes: number) =>
    `${location}: image exceeds 5 MB maximum: ${bytes} bytes > 5242880 bytes`,
  /** A side over 8,000 px (code ids 25146608680, 862447194). */
  imageTooWide: (location: string) =>
    `${location}: At least one of the image dimensions exceed max allowed size: 8000 pixels`,
  /** More than 20 images with a side over 2,000 px (§11; code ids 764337110, 52041282984). */
  imageTooWideForMany: (location: string) =>
    `${location}: At least one of the image dimensions exceed max allowed size for many-image requests: 2000 pixels`,
  /** A PDF that is not one (code ids 57414533760, 65748559546). */
  pdfInvalid: (location: string) => `${location}: The PDF specified was not valid.`,
  /** More PDF pages than the model reads (code ids 61930629335, 60890106398: Haiku 4.5 refuses, Sonnet 4.6 reads). */
  tooManyPdfPages: (limit: number) => `A maximum of ${limit} PDF pages may be provided.`,
  /** A media type outside the image enum (§15; code id 53854027447). */
  imageMediaTypeInvalid: (location: string) =>
    `${location}.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`,
  /**
   * A source type Bedrock does not take (URLs and files are not on Bedrock, claude-models.md §2.1): the pydantic
   * union-tag wording seen for content blocks (§15), UNCONFIRMED for sources.
   */
  sourceTypeUnsupported: (location: string, type: string, expected: readonly string[]) =>
    `${location}: Input tag '${type}' found using 'type' does not match any of the expected tags: ${expected.map((tag) => `'${tag}'`).join(', ')}`,
  /** Invalid base64 (pydantic's wording for base64 fields; UNCONFIRMED for this field). */
  invalidBase64: (location: string) => `${location}: Invalid base64 data`,
  /**
   * A cache TTL after a shorter one (Portkey-AI/gateway#1762, Bedrock Converse). The location is the block the
   * cache point follows.
   */
  cacheTtlOrder: (location: string) =>
    `${location}.cache_control.ttl: a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block. Note that blocks are processed in the following order: \`tools\`, \`system\`, \`messages\`.`,
  /** A cache `ttl` before the Claude 4.5 generation (§14; earendil-works/pi#1570; the path is UNCONFIRMED). */
  cacheTtlUnsupported: (location: string) => `${location}.cache_control.ttl: Extra inputs are not permitted`,
  /** `cache_control.type` other than `ephemeral` (pydantic literal wording, UNCONFIRMED). */
  cacheControlType: (location: string) => `${location}.cache_control.type: Input should be 'ephemeral'`,
  /**
   * A structured-output schema keyword Claude does not take (agentjido/req_llm#302: `output_format.schema: For
   * 'integer' type, property 'minimum' is not supported`; code id 59822100852 for the plural form).
   */
  schemaKeywordsUnsupported: (field: string, type: string, keywords: readonly string[]) =>
    keywords.length === 1
      ? `${field}: For '${type}' type, property '${keywords[0]}' is not supported`
      : `${field}: For '${type}' type, properties ${keywords.join(', ')} are not supported`,
  /** An object schema without `additionalProperties: false` (§13; future-agi/future-agi#411, code id 59364947743). */
  schemaAdditionalProperties: (field: string) =>
    `${field}: For 'object' type, 'additionalProperties' must be explicitly set to false`,
  /** A schema that is not a JSON object (pydantic's dictionary wording; UNCONFIRMED for this field). */
  schemaNotObject: (field: string) => `${field}: Input should be a valid dictionary`,
  /** An effort level the model does not take (a pydantic literal error, constructed: UNCONFIRMED). */
  effortNotAllowed: (levels: readonly string[]) => {
    const quoted = levels.map((level) => `'${level}'`);
    return `output_config.effort: Input should be ${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  },
} as const;
