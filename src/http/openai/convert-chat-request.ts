import { InvalidRequestError, UnsupportedParameterError } from '../../core/errors.js';
import type {
  ContentPart,
  GenerateRequest,
  Message,
  TextPart,
  ToolChoice,
  ToolDefinition,
} from '../../core/generate-request.js';
import type { ChatCompletionRequest, ChatMessage } from './chat-request-schema.js';

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
  if (body.response_format && body.response_format.type !== 'text') {
    throw refuse(
      'response_format',
      `response_format '${body.response_format.type}' is not supported: Bedrock has no JSON mode. Omit it, or use tools to get structured arguments.`,
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
  if (isPresent(body.seed)) {
    throw refuse(
      'seed',
      'seed is not supported: Bedrock cannot make a generation deterministic, so the gateway does not pretend to.',
    );
  }
  if (body.parallel_tool_calls === false) {
    throw refuse(
      'parallel_tool_calls',
      'parallel_tool_calls: false is not supported: Bedrock cannot be told to call one tool at a time. Omit it.',
    );
  }
  if (isPresent(body.service_tier) && body.service_tier !== 'auto' && body.service_tier !== 'default') {
    throw refuse(
      'service_tier',
      `service_tier '${body.service_tier}' is not supported: send 'auto' or 'default', or omit it.`,
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
    reasoning_effort: 'reasoning effort',
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

type TextContent = string | ReadonlyArray<{ type: 'text'; text: string }>;

function joinText(content: TextContent, separator: string): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join(separator);
}

/** Text parts for a message, without empty ones (Bedrock refuses blank text blocks). */
function toTextParts(texts: readonly string[]): TextPart[] {
  return texts.filter((text) => text.length > 0).map((text) => ({ type: 'text', text }));
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

function checkNoName(message: ChatMessage, index: number): void {
  if ('name' in message && isPresent(message.name)) {
    throw refuse(
      `messages[${index}].name`,
      `messages[${index}].name is not supported: Bedrock has no participant names. Put the name in the content.`,
    );
  }
}

/**
 * OpenAI messages -> the canonical system prompt and turns.
 *
 * - `system` and `developer` messages, wherever they stand, become the one system prompt, joined by blank
 *   lines in their order (Bedrock has no mid-conversation system turns).
 * - `assistant` tool calls become `tool-call` parts with parsed arguments.
 * - `tool` messages become `tool-result` parts in a user turn; consecutive ones share one turn, as Bedrock
 *   wants every result of one assistant turn in the next user turn. Each must answer a call of the
 *   assistant turn before it.
 * - Non-text user content (images, audio, files) is refused, naming the message.
 */
export function convertChatMessages(messages: readonly ChatMessage[]): {
  system: string | undefined;
  messages: Message[];
} {
  const systemTexts: string[] = [];
  const turns: Message[] = [];
  let pendingToolCallIds = new Set<string>();
  let previousRole: ChatMessage['role'] | undefined;

  for (const [index, message] of messages.entries()) {
    const at = `messages[${index}]`;
    if (message.role !== 'function') checkNoName(message, index);
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = joinText(message.content, '\n');
        if (text.length > 0) systemTexts.push(text);
        break;
      }
      case 'user': {
        const texts: string[] = [];
        if (typeof message.content === 'string') texts.push(message.content);
        else {
          for (const part of message.content) {
            if (part.type !== 'text') {
              throw refuse(
                `${at}.content`,
                `${at}.content holds a '${part.type}' part: only text content is supported for now.`,
              );
            }
            texts.push(part.text);
          }
        }
        const content = toTextParts(texts);
        if (content.length === 0) {
          throw new InvalidRequestError('invalid_body', `${at}.content is empty: send some text.`, {
            param: `${at}.content`,
          });
        }
        turns.push({ role: 'user', content });
        break;
      }
      case 'assistant': {
        if (isPresent(message.audio)) {
          throw refuse(`${at}.audio`, `${at}.audio is not supported: the gateway handles text only.`);
        }
        if (isPresent(message.function_call)) {
          throw refuse(
            `${at}.function_call`,
            `${at}.function_call is the legacy function-calling format: send tool_calls instead.`,
          );
        }
        const texts: string[] = [];
        if (typeof message.content === 'string') texts.push(message.content);
        else {
          // A refusal the model gave earlier is what it said: it goes back as text.
          for (const part of message.content ?? [])
            texts.push(part.type === 'text' ? part.text : part.refusal);
        }
        if (isPresent(message.refusal) && !texts.some((text) => text.length > 0)) texts.push(message.refusal);
        const content: ContentPart[] = toTextParts(texts);
        pendingToolCallIds = new Set();
        for (const [callIndex, call] of (message.tool_calls ?? []).entries()) {
          content.push({
            type: 'tool-call',
            toolCallId: call.id,
            toolName: call.function.name,
            input: parseToolArguments(
              call.function.arguments,
              `${at}.tool_calls[${callIndex}].function.arguments`,
            ),
          });
          pendingToolCallIds.add(call.id);
        }
        if (content.length === 0) {
          throw new InvalidRequestError(
            'invalid_body',
            `${at} has neither content nor tool_calls: an assistant message needs one of them.`,
            { param: `${at}.content` },
          );
        }
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
        const part: ContentPart = {
          type: 'tool-result',
          toolCallId: message.tool_call_id,
          content: joinText(message.content, '\n'),
        };
        const last = turns.at(-1);
        if (previousRole === 'tool' && last) last.content.push(part);
        else turns.push({ role: 'user', content: [part] });
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
  return { system: systemTexts.length > 0 ? systemTexts.join('\n\n') : undefined, messages: turns };
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
 * A validated OpenAI chat request -> the canonical request and how to answer it.
 * Throws a 400 for any parameter it cannot honour, naming the parameter: nothing is dropped silently.
 * Advisory fields (`user`, `metadata`, `store`, `service_tier` auto/default, `prompt_cache_*`,
 * `safety_identifier`, `stream_options.include_obfuscation`, tools' `strict`) do not change the answer and
 * are ignored.
 */
export function convertChatRequest(body: ChatCompletionRequest): ConvertedChatRequest {
  checkChatParameters(body);
  const { system, messages } = convertChatMessages(body.messages);
  const tools = convertTools(body.tools);
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
    },
    stream: body.stream === true,
    includeUsage: body.stream === true && body.stream_options?.include_usage === true,
  };
}
