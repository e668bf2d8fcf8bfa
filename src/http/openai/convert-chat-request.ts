import { appendCachePoint, mergeCachePoints } from '../../core/cache-points.js';
import { InvalidRequestError, UnsupportedParameterError } from '../../core/errors.js';
import type {
  CachePointPart,
  ContentPart,
  GenerateRequest,
  Message,
  OutputFormat,
  ReasoningRequest,
  ToolChoice,
  ToolDefinition,
} from '../../core/generate-request.js';
import {
  checkMediaLimits,
  DOCUMENT_FORMATS,
  decodeDocument,
  decodeImage,
  documentFormatFor,
  imageFormatFor,
} from '../../core/media-content.js';
import type { ReasoningEffort } from '../../core/model-capabilities.js';
import type { CacheControl, ChatCompletionRequest, ChatMessage } from './chat-request-schema.js';
import { readDataUrl } from './read-data-url.js';

/** An OpenAI chat request in canonical terms: what `generation.prepare` takes, plus how to answer. */
export interface ConvertedChatRequest {
  /** Alias or configured Bedrock id, as sent. */
  model: string;
  maxTokens: number | undefined;
  /** The field the client used for its token budget, so a too-large value is reported under its own name. */
  maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  request: Omit<GenerateRequest, 'maxTokens'>;
  stream: boolean;
  /** `stream_options.include_usage`: send a final usage chunk (and `usage: null` on every other chunk). */
  includeUsage: boolean;
}

function refuse(param: string, message: string): UnsupportedParameterError {
  return new UnsupportedParameterError(param, message);
}

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/**
 * Throws UnsupportedParameterError (400, `unsupported_parameter`) for the first parameter whose value the
 * gateway cannot honour on Bedrock. Default values (`n: 1`, `logprobs: false`, zero penalties, ...) pass:
 * they ask for nothing the gateway does not do.
 */
export function checkChatParameters(body: ChatCompletionRequest): void {
  if (isPresent(body.n) && body.n > 1) {
    throw refuse(
      'n',
      `n is ${body.n}, but Bedrock generates one choice per call and the gateway does not fan out: send n: 1 (or omit it) and make separate requests.`,
    );
  }
  if (body.logprobs === true) {
    throw refuse('logprobs', 'logprobs is not supported: Bedrock does not return token log probabilities.');
  }
  if (isPresent(body.top_logprobs) && body.top_logprobs > 0) {
    throw refuse(
      'top_logprobs',
      'top_logprobs is not supported: Bedrock does not return token log probabilities.',
    );
  }
  if (isPresent(body.logit_bias) && Object.keys(body.logit_bias).length > 0) {
    throw refuse('logit_bias', 'logit_bias is not supported: Bedrock models take no token biases.');
  }
  for (const param of ['presence_penalty', 'frequency_penalty'] as const) {
    const value = body[param];
    if (isPresent(value) && value !== 0) {
      throw refuse(
        param,
        `${param} is ${value}, but Bedrock's chat models take no penalties: send 0 or omit it.`,
      );
    }
  }
  if (isPresent(body.modalities) && (body.modalities.length !== 1 || body.modalities[0] !== 'text')) {
    throw refuse('modalities', "modalities must be ['text']: the gateway answers in text only.");
  }
  if (body.parallel_tool_calls === false) {
    throw refuse(
      'parallel_tool_calls',
      'parallel_tool_calls: false is not supported: Bedrock cannot be told to call one tool at a time. Omit it.',
    );
  }
  if (body.service_tier === 'scale') {
    throw refuse(
      'service_tier',
      "service_tier 'scale' is OpenAI's Scale Tier, which Bedrock has no counterpart for: send 'auto', 'default', 'flex' or 'priority'.",
    );
  }
  if (isPresent(body.functions) || isPresent(body.function_call)) {
    throw refuse(
      isPresent(body.functions) ? 'functions' : 'function_call',
      "The legacy 'functions' and 'function_call' parameters are not supported: use 'tools' and 'tool_choice'.",
    );
  }
  const unsupportedFeatures = {
    audio: 'audio output',
    prediction: 'predicted outputs',
    verbosity: 'verbosity',
    web_search_options: 'web search',
    moderation: 'OpenAI moderation',
  } as const;
  for (const [param, feature] of Object.entries(unsupportedFeatures)) {
    if (isPresent(body[param as keyof typeof unsupportedFeatures])) {
      throw refuse(param, `${param} is not supported: Bedrock offers no ${feature} through this API.`);
    }
  }
}

