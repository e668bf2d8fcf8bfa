import { appendCachePoint, mergeCachePoints } from '../../core/cache-points.js';
import { InvalidRequestError, UnsupportedParameterError } from '../../core/errors.js';
import type {
  CachePointPart,
  ContentPart,
  GenerateRequest,
  Message,
  Role,
  ToolChoice,
  ToolDefinition,
} from '../../core/generate-request.js';
import { checkMediaLimits } from '../../core/media-content.js';
import { convertContentParts } from './convert-content-parts.js';
import { convertImageUrl, convertInlineFile, type MediaCount } from './convert-openai-media.js';
import {
  checkParallelToolCalls,
  convertFunctionTool,
  convertOutputFormat,
  convertReasoningEffort,
  convertServiceTier,
  convertTemperature,
  convertToolChoiceOption,
} from './convert-openai-options.js';
import { decodeReasoningContent } from './encode-reasoning-content.js';
import { parseToolArguments } from './parse-tool-arguments.js';
import { readCachePoint } from './read-cache-point.js';
import type { ResponseInputItem, ResponsesRequest, ResponsesTool } from './responses-request-schema.js';

/** An OpenAI Responses request in canonical terms: what `generation.prepare` takes, plus how to answer. */
export interface ConvertedResponsesRequest {
  /** Alias or configured Bedrock id, as sent. */
  model: string;
  maxTokens: number | undefined;
  request: Omit<GenerateRequest, 'maxTokens'>;
  stream: boolean;
  /** `include: ["reasoning.encrypted_content"]`: reasoning items carry their block (see `encodeReasoningContent`). */
  includeReasoningContent: boolean;
}

function refuse(param: string, message: string): UnsupportedParameterError {
  return new UnsupportedParameterError(param, message);
}

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/** How to send the conversation when the gateway keeps none: the advice every storage refusal gives. */
const STATELESS_ADVICE =
  'This gateway does not store responses (store is always false): send the whole conversation in input, the earlier input items and then the output items of the earlier response.';

/** Why a hosted tool (or a tool OpenAI defines for its own models) cannot be offered to a Bedrock model. */
function describeHostedTool(type: string): string {
  switch (type) {
    case 'custom':
      return 'custom tools (free-form text input) are not supported: define a function tool with a JSON schema';
    case 'local_shell':
    case 'shell':
    case 'apply_patch':
      return `'${type}' is a tool OpenAI defines for its own models: define it as a function tool`;
    case 'namespace':
    case 'tool_search':
    case 'programmatic_tool_calling':
      return `'${type}' is an OpenAI tool-loading feature the gateway does not have: list function tools directly`;
    default:
      return `'${type}' is a hosted tool that runs on OpenAI's servers, which Bedrock does not have: the gateway offers function tools only`;
  }
}

/**
 * Throws UnsupportedParameterError (400, `unsupported_parameter`) for the first parameter whose value the
 * gateway cannot honour. Default values (`truncation: "disabled"`, `top_logprobs: 0`, `background: false`, ...)
 * pass: they ask for nothing the gateway does not do.
 */
