import { mergeConsecutiveMessages } from '../codecs/merge-consecutive-messages.js';
import { omitUndefined } from '../codecs/omit-undefined.js';
import { type ExplicitToolChoice, resolveToolConfiguration } from '../codecs/resolve-tool-configuration.js';
import { validateConversation } from '../codecs/validate-conversation.js';
import type {
  CachePointPart,
  ContentPart,
  GenerateRequest,
  Message,
  OutputFormat,
} from '../generate-request.js';
import type { CapableModel } from '../model-capabilities.js';
import type { TextFamily } from '../model-registry.js';
import { planReasoning, type ReasoningPlan } from '../plan-reasoning.js';
import type {
  ConverseCachePointBlock,
  ConverseContentBlock,
  ConverseMessage,
  ConverseOutputConfig,
  ConverseRequestBody,
  ConverseToolChoice,
  ConverseToolConfig,
} from './converse-wire-types.js';

/** What the conversion needs to know of the model. */
export interface ConverseRequestOptions {
  /**
   * Send the system prompt as the first text block of the first user turn instead of in `system`.
   * For models whose Converse API rejects system messages (e.g. Mistral 7B Instruct, Titan Text).
   * Default: `false`.
   */
  inlineSystemPrompt?: boolean;
  /** The model, for how it is asked to reason. Required when the request asks for reasoning. */
  model?: CapableModel;
  /** The model's family, for where its native body takes `top_k`. Required when the request sets `topK`. */
  family?: TextFamily;
}

/** Families whose models reject Converse `system` blocks (Titan Text, Mistral 7B Instruct). */
const FAMILIES_WITHOUT_CONVERSE_SYSTEM: ReadonlySet<TextFamily> = new Set(['titan-text', 'mistral']);

/** The Converse options a model needs. */
export function converseOptionsFor(model: CapableModel & { family: TextFamily }): ConverseRequestOptions {
  return {
    inlineSystemPrompt: FAMILIES_WITHOUT_CONVERSE_SYSTEM.has(model.family),
    model,
    family: model.family,
  };
}

/**
 * `top_k` among Converse's `additionalModelRequestFields`, where the family's native body takes it: Claude's
 * `top_k` (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html)
 * and Nova's `inferenceConfig.topK` ("parameters unique to Amazon Nova models, such as reasoningConfig and TopK, are
 * placed within an additional inferenceConfig object within the additionalModelRequestFields",
 * https://docs.aws.amazon.com/nova/latest/nova2-userguide/core-inference.html).
 * Converse itself has no top-k member. Other families' models do not declare `topK`, so the capability check
 * refused it before; reaching here without a family that takes it is a bug, not a client error.
 */
function convertTopK(topK: number | undefined, family: TextFamily | undefined): Record<string, unknown> {
  if (topK === undefined) return {};
  if (family === 'anthropic') return { top_k: topK };
  if (family === 'nova') return { inferenceConfig: { topK } };
  throw new Error(`top_k has no Converse field for family '${family ?? 'unknown'}'.`);
}

function convertCachePoint(part: CachePointPart): ConverseCachePointBlock {
  return { cachePoint: omitUndefined({ type: 'default' as const, ttl: part.ttl }) };
}

function convertContentPart(part: ContentPart): ConverseContentBlock {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image':
      return { image: { format: part.format, source: { bytes: part.data } } };
    case 'document':
      return { document: { format: part.format, name: part.name, source: { bytes: part.data } } };
    case 'tool-call':
      return { toolUse: { toolUseId: part.toolCallId, name: part.toolName, input: part.input } };
    case 'tool-result':
      // `success` is the default; sending it would fail on models without the status field.
      return {
        toolResult: {
          toolUseId: part.toolCallId,
          content: [{ text: part.content }],
          ...(part.isError ? { status: 'error' as const } : {}),
        },
      };
    case 'reasoning':
      return {
        reasoningContent: { reasoningText: omitUndefined({ text: part.text, signature: part.signature }) },
      };
    case 'redacted-reasoning':
      return { reasoningContent: { redactedContent: decodeBase64(part.data) } };
    case 'cache-point':
      return convertCachePoint(part);
    default: {
      const _exhaustiveCheck: never = part;
      throw new Error(`Unknown content part ${JSON.stringify(_exhaustiveCheck)}`);
    }
  }
}

function convertMessage(message: Message): ConverseMessage {
  return { role: message.role, content: message.content.map(convertContentPart) };
}

function convertToolChoice(choice: ExplicitToolChoice): ConverseToolChoice {
  switch (choice.type) {
    case 'auto':
      return { auto: {} };
    case 'any':
      return { any: {} };
    case 'tool':
      return { tool: { name: choice.name } };
  }
}