/** The output-token budget and the field it came in; both fields with different values is ambiguous. */
function resolveMaxTokensParameter(
  body: ChatCompletionRequest,
): Pick<ConvertedChatRequest, 'maxTokens' | 'maxTokensParam'> {
  const legacy = body.max_tokens ?? undefined;
  const current = body.max_completion_tokens ?? undefined;
  if (legacy !== undefined && current !== undefined && legacy !== current) {
    throw new InvalidRequestError(
      'conflicting_parameters',
      `max_tokens (${legacy}) and max_completion_tokens (${current}) disagree: send one of them.`,
      { param: 'max_completion_tokens' },
    );
  }
  if (current !== undefined) return { maxTokens: current, maxTokensParam: 'max_completion_tokens' };
  return { maxTokens: legacy, maxTokensParam: 'max_tokens' };
}

/**
 * Parses a tool call's `arguments`, which OpenAI sends as a JSON string. Bedrock takes the arguments as a JSON
 * object, so anything else is a 400 naming the field. An empty string means no arguments.
 */
export function parseToolArguments(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidRequestError('invalid_tool_arguments', `${param} is not valid JSON.`, { param });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRequestError('invalid_tool_arguments', `${param} must be a JSON object.`, { param });
  }
  return parsed as Record<string, unknown>;
}

/** What a content part or message may carry to end a cacheable prefix. */
interface CacheMarkers {
  cache_control?: CacheControl | null | undefined;
  prompt_cache_breakpoint?: { mode: 'explicit' } | null | undefined;
}

/**
 * The cache point a part or message asks for: LiteLLM's `cache_control` (with its TTL), or OpenAI's
 * `prompt_cache_breakpoint`, which takes Bedrock's default TTL (5 minutes; OpenAI's 30 minutes has no
 * counterpart).
 */
function readCachePoint(markers: CacheMarkers): CachePointPart | undefined {
  if (isPresent(markers.cache_control)) {
    const { ttl } = markers.cache_control;
    return ttl === undefined ? { type: 'cache-point' } : { type: 'cache-point', ttl };
  }
  return isPresent(markers.prompt_cache_breakpoint) ? { type: 'cache-point' } : undefined;
}

type UserContent = Extract<ChatMessage, { role: 'user' }>['content'];
type UserPart = Exclude<UserContent, string>[number];

/** How many documents the conversion has met, for names of those that came without one. */
interface MediaCount {
  documents: number;
}

/**
 * An `image_url` part as a canonical image. Only `data:` URLs: Bedrock takes image bytes, and fetching a
 * client's URL from the gateway would let any caller make it reach hosts it can see (SSRF), so a remote URL
 * is refused with the way to send the image instead.
 */
function convertImagePart(
  part: Extract<UserPart, { type: 'image_url' }>,
  param: string,
  model: string,
): ContentPart {
  const url = part.image_url.url;
  const dataUrl = readDataUrl(url, `${param}.image_url.url`);
  if (!dataUrl) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
    throw refuse(
      `${param}.image_url.url`,
      `${param}.image_url.url is ${scheme === 'http' || scheme === 'https' ? `an ${scheme}: URL` : 'not a data: URL'}, which model '${model}' cannot be sent: Bedrock takes image bytes, and the gateway does not fetch URLs for callers. Send the image inline as a data: URL (data:image/png;base64,...).`,
    );
  }
  return decodeImage(
    dataUrl.base64,
    imageFormatFor(dataUrl.mediaType, `${param}.image_url.url`),
    `${param}.image_url.url`,
  );
}

/**
 * A `file` part as a canonical document (or an image, for an image file). `file_data` is a base64 data URL,
 * as the openai SDK, LangChain and the AI SDK send it; bare base64 is taken when the file name's extension
 * says the format. A file without a name is called `document N`, N counting from 1.
 */
function convertFilePart(
  part: Extract<UserPart, { type: 'file' }>,
  param: string,
  count: MediaCount,
): ContentPart {
  const { file_data: fileData, file_id: fileId, filename } = part.file;
  if (fileId !== undefined) {
    throw refuse(
      `${param}.file.file_id`,
      `${param}.file.file_id names a file of OpenAI's Files API, which the gateway does not have: send the file inline as file.file_data (a base64 data: URL) with file.filename.`,
    );
  }
  const dataParam = `${param}.file.file_data`;
  if (fileData === undefined) {
    throw new InvalidRequestError('invalid_media', `${param}.file needs file_data (a base64 data: URL).`, {
      param: dataParam,
    });
  }
  const dataUrl = readDataUrl(fileData, dataParam);
  if (dataUrl?.mediaType.startsWith('image/')) {
    return decodeImage(dataUrl.base64, imageFormatFor(dataUrl.mediaType, dataParam), dataParam);
  }
  count.documents += 1;
  const name = filename?.trim() ? filename : `document ${count.documents}`;
  if (dataUrl) {
    return decodeDocument(dataUrl.base64, documentFormatFor(dataUrl.mediaType, dataParam), name, dataParam);
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename ?? '')?.[1]?.toLowerCase();
  const format = DOCUMENT_FORMATS.find((candidate) => candidate === extension);
  if (!format) {
    throw new InvalidRequestError(
      'invalid_media',
      `${dataParam} must be a base64 data URL with the file's media type, such as data:application/pdf;base64,JVBERi0...`,
      { param: dataParam },
    );
  }
  return decodeDocument(fileData, format, name, dataParam);
}