export function checkResponsesParameters(body: ResponsesRequest): void {
  if (isPresent(body.previous_response_id)) {
    throw refuse('previous_response_id', `previous_response_id needs a stored response. ${STATELESS_ADVICE}`);
  }
  if (isPresent(body.conversation)) {
    throw refuse('conversation', `conversation needs stored conversations. ${STATELESS_ADVICE}`);
  }
  if (body.background === true) {
    throw refuse(
      'background',
      'background: true needs stored responses to poll, and this gateway stores none: send the request without it (stream it for long answers).',
    );
  }
  if (isPresent(body.prompt)) {
    throw refuse(
      'prompt',
      "prompt names a prompt template kept on OpenAI's platform, which the gateway does not have: send the instructions and input themselves.",
    );
  }
  if (body.truncation === 'auto') {
    throw refuse(
      'truncation',
      "truncation 'auto' would drop the start of a conversation that does not fit, which the gateway does not do: send 'disabled' (or omit it) and shorten the input.",
    );
  }
  if (isPresent(body.top_logprobs) && body.top_logprobs > 0) {
    throw refuse(
      'top_logprobs',
      'top_logprobs is not supported: Bedrock does not return token log probabilities.',
    );
  }
  if (body.include?.includes('message.output_text.logprobs')) {
    throw refuse(
      'include',
      "include 'message.output_text.logprobs' is not supported: Bedrock does not return token log probabilities.",
    );
  }
  if (isPresent(body.text?.verbosity)) {
    throw refuse(
      'text.verbosity',
      'text.verbosity is not supported: Bedrock models take no verbosity setting.',
    );
  }
  const mode = body.reasoning?.mode;
  if (isPresent(mode) && mode !== 'standard') {
    throw refuse('reasoning.mode', `reasoning.mode '${mode}' is OpenAI's: send 'standard' or omit it.`);
  }
  if (isPresent(body.moderation)) {
    throw refuse('moderation', 'moderation is not supported: Bedrock offers no OpenAI moderation.');
  }
  if (isPresent(body.context_management)) {
    throw refuse(
      'context_management',
      "context_management (OpenAI's server-side compaction) is not supported: send the conversation as you want the model to see it.",
    );
  }
  if (isPresent(body.stream_options) && body.stream !== true) {
    throw new InvalidRequestError('invalid_body', 'stream_options is only allowed with stream: true.', {
      param: 'stream_options',
    });
  }
  checkParallelToolCalls(body.parallel_tool_calls);
}

type MessageItem = Extract<ResponseInputItem, { type?: 'message' }>;
type InstructionMessage = Extract<MessageItem, { role: 'user' | 'system' | 'developer' }>;
type InputPart = Exclude<InstructionMessage['content'], string>[number];
type AssistantMessage = Extract<MessageItem, { role: 'assistant' }>;
type FunctionCallOutputItem = Extract<ResponseInputItem, { type: 'function_call_output' }>;

/** An `input_image` or `input_file` part (from a message or a function's output) as a canonical part. */
function convertMediaPart(
  part: Extract<InputPart, { type: 'input_image' | 'input_file' }>,
  param: string,
  model: string,
  count: MediaCount,
): ContentPart {
  if (part.type === 'input_image') {
    if (isPresent(part.file_id)) {
      throw refuse(
        `${param}.file_id`,
        `${param}.file_id names a file of OpenAI's Files API, which the gateway does not have: send the image inline as image_url, a data: URL (data:image/png;base64,...).`,
      );
    }
    if (!isPresent(part.image_url)) {
      throw new InvalidRequestError('invalid_media', `${param} needs image_url (a base64 data: URL).`, {
        param: `${param}.image_url`,
      });
    }
    return convertImageUrl(part.image_url, `${param}.image_url`, model);
  }
  if (isPresent(part.file_url)) {
    throw refuse(
      `${param}.file_url`,
      `${param}.file_url is a URL, which the gateway does not fetch for callers: send the file inline as file_data (a base64 data: URL) with its filename.`,
    );
  }
  return convertInlineFile(
    { fileData: part.file_data, fileId: part.file_id, filename: part.filename },
    { file: param, data: `${param}.file_data`, id: `${param}.file_id` },
    count,
  );
}

/** A user message's content as canonical parts, each followed by the cache point it asks for. */
function convertUserContent(
  content: InstructionMessage['content'],
  at: string,
  model: string,
  count: MediaCount,
): ContentPart[] {
  return convertContentParts(content, at, (part, param) => {
    switch (part.type) {
      case 'input_text':
        return { type: 'text', text: part.text };
      case 'input_image':
      case 'input_file':
        return convertMediaPart(part, param, model, count);
      case 'input_audio':
        throw refuse(param, `${param} is an 'input_audio' part: Bedrock's chat models take no audio input.`);
      default: {
        const _exhaustiveCheck: never = part;
        throw new Error(`Unknown content part ${JSON.stringify(_exhaustiveCheck)}`);
      }
    }
  });
}