/**
 * The Converse `toolConfig` for a request, or `undefined` when none is sent.
 * See `resolveToolConfiguration` for how `tool_choice: none` is expressed.
 */
export function convertToConverseToolConfig(request: GenerateRequest): ConverseToolConfig | undefined {
  const configuration = resolveToolConfiguration(request);
  if (!configuration) return undefined;
  const tools: ConverseToolConfig['tools'] = configuration.tools.map((tool) => ({
    toolSpec: omitUndefined({
      name: tool.name,
      description: tool.description,
      inputSchema: { json: tool.inputSchema },
    }),
  }));
  if (request.cachePoints?.tools) tools.push(convertCachePoint(request.cachePoints.tools));
  return configuration.toolChoice
    ? { tools, toolChoice: convertToolChoice(configuration.toolChoice) }
    : { tools };
}

/** Converse `additionalModelRequestFields` and `outputConfig.effort` for a reasoning plan. */
function convertReasoning(plan: ReasoningPlan | undefined): {
  fields?: Record<string, unknown>;
  effort?: string;
} {
  if (!plan) return {};
  switch (plan.mode) {
    case 'budget':
      return { fields: { thinking: { type: 'enabled', budget_tokens: plan.budgetTokens } } };
    case 'adaptive':
      return { fields: { thinking: { type: 'adaptive' } }, ...(plan.effort ? { effort: plan.effort } : {}) };
    case 'reasoning-config':
      return { fields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: plan.effort } } };
    case 'effort':
      return { fields: { reasoning_effort: plan.effort } };
  }
}

/** Converse `outputConfig.textFormat` for a JSON-schema output (the schema travels as a JSON string). */
function convertOutputFormat(format: OutputFormat | undefined): ConverseOutputConfig['textFormat'] {
  if (format?.type !== 'json-schema') return undefined;
  return {
    type: 'json_schema',
    structure: {
      jsonSchema: omitUndefined({
        schema: JSON.stringify(format.schema),
        name: format.name,
        description: format.description,
      }),
    },
  };
}

/**
 * Canonical request -> Converse request body.
 * Consecutive same-role messages are merged (Converse needs strict alternation). Throws InvalidRequestError
 * (`invalid_conversation`, param `messages`) for an empty conversation, one that does not start with a user turn,
 * or parts in the wrong role; and (param `tool_choice`) for a tool choice without matching tools.
 * Tool results are sent as one text block, with `status: 'error'` only when `isError` is set. Reasoning is
 * asked as `options.model` takes it (see `planReasoning`); an output format reaching here is sent as
 * `outputConfig.textFormat` (models without structured output are given a forced tool call before).
 */
export function convertToConverseRequest(
  request: GenerateRequest,
  options: ConverseRequestOptions = {},
): ConverseRequestBody {
  validateConversation(request.messages);
  const messages = mergeConsecutiveMessages(request.messages).map(convertMessage);
  const system = request.system ? request.system : undefined;
  if (system && options.inlineSystemPrompt) {
    const first = messages[0]!;
    messages[0] = { role: first.role, content: [{ text: system }, ...first.content] };
  }
  const systemBlocks: ConverseRequestBody['system'] =
    system && !options.inlineSystemPrompt
      ? [
          { text: system },
          ...(request.cachePoints?.system ? [convertCachePoint(request.cachePoints.system)] : []),
        ]
      : undefined;
  const stopSequences = request.stopSequences?.length ? request.stopSequences : undefined;
  const reasoning = convertReasoning(
    request.reasoning && options.model ? planReasoning(options.model, request) : undefined,
  );
  const textFormat = convertOutputFormat(request.outputFormat);
  const outputConfig = omitUndefined({ textFormat, effort: reasoning.effort });
  const additionalFields = { ...reasoning.fields, ...convertTopK(request.topK, options.family) };
  const guardrail = request.guardrail;
  return omitUndefined({
    messages,
    system: systemBlocks,
    inferenceConfig: omitUndefined({
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      topP: request.topP,
      stopSequences,
    }),
    toolConfig: convertToConverseToolConfig(request),
    additionalModelRequestFields: Object.keys(additionalFields).length > 0 ? additionalFields : undefined,
    outputConfig: Object.keys(outputConfig).length > 0 ? outputConfig : undefined,
    guardrailConfig: guardrail
      ? {
          guardrailIdentifier: guardrail.identifier,
          guardrailVersion: guardrail.version,
          trace: guardrail.trace ? ('enabled' as const) : ('disabled' as const),
        }
      : undefined,
    serviceTier: request.serviceTier ? { type: request.serviceTier } : undefined,
  });
}

/** Base64 to bytes, without Buffer. */
function decodeBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
