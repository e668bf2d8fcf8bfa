import { appendCachePoint, mergeCachePoints } from '../../core/cache-points.js';
import { InvalidRequestError, UnsupportedParameterError } from '../../core/errors.js';
import type {
  CachePointPart,
  ContentPart,
  GenerateRequest,
  Message,
  ToolChoice,
  ToolDefinition,
} from '../../core/generate-request.js';
import { checkMediaLimits } from '../../core/media-content.js';
import type { ChatCompletionRequest, ChatMessage } from './chat-request-schema.js';
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
import { parseToolArguments } from './parse-tool-arguments.js';
import { type CacheMarkers, readCachePoint } from './read-cache-point.js';

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
  checkParallelToolCalls(body.parallel_tool_calls);
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

type UserContent = Extract<ChatMessage, { role: 'user' }>['content'];

/** A user message's content as canonical parts, each followed by the cache point it asks for. */
function convertUserContent(
  content: UserContent,
  at: string,
  model: string,
  count: MediaCount,
): ContentPart[] {
  return convertContentParts(content, at, (part, param) => {
    switch (part.type) {
      case 'text':
        return { type: 'text', text: part.text };
      case 'image_url':
        return convertImageUrl(part.image_url.url, `${param}.image_url.url`, model);
      case 'file':
        return convertInlineFile(
          { fileData: part.file.file_data, fileId: part.file.file_id, filename: part.file.filename },
          { file: `${param}.file`, data: `${param}.file.file_data`, id: `${param}.file.file_id` },
          count,
        );
      case 'input_audio':
        throw refuse(param, `${param} is an 'input_audio' part: Bedrock's chat models take no audio input.`);
      default: {
        const _exhaustiveCheck: never = part;
        throw new Error(`Unknown content part ${JSON.stringify(_exhaustiveCheck)}`);
      }
    }
  });
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
  return tools.map(({ function: definition }) => convertFunctionTool(definition));
}

function convertToolChoice(choice: ChatCompletionRequest['tool_choice']): ToolChoice | undefined {
  if (choice === undefined) return undefined;
  return convertToolChoiceOption(typeof choice === 'string' ? choice : { name: choice.function.name });
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
  const temperature = convertTemperature(body.temperature);
  if (isPresent(body.stream_options) && body.stream !== true) {
    throw new InvalidRequestError('invalid_body', 'stream_options is only allowed with stream: true.', {
      param: 'stream_options',
    });
  }
  const topP = body.top_p ?? undefined;
  const stop = body.stop ?? undefined;
  const stopSequences = stop === undefined ? undefined : typeof stop === 'string' ? [stop] : stop;
  const format = body.response_format;
  const outputFormat = convertOutputFormat(
    format?.type === 'json_schema' ? { type: 'json_schema', ...format.json_schema } : format,
  );
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