/** A system or developer message's text (Bedrock's system prompt is text) and the cache point it asks for. */
function convertInstructionText(
  message: InstructionMessage,
  at: string,
): { text: string; cachePoint: CachePointPart | undefined } {
  if (typeof message.content === 'string') return { text: message.content, cachePoint: undefined };
  const texts: string[] = [];
  const cachePoints: Array<CachePointPart | undefined> = [];
  for (const [partIndex, part] of message.content.entries()) {
    if (part.type !== 'input_text') {
      throw refuse(
        `${at}.content[${partIndex}]`,
        `${at}.content[${partIndex}] is an '${part.type}' part in a ${message.role} message: Bedrock's system prompt takes text only. Send it in a user message.`,
      );
    }
    texts.push(part.text);
    cachePoints.push(readCachePoint(part));
  }
  return { text: texts.join('\n'), cachePoint: mergeCachePoints(cachePoints) };
}

/** An assistant message's text; a refusal the model gave earlier is what it said, and goes back as text. */
function convertAssistantContent(message: AssistantMessage): ContentPart[] {
  if (typeof message.content === 'string') {
    return message.content === '' ? [] : [{ type: 'text', text: message.content }];
  }
  const parts: ContentPart[] = [];
  for (const part of message.content) {
    const text = part.type === 'refusal' ? part.refusal : part.text;
    if (text !== '') parts.push({ type: 'text', text });
    if (part.type === 'input_text') appendCachePoint(parts, readCachePoint(part));
  }
  return parts;
}

/**
 * A reasoning item sent back: the block its `encrypted_content` holds (signed or redacted, as the gateway
 * returned it), else its text (the summary, or the raw reasoning text) as unsigned reasoning, which only models
 * that take unsigned reasoning keep (see `keepUsableReasoning`).
 */
function convertReasoningItem(
  item: Extract<ResponseInputItem, { type: 'reasoning' }>,
  at: string,
): ContentPart[] {
  if (isPresent(item.encrypted_content)) {
    return [decodeReasoningContent(item.encrypted_content, `${at}.encrypted_content`)];
  }
  const texts = (item.content ?? []).length > 0 ? (item.content ?? []) : item.summary;
  const text = texts.map((part) => part.text).join('\n\n');
  return text === '' ? [] : [{ type: 'reasoning', text }];
}

/** A function's output as a tool result: text, or text parts joined; images and files in it are refused. */
function convertFunctionOutput(item: FunctionCallOutputItem, at: string): ContentPart {
  if (typeof item.output === 'string') {
    return { type: 'tool-result', toolCallId: item.call_id, content: item.output };
  }
  const texts: string[] = [];
  for (const [partIndex, part] of item.output.entries()) {
    if (part.type !== 'input_text') {
      throw refuse(
        `${at}.output[${partIndex}]`,
        `${at}.output[${partIndex}] is an '${part.type}' part: the gateway sends function outputs to Bedrock as text. Send the ${part.type === 'input_image' ? 'image' : 'file'} in a user message after the output.`,
      );
    }
    texts.push(part.text);
  }
  return { type: 'tool-result', toolCallId: item.call_id, content: texts.join('\n') };
}

/** Why an input item of a kind the gateway has no counterpart for is refused. */
function describeUnsupportedItem(type: string): string {
  if (type === 'configuration_update') {
    return "a 'configuration_update' item (an OpenAI model feature): set reasoning and text on the request instead";
  }
  return `a '${type}' item, which belongs to a hosted tool or feature of OpenAI's that the gateway does not have`;
}

/**
 * Responses input items -> the canonical system prompt and turns.
 *
 * - `instructions`, then `system` and `developer` messages wherever they stand, become the one system prompt,
 *   joined by blank lines (Bedrock has no mid-conversation system turns).
 * - `user` messages: text, images (`data:` URLs) and files (base64 `file_data`) become text, image and document
 *   parts; `prompt_cache_breakpoint` on a part is a cache point after it.
 * - `assistant` messages, `function_call` and `reasoning` items make assistant turns, consecutive ones one turn,
 *   in the order they came: reasoning, text, and `tool-call` parts with parsed arguments.
 * - `function_call_output` items become `tool-result` parts in a user turn; each must answer a `function_call`
 *   of the assistant turn before it.
 * - `item_reference` items are refused: they point at stored items, and the gateway stores none.
 */