/** A user message's content as canonical parts, each followed by the cache point it asks for. */
function convertUserContent(
  content: UserContent,
  at: string,
  model: string,
  count: MediaCount,
): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const parts: ContentPart[] = [];
  for (const [partIndex, part] of content.entries()) {
    const param = `${at}.content[${partIndex}]`;
    switch (part.type) {
      case 'text':
        if (part.text !== '') parts.push({ type: 'text', text: part.text });
        break;
      case 'image_url':
        parts.push(convertImagePart(part, param, model));
        break;
      case 'file':
        parts.push(convertFilePart(part, param, count));
        break;
      case 'input_audio':
        throw refuse(param, `${param} is an 'input_audio' part: Bedrock's chat models take no audio input.`);
      default: {
        const _exhaustiveCheck: never = part;
        throw new Error(`Unknown content part ${JSON.stringify(_exhaustiveCheck)}`);
      }
    }
    appendCachePoint(parts, readCachePoint(part));
  }
  return parts;
}

type TextContent = string | ReadonlyArray<{ type: 'text'; text: string } & CacheMarkers>;

function joinText(content: TextContent, separator: string): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join(separator);
}

/** The cache point a message and its parts ask for, merged into one (for content that is joined into one). */
function readContentCachePoint(
  message: CacheMarkers,
  content: TextContent | ReadonlyArray<CacheMarkers> | null | undefined,
): CachePointPart | undefined {
  const parts = typeof content === 'string' || !content ? [] : content;
  return mergeCachePoints([readCachePoint(message), ...parts.map(readCachePoint)]);
}

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

/**
 * The reasoning an assistant message carries back, as canonical parts: its `thinking_blocks` (signed, as
 * the gateway returned them), else its `reasoning_content` (the AI SDK sends only that) as unsigned reasoning.
 */
function convertReasoningBack(message: AssistantMessage): ContentPart[] {
  const parts: ContentPart[] = [];
  if (isPresent(message.thinking_blocks) && message.thinking_blocks.length > 0) {
    for (const block of message.thinking_blocks) {
      if (block.type === 'redacted_thinking') parts.push({ type: 'redacted-reasoning', data: block.data });
      else if (block.thinking !== '' || isPresent(block.signature)) {
        parts.push({
          type: 'reasoning',
          text: block.thinking,
          ...(isPresent(block.signature) ? { signature: block.signature } : {}),
        });
      }
      appendCachePoint(parts, readCachePoint(block));
    }
    return parts;
  }
  if (isPresent(message.reasoning_content) && message.reasoning_content !== '') {
    parts.push({ type: 'reasoning', text: message.reasoning_content });
  }
  return parts;
}

/** An assistant message as canonical parts: its reasoning, then its text, then its tool calls. */
function convertAssistantMessage(message: AssistantMessage, at: string): ContentPart[] {
  if (isPresent(message.audio)) {
    throw refuse(`${at}.audio`, `${at}.audio is not supported: the gateway handles text only.`);
  }
  if (isPresent(message.function_call)) {
    throw refuse(
      `${at}.function_call`,
      `${at}.function_call is the legacy function-calling format: send tool_calls instead.`,
    );
  }
  const said: ContentPart[] = [];
  if (typeof message.content === 'string') {
    if (message.content !== '') said.push({ type: 'text', text: message.content });
  } else {
    // A refusal the model gave earlier is what it said: it goes back as text.
    for (const part of message.content ?? []) {
      const text = part.type === 'text' ? part.text : part.refusal;
      if (text !== '') said.push({ type: 'text', text });
      appendCachePoint(said, readCachePoint(part));
    }
  }
  if (isPresent(message.refusal) && message.refusal !== '' && !said.some((part) => part.type === 'text')) {
    said.push({ type: 'text', text: message.refusal });
  }
  for (const [callIndex, call] of (message.tool_calls ?? []).entries()) {
    said.push({
      type: 'tool-call',
      toolCallId: call.id,
      toolName: call.function.name,
      input: parseToolArguments(call.function.arguments, `${at}.tool_calls[${callIndex}].function.arguments`),
    });
  }
  if (!said.some((part) => part.type !== 'cache-point')) {
    throw new InvalidRequestError(
      'invalid_body',
      `${at} has neither content nor tool_calls: an assistant message needs one of them.`,
      { param: `${at}.content` },
    );
  }
  const content = [...convertReasoningBack(message), ...said];
  appendCachePoint(content, readCachePoint(message));
  return content;
}

