import { mergeConsecutiveMessages } from '../codecs/merge-consecutive-messages.js';
import { omitUndefined } from '../codecs/omit-undefined.js';
import { type ExplicitToolChoice, resolveToolConfiguration } from '../codecs/resolve-tool-configuration.js';
import { validateConversation } from '../codecs/validate-conversation.js';
import type { ContentPart, GenerateRequest, Message } from '../generate-request.js';
import type { TextFamily } from '../model-registry.js';
import type {
  ConverseContentBlock,
  ConverseMessage,
  ConverseRequestBody,
  ConverseToolChoice,
  ConverseToolConfig,
} from './converse-wire-types.js';

/** Options for models whose Converse support is partial. */
export interface ConverseRequestOptions {
  /**
   * Send the system prompt as the first text block of the first user turn instead of in `system`.
   * For models whose Converse API rejects system messages (e.g. Mistral 7B Instruct, Titan Text).
   * Default: `false`.
   */
  inlineSystemPrompt?: boolean;
}

/** Families whose models reject Converse `system` blocks (Titan Text, Mistral 7B Instruct). */
const FAMILIES_WITHOUT_CONVERSE_SYSTEM: ReadonlySet<TextFamily> = new Set(['titan-text', 'mistral']);

/** The Converse options a family's models need. */
export function converseOptionsFor(family: TextFamily): ConverseRequestOptions {
  return { inlineSystemPrompt: FAMILIES_WITHOUT_CONVERSE_SYSTEM.has(family) };
}

function convertContentPart(part: ContentPart): ConverseContentBlock {
  switch (part.type) {
    case 'text':
      return { text: part.text };
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
  const tools = configuration.tools.map((tool) => ({
    toolSpec: omitUndefined({
      name: tool.name,
      description: tool.description,
      inputSchema: { json: tool.inputSchema },
    }),
  }));
  return configuration.toolChoice
    ? { tools, toolChoice: convertToolChoice(configuration.toolChoice) }
    : { tools };
}

/**
 * Canonical request -> Converse request body.
 * Consecutive same-role messages are merged (Converse needs strict alternation). Throws InvalidRequestError
 * (`invalid_conversation`, param `messages`) for an empty conversation, one that does not start with a user turn,
 * or tool parts in the wrong role; and (param `tool_choice`) for a tool choice without matching tools.
 * Tool results are sent as one text block, with `status: 'error'` only when `isError` is set.
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
  const stopSequences = request.stopSequences?.length ? request.stopSequences : undefined;
  return omitUndefined({
    messages,
    system: system && !options.inlineSystemPrompt ? [{ text: system }] : undefined,
    inferenceConfig: omitUndefined({
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      topP: request.topP,
      stopSequences,
    }),
    toolConfig: convertToConverseToolConfig(request),
  });
}