export function convertResponsesInput(body: Pick<ResponsesRequest, 'input' | 'instructions' | 'model'>): {
  system: string | undefined;
  systemCachePoint: CachePointPart | undefined;
  messages: Message[];
} {
  const items: ResponseInputItem[] =
    typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
  const systemTexts = isPresent(body.instructions) && body.instructions !== '' ? [body.instructions] : [];
  const systemCachePoints: Array<CachePointPart | undefined> = [];
  const turns: Message[] = [];
  const count: MediaCount = { documents: 0 };
  let pendingCallIds = new Set<string>();

  const addToTurn = (role: Role, content: ContentPart[]) => {
    const last = turns.at(-1);
    if (last?.role === role) last.content.push(...content);
    else {
      if (role === 'assistant') pendingCallIds = new Set();
      turns.push({ role, content });
    }
  };

  for (const [index, item] of items.entries()) {
    const at = typeof body.input === 'string' ? 'input' : `input[${index}]`;
    if (item.type === undefined || item.type === 'message') {
      switch (item.role) {
        case 'system':
        case 'developer': {
          const { text, cachePoint } = convertInstructionText(item, at);
          if (text.length > 0) systemTexts.push(text);
          systemCachePoints.push(cachePoint);
          break;
        }
        case 'user': {
          const content = convertUserContent(item.content, at, body.model, count);
          if (!content.some((part) => part.type !== 'cache-point')) {
            throw new InvalidRequestError('invalid_body', `${at}.content is empty: send some text.`, {
              param: `${at}.content`,
            });
          }
          addToTurn('user', content);
          break;
        }
        case 'assistant':
          addToTurn('assistant', convertAssistantContent(item));
          break;
        default: {
          const _exhaustiveCheck: never = item;
          throw new Error(`Unknown message ${JSON.stringify(_exhaustiveCheck)}`);
        }
      }
      continue;
    }
    switch (item.type) {
      case 'function_call':
        addToTurn('assistant', [
          {
            type: 'tool-call',
            toolCallId: item.call_id,
            toolName: item.name,
            input: parseToolArguments(item.arguments, `${at}.arguments`),
          },
        ]);
        pendingCallIds.add(item.call_id);
        break;
      case 'function_call_output':
        if (!pendingCallIds.has(item.call_id)) {
          throw new InvalidRequestError(
            'invalid_tool_call_id',
            `${at}.call_id '${item.call_id}' does not answer a function_call of the assistant turn before it.`,
            { param: `${at}.call_id` },
          );
        }
        addToTurn('user', [convertFunctionOutput(item, at)]);
        break;
      case 'reasoning':
        addToTurn('assistant', convertReasoningItem(item, at));
        break;
      case 'item_reference':
        throw refuse(
          at,
          `${at} is an item_reference to '${item.id}', a stored item. ${STATELESS_ADVICE} With the AI SDK, set providerOptions.openai.store to false, and it sends the items themselves.`,
        );
      default:
        throw refuse(at, `${at} is ${describeUnsupportedItem(item.type)}.`);
    }
  }
  const messages = turns.filter((turn) => turn.content.some((part) => part.type !== 'cache-point'));
  const system = systemTexts.length > 0 ? systemTexts.join('\n\n') : undefined;
  return {
    system,
    systemCachePoint: system === undefined ? undefined : mergeCachePoints(systemCachePoints),
    messages,
  };
}

type FunctionTool = Extract<ResponsesTool, { type: 'function' }>;