/**
 * OpenAI messages -> the canonical system prompt and turns.
 *
 * - `system` and `developer` messages, wherever they stand, become the one system prompt, joined by blank
 *   lines in their order (Bedrock has no mid-conversation system turns). A cache breakpoint on any of them
 *   caches the whole system prompt.
 * - `user` text, images (`data:` URLs) and files (base64 `file_data`) become text, image and document parts.
 * - `assistant` messages become their reasoning sent back (`thinking_blocks`, else `reasoning_content`),
 *   their text, and `tool-call` parts with parsed arguments.
 * - `tool` messages become `tool-result` parts in a user turn; consecutive ones share one turn, as Bedrock
 *   wants every result of one assistant turn in the next user turn. Each must answer a call of the
 *   assistant turn before it.
 * - `cache_control` on a part is a cache point after it, on a message a cache point after its last part.
 * - `name` on any message is ignored: Bedrock has no participant names.
 */
export function convertChatMessages(
  messages: readonly ChatMessage[],
  model: string,
): {
  system: string | undefined;
  systemCachePoint: CachePointPart | undefined;
  messages: Message[];
} {
  const systemTexts: string[] = [];
  const systemCachePoints: Array<CachePointPart | undefined> = [];
  const turns: Message[] = [];
  const count: MediaCount = { documents: 0 };
  let pendingToolCallIds = new Set<string>();
  let previousRole: ChatMessage['role'] | undefined;

  for (const [index, message] of messages.entries()) {
    const at = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = joinText(message.content, '\n');
        if (text.length > 0) systemTexts.push(text);
        systemCachePoints.push(readContentCachePoint(message, message.content));
        break;
      }
      case 'user': {
        const content = convertUserContent(message.content, at, model, count);
        if (!content.some((part) => part.type !== 'cache-point')) {
          throw new InvalidRequestError('invalid_body', `${at}.content is empty: send some text.`, {
            param: `${at}.content`,
          });
        }
        appendCachePoint(content, readCachePoint(message));
        turns.push({ role: 'user', content });
        break;
      }
      case 'assistant': {
        const content = convertAssistantMessage(message, at);
        pendingToolCallIds = new Set(
          content.flatMap((part) => (part.type === 'tool-call' ? [part.toolCallId] : [])),
        );
        turns.push({ role: 'assistant', content });
        break;
      }
      case 'tool': {
        if (!pendingToolCallIds.has(message.tool_call_id)) {
          throw new InvalidRequestError(
            'invalid_tool_call_id',
            `${at}.tool_call_id '${message.tool_call_id}' does not answer a tool call of the assistant message before it.`,
            { param: `${at}.tool_call_id` },
          );
        }
        const parts: ContentPart[] = [
          { type: 'tool-result', toolCallId: message.tool_call_id, content: joinText(message.content, '\n') },
        ];
        appendCachePoint(parts, readContentCachePoint(message, message.content));
        const last = turns.at(-1);
        if (previousRole === 'tool' && last) last.content.push(...parts);
        else turns.push({ role: 'user', content: parts });
        break;
      }
      case 'function':
        throw refuse(
          `${at}.role`,
          `${at} has the legacy 'function' role: send the result as a 'tool' message with its tool_call_id.`,
        );
    }
    if (message.role !== 'system' && message.role !== 'developer') previousRole = message.role;
  }
  const system = systemTexts.length > 0 ? systemTexts.join('\n\n') : undefined;
  return {
    system,
    systemCachePoint: system === undefined ? undefined : mergeCachePoints(systemCachePoints),
    messages: turns,
  };
}

function convertTools(tools: ChatCompletionRequest['tools']): ToolDefinition[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  return tools.map(({ function: definition }) => ({
    name: definition.name,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    inputSchema: definition.parameters ?? { type: 'object', properties: {} },
  }));
}

/** OpenAI's tool_choice in canonical terms: `required` is Bedrock's `any`, a named function its `tool`. */
export function convertToolChoice(choice: ChatCompletionRequest['tool_choice']): ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.function.name };
}