/** The function tools; any other tool type is refused, naming it and saying why. */
function convertTools(tools: ResponsesRequest['tools']): FunctionTool[] {
  const functions: FunctionTool[] = [];
  for (const [index, tool] of (tools ?? []).entries()) {
    if (tool.type !== 'function') {
      throw refuse(`tools[${index}]`, `tools[${index}]: ${describeHostedTool(tool.type)}.`);
    }
    functions.push(tool);
  }
  return functions;
}

/**
 * `tool_choice` in canonical terms, with the tools it leaves the model. `allowed_tools` narrows the tools to
 * those it names (`mode: "required"` is Bedrock's `any`); a hosted tool's choice is refused like its tool.
 */
function convertToolChoice(
  choice: ResponsesRequest['tool_choice'],
  tools: FunctionTool[],
): { toolChoice: ToolChoice | undefined; tools: FunctionTool[] } {
  if (!isPresent(choice)) return { toolChoice: undefined, tools };
  if (typeof choice === 'string') return { toolChoice: convertToolChoiceOption(choice), tools };
  switch (choice.type) {
    case 'function':
      return { toolChoice: convertToolChoiceOption({ name: choice.name }), tools };
    case 'allowed_tools': {
      const names = new Set<string>();
      for (const [index, allowed] of choice.tools.entries()) {
        const param = `tool_choice.tools[${index}]`;
        if (allowed.type !== 'function') {
          throw refuse(param, `${param}: ${describeHostedTool(allowed.type)}.`);
        }
        if (!allowed.name || !tools.some((tool) => tool.name === allowed.name)) {
          throw new InvalidRequestError(
            'invalid_body',
            `${param} names no function of tools: give the name of one of them.`,
            { param },
          );
        }
        names.add(allowed.name);
      }
      return {
        toolChoice: convertToolChoiceOption(choice.mode),
        tools: tools.filter((tool) => names.has(tool.name)),
      };
    }
    default:
      throw refuse('tool_choice', `tool_choice: ${describeHostedTool(choice.type)}.`);
  }
}

/**
 * A validated OpenAI Responses request -> the canonical request and how to answer it.
 * Throws a 400 for any parameter it cannot honour, naming the parameter: nothing is dropped silently.
 * Advisory fields (`store`, `metadata`, `user`, `safety_identifier`, `prompt_cache_*`, `max_tool_calls`,
 * `reasoning.summary`, `reasoning.context`, images' `detail`, tools' `strict`, items' `id` and `status`) do not
 * change the answer.
 */
export function convertResponsesRequest(body: ResponsesRequest): ConvertedResponsesRequest {
  checkResponsesParameters(body);
  const { system, systemCachePoint, messages } = convertResponsesInput(body);
  if (messages.length === 0) {
    throw new InvalidRequestError('invalid_body', 'input holds no user message: send some text.', {
      param: 'input',
    });
  }
  checkMediaLimits({ messages });
  const choice = convertToolChoice(body.tool_choice, convertTools(body.tools));
  const tools: ToolDefinition[] = choice.tools.map(convertFunctionTool);
  const temperature = convertTemperature(body.temperature);
  const topP = body.top_p ?? undefined;
  const outputFormat = convertOutputFormat(body.text?.format ?? undefined);
  const reasoning = convertReasoningEffort(body.reasoning?.effort);
  const serviceTier = convertServiceTier(body.service_tier);
  return {
    model: body.model,
    maxTokens: body.max_output_tokens ?? undefined,
    request: {
      messages,
      ...(system === undefined ? {} : { system }),
      ...(temperature === undefined ? {} : { temperature }),
      ...(topP === undefined ? {} : { topP }),
      ...(tools.length === 0 ? {} : { tools }),
      ...(choice.toolChoice === undefined ? {} : { toolChoice: choice.toolChoice }),
      ...(systemCachePoint ? { cachePoints: { system: systemCachePoint } } : {}),
      ...(reasoning === undefined ? {} : { reasoning }),
      ...(outputFormat === undefined ? {} : { outputFormat }),
      ...(serviceTier === undefined ? {} : { serviceTier }),
    },
    stream: body.stream === true,
    includeReasoningContent: body.include?.includes('reasoning.encrypted_content') === true,
  };
}