/**
 * `response_format` as the canonical output format: `json_object` is any JSON object, `json_schema` JSON that
 * follows its schema (one without a schema is any JSON object); `text` asks for nothing.
 */
export function convertResponseFormat(
  format: ChatCompletionRequest['response_format'],
): OutputFormat | undefined {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object' || !isPresent(format.json_schema.schema)) return { type: 'json-object' };
  const { name, description, schema, strict } = format.json_schema;
  return {
    type: 'json-schema',
    schema,
    name,
    ...(isPresent(description) ? { description } : {}),
    ...(isPresent(strict) ? { strict } : {}),
  };
}

/**
 * OpenAI's `reasoning_effort` as a canonical reasoning request. `minimal` is the lowest effort Bedrock's
 * models take (`low`); `none` asks for no reasoning (a model that always reasons still does).
 */
export function convertReasoningEffort(
  effort: ChatCompletionRequest['reasoning_effort'],
): ReasoningRequest | undefined {
  if (!isPresent(effort) || effort === 'none') return undefined;
  const canonical: ReasoningEffort = effort === 'minimal' ? 'low' : effort;
  return { effort: canonical };
}

/**
 * OpenAI's `service_tier` as Bedrock's: `auto` leaves the choice to the key's default tier, `default`,
 * `flex` and `priority` are Bedrock's tiers of the same names (Bedrock Runtime `ServiceTier`: priority, default,
 * flex, reserved; https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ServiceTier.html).
 * `scale` is refused by `checkChatParameters`.
 */
function convertServiceTier(tier: ChatCompletionRequest['service_tier']): GenerateRequest['serviceTier'] {
  if (!isPresent(tier) || tier === 'auto' || tier === 'scale') return undefined;
  return tier;
}

/**
 * A validated OpenAI chat request -> the canonical request and how to answer it.
 * Throws a 400 for any parameter it cannot honour, naming the parameter: nothing is dropped silently.
 * Advisory fields (`user`, `metadata`, `store`, `seed`, `prompt_cache_*`, `safety_identifier`, messages'
 * `name`, images' `detail`, `stream_options.include_obfuscation`, tools' `strict`) do not change the answer
 * and are ignored.
 */
export function convertChatRequest(body: ChatCompletionRequest): ConvertedChatRequest {
  checkChatParameters(body);
  const { system, systemCachePoint, messages } = convertChatMessages(body.messages, body.model);
  checkMediaLimits({ messages });
  const tools = convertTools(body.tools);
  const toolsCachePoint = tools
    ? mergeCachePoints((body.tools ?? []).map((tool) => readCachePoint(tool)))
    : undefined;
  const toolChoice = convertToolChoice(body.tool_choice);
  const temperature = body.temperature ?? undefined;
  if (temperature !== undefined && temperature > 1) {
    throw new InvalidRequestError(
      'unsupported_value',
      `temperature is ${temperature}, but Bedrock models take 0 to 1 (OpenAI's 0 to 2 does not map onto it): send a value up to 1.`,
      { param: 'temperature' },
    );
  }
  if (isPresent(body.stream_options) && body.stream !== true) {
    throw new InvalidRequestError('invalid_body', 'stream_options is only allowed with stream: true.', {
      param: 'stream_options',
    });
  }
  const topP = body.top_p ?? undefined;
  const stop = body.stop ?? undefined;
  const stopSequences = stop === undefined ? undefined : typeof stop === 'string' ? [stop] : stop;
  const outputFormat = convertResponseFormat(body.response_format);
  const reasoning = convertReasoningEffort(body.reasoning_effort);
  const serviceTier = convertServiceTier(body.service_tier);
  const cachePoints = {
    ...(systemCachePoint ? { system: systemCachePoint } : {}),
    ...(toolsCachePoint ? { tools: toolsCachePoint } : {}),
  };
  return {
    model: body.model,
    ...resolveMaxTokensParameter(body),
    request: {
      messages,
      ...(system === undefined ? {} : { system }),
      ...(temperature === undefined ? {} : { temperature }),
      ...(topP === undefined ? {} : { topP }),
      ...(stopSequences === undefined || stopSequences.length === 0 ? {} : { stopSequences }),
      ...(tools === undefined ? {} : { tools }),
      ...(toolChoice === undefined ? {} : { toolChoice }),
      ...(Object.keys(cachePoints).length > 0 ? { cachePoints } : {}),
      ...(reasoning === undefined ? {} : { reasoning }),
      ...(outputFormat === undefined ? {} : { outputFormat }),
      ...(serviceTier === undefined ? {} : { serviceTier }),
    },
    stream: body.stream === true,
    includeUsage: body.stream === true && body.stream_options?.include_usage === true,
  };
}
