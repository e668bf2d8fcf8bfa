import { appendCachePoint, mergeCachePoints } from '../../core/cache-points.js';
import { validateConversation } from '../../core/codecs/validate-conversation.js';
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
  decodeDocument,
  decodeImage,
  documentFormatFor,
  imageFormatFor,
} from '../../core/media-content.js';
import type { ReasoningEffort } from '../../core/model-capabilities.js';
import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicCustomTool,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  CountTokensRequest,
  MessagesRequest,
} from './messages-request-schema.js';
import type { AnthropicApiVersion } from './read-anthropic-headers.js';

/** The prompt of a Messages body in canonical terms: what `count_tokens` counts and `/v1/messages` sends. */
export interface ConvertedPrompt {
  /** The model name as sent (an Anthropic id, an alias or a Bedrock id); the route maps it. */
  model: string;
  request: Omit<GenerateRequest, 'maxTokens'>;
}

/** A Messages body in canonical terms: what `generation.prepare` takes, plus how to answer. */
export interface ConvertedMessagesRequest extends ConvertedPrompt {
  maxTokens: number;
  stream: boolean;
  /** `metadata.user_id`: an opaque id of the end user, for the log line. */
  endUser?: string;
}

function refuse(param: string, message: string): UnsupportedParameterError {
  return new UnsupportedParameterError(param, message);
}

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/** The cache point a block's `cache_control` asks for. */
function readCachePoint(cacheControl: AnthropicCacheControl | null | undefined): CachePointPart | undefined {
  if (!isPresent(cacheControl)) return undefined;
  return cacheControl.ttl === undefined
    ? { type: 'cache-point' }
    : { type: 'cache-point', ttl: cacheControl.ttl };
}

/** Text blocks, refusing citations sent back (Bedrock's Converse takes none in a prompt). */
function readText(block: AnthropicTextBlock, param: string): string {
  if (isPresent(block.citations) && block.citations.length > 0) {
    throw refuse(
      `${param}.citations`,
      `${param}.citations: citations sent back in a prompt have no Bedrock counterpart; send the text without them.`,
    );
  }
  return block.text;
}

/** Counts documents, so that those without a title get a name (`Document 1`, ...) Bedrock accepts. */
interface MediaCount {
  documents: number;
}

/**
 * A source the gateway would have to fetch or look up: refused. Fetching a client's URL from the gateway would
 * let any caller make it reach hosts it can see (SSRF), and the Files API has no Bedrock counterpart.
 */
function refuseRemoteSource(source: { type: 'url' } | { type: 'file' }, param: string, what: string): never {
  if (source.type === 'url') {
    throw refuse(
      `${param}.source`,
      `${param}.source is a URL: the gateway does not fetch URLs for the model. Send the ${what} inline, as a base64 source.`,
    );
  }
  throw refuse(
    `${param}.source`,
    `${param}.source names a file of Anthropic's Files API, which Bedrock does not have. Send the ${what} inline, as a base64 source.`,
  );
}

function convertImage(block: AnthropicImageBlock, param: string): ContentPart {
  const { source } = block;
  if (source.type !== 'base64') refuseRemoteSource(source, param, 'image');
  if (block.transformations !== undefined && block.transformations !== null) {
    throw refuse(`${param}.transformations`, `${param}.transformations has no Bedrock counterpart.`);
  }
  const at = `${param}.source.data`;
  return decodeImage(source.data, imageFormatFor(source.media_type, `${param}.source.media_type`), at);
}

/**
 * A document: a base64 PDF (or another format Bedrock takes, by its media type), or plain text, as a Converse
 * document named by its `title`. Citations, `context` and content sources have no Bedrock counterpart here.
 */
function convertDocument(block: AnthropicDocumentBlock, param: string, count: MediaCount): ContentPart {
  const { source } = block;
  if (source.type === 'url' || source.type === 'file') refuseRemoteSource(source, param, 'document');
  if (source.type === 'content') {
    throw refuse(
      `${param}.source`,
      `${param}.source is a content source: send the blocks as text blocks, or the document as base64 or text.`,
    );
  }
  if (block.citations?.enabled === true) {
    throw refuse(
      `${param}.citations`,
      `${param}.citations: the gateway does not return citations; remove citations.enabled.`,
    );
  }
  if (isPresent(block.context)) {
    throw refuse(`${param}.context`, `${param}.context has no Bedrock counterpart; send it as a text block.`);
  }
  count.documents += 1;
  const name = block.title?.trim() ? block.title : `Document ${count.documents}`;
  const at = `${param}.source.data`;
  if (source.type === 'text') {
    if (source.media_type !== 'text/plain') {
      throw new InvalidRequestError(
        'invalid_media',
        `${param}.source.media_type: a text source is 'text/plain', not '${source.media_type}'.`,
        { param: `${param}.source.media_type` },
      );
    }
    return decodeDocument(Buffer.from(source.data, 'utf8').toString('base64'), 'txt', name, at);
  }
  return decodeDocument(
    source.data,
    documentFormatFor(source.media_type, `${param}.source.media_type`),
    name,
    at,
  );
}

/** A tool result's content as the canonical text: a string, or its text blocks joined by newlines. */
function convertToolResultContent(
  content: Extract<AnthropicContentBlock, { type: 'tool_result' }>['content'],
  param: string,
): string {
  if (content === undefined || typeof content === 'string') return content ?? '';
  const texts: string[] = [];
  for (const [index, block] of content.entries()) {
    const at = `${param}.content.${index}`;
    if (block.type !== 'text') {
      throw refuse(
        at,
        `${at} is a '${block.type}' block: the gateway sends tool results to Bedrock as text. Send the ${block.type} in a user message instead.`,
      );
    }
    if (isPresent(block.cache_control)) {
      throw refuse(
        `${at}.cache_control`,
        `${at}.cache_control: put the cache breakpoint on the tool_result block itself.`,
      );
    }
    texts.push(readText(block, at));
  }
  return texts.join('\n');
}

/** One content block as canonical parts (none for an empty text), with the cache point it asks for after it. */
function convertBlock(
  block: AnthropicContentBlock,
  param: string,
  count: MediaCount,
  parts: ContentPart[],
): void {
  switch (block.type) {
    case 'text': {
      const text = readText(block, param);
      if (text !== '') parts.push({ type: 'text', text });
      break;
    }
    case 'image':
      parts.push(convertImage(block, param));
      break;
    case 'document':
      parts.push(convertDocument(block, param, count));
      break;
    case 'tool_use':
      if (block.caller !== undefined && block.caller.type !== 'direct') {
        throw refuse(
          `${param}.caller`,
          `${param}.caller is '${block.caller.type}': tools called from server-side code execution have no Bedrock counterpart.`,
        );
      }
      parts.push({ type: 'tool-call', toolCallId: block.id, toolName: block.name, input: block.input ?? {} });
      break;
    case 'tool_result':
      parts.push({
        type: 'tool-result',
        toolCallId: block.tool_use_id,
        content: convertToolResultContent(block.content, param),
        ...(block.is_error === true ? { isError: true } : {}),
      });
      break;
    case 'thinking':
    case 'redacted_thinking':
      if (isPresent(block.cache_control)) {
        throw refuse(
          `${param}.cache_control`,
          `${param}.cache_control: thinking blocks cannot carry a cache breakpoint; put it on a later block.`,
        );
      }
      parts.push(
        block.type === 'thinking'
          ? {
              type: 'reasoning',
              text: block.thinking,
              // The empty signature is the gateway's for reasoning that came unsigned: there is none to send back.
              ...(block.signature === '' ? {} : { signature: block.signature }),
            }
          : { type: 'redacted-reasoning', data: block.data },
      );
      return;
    default: {
      const _exhaustiveCheck: never = block;
      throw new Error(`Unknown content block ${JSON.stringify(_exhaustiveCheck)}`);
    }
  }
  appendCachePoint(parts, readCachePoint(block.cache_control));
}

function convertContent(
  content: string | readonly AnthropicContentBlock[],
  at: string,
  count: MediaCount,
): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const parts: ContentPart[] = [];
  for (const [index, block] of content.entries()) convertBlock(block, `${at}.content.${index}`, count, parts);
  return parts;
}

/**
 * The top-level system prompt: its text blocks joined by newlines (as Anthropic and Bedrock join system blocks),
 * with one cache point after it if any block asks for one. Bedrock caches prefixes, so a breakpoint on an
 * earlier system block becomes one at the end of the system prompt, which caches that prefix and more.
 */
function convertSystem(system: MessagesRequest['system']): {
  system?: string;
  cachePoint?: CachePointPart;
} {
  if (system === undefined) return {};
  if (typeof system === 'string') return system === '' ? {} : { system };
  const text = system.map((block, index) => readText(block, `system.${index}`)).join('\n');
  if (text === '') return {};
  const cachePoint = mergeCachePoints(system.map((block) => readCachePoint(block.cache_control)));
  return cachePoint ? { system: text, cachePoint } : { system: text };
}

/**
 * A system turn in the middle of the conversation, as the text of a user turn. Bedrock has no mid-conversation
 * system turns (its Converse messages are user or assistant), so the text is marked as the system's with
 * `<system-reminder>` tags: what Claude Code 2.1 itself sends, as user text, to models without system turns
 * (seen in its requests for Claude Haiku 4.5). A turn with `clear_at: "next_user_message"` is shown only until a
 * later user turn exists, as its definition says.
 */
function convertSystemTurn(
  message: Extract<AnthropicMessage, { role: 'system' }>,
  at: string,
  cleared: boolean,
): ContentPart[] {
  if (cleared || message.content === undefined) return [];
  const blocks: AnthropicTextBlock[] =
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
  const parts: ContentPart[] = [];
  for (const [index, block] of blocks.entries()) {
    const text = readText(block, `${at}.content.${index}`);
    if (text !== '') parts.push({ type: 'text', text: `<system-reminder>\n${text}\n</system-reminder>` });
    appendCachePoint(parts, readCachePoint(block.cache_control));
  }
  return parts;
}

/**
 * Anthropic messages -> canonical turns, and the effort the last system turn set (per-turn control: it applies
 * from that turn on, so to the answer now asked for). User and assistant turns keep their blocks in order; a
 * system turn becomes user text (see `convertSystemTurn`); consecutive turns of one role are merged later, as
 * Anthropic merges them. `cache_control` on a block is a cache point after it.
 */
function convertMessages(messages: readonly AnthropicMessage[]): {
  turns: Message[];
  turnEffort?: ReasoningEffort;
} {
  const turns: Message[] = [];
  const count: MediaCount = { documents: 0 };
  let turnEffort: ReasoningEffort | undefined;
  const lastUserIndex = messages.findLastIndex((message) => message.role === 'user');
  for (const [index, message] of messages.entries()) {
    const at = `messages.${index}`;
    let content: ContentPart[];
    if (message.role === 'system') {
      if (message.content === undefined && !isPresent(message.output_config?.effort)) {
        throw new InvalidRequestError(
          'invalid_body',
          `${at} has neither content nor output_config: a system turn needs one of them.`,
          { param: at },
        );
      }
      turnEffort = message.output_config?.effort ?? turnEffort;
      content = convertSystemTurn(
        message,
        at,
        message.clear_at === 'next_user_message' && lastUserIndex > index,
      );
    } else {
      content = convertContent(message.content, at, count);
    }
    if (content.length === 0) continue;
    turns.push({ role: message.role === 'assistant' ? 'assistant' : 'user', content });
  }
  return turnEffort === undefined ? { turns } : { turns, turnEffort };
}

function convertTool(tool: AnthropicCustomTool, param: string): ToolDefinition {
  if (tool.input_examples !== undefined && tool.input_examples.length > 0) {
    throw refuse(
      `${param}.input_examples`,
      `${param}.input_examples has no Bedrock counterpart; put the examples in the tool's description.`,
    );
  }
  const callers = tool.allowed_callers ?? ['direct'];
  const other = callers.find((caller) => caller !== 'direct');
  if (other !== undefined) {
    throw refuse(
      `${param}.allowed_callers`,
      `${param}.allowed_callers names '${other}': tools called from server-side code execution have no Bedrock counterpart.`,
    );
  }
  const { type: _type, ...inputSchema } = tool.input_schema;
  return {
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    inputSchema: { type: 'object', ...inputSchema },
  };
}

/**
 * The tools Bedrock is given, and the cache point after them. A tool with `defer_loading: true` is left out:
 * deferred tools are not in the model's context until a tool search loads them (Claude Code sends a
 * placeholder that "keeps deferred tool loading active; never call this tool"), and Bedrock has no server-side
 * tool search to load them. `strict` and `eager_input_streaming` are advisory here: Bedrock refuses `strict` on
 * many Claude models and streams tool input in its own chunks.
 */
function convertTools(body: CountTokensRequest): {
  tools?: ToolDefinition[];
  cachePoint?: CachePointPart;
} {
  const loaded = (body.tools ?? []).flatMap((tool, index) =>
    tool.defer_loading === true ? [] : [{ tool, index }],
  );
  if (loaded.length === 0) return {};
  const tools = loaded.map(({ tool, index }) => convertTool(tool, `tools.${index}`));
  const cachePoint = mergeCachePoints((body.tools ?? []).map((tool) => readCachePoint(tool.cache_control)));
  return cachePoint ? { tools, cachePoint } : { tools };
}

/** `disable_parallel_tool_use` is advisory: Bedrock has no switch for it, and the answer stays valid. */
function convertToolChoice(choice: CountTokensRequest['tool_choice']): ToolChoice | undefined {
  if (choice === undefined) return undefined;
  return choice.type === 'tool' ? { type: 'tool', name: choice.name } : { type: choice.type };
}

/**
 * `thinking` and `output_config.effort` as a canonical reasoning request:
 * - `enabled` with `budget_tokens` is a budget (models that take an effort get the nearest one);
 * - `adaptive` asks the model to decide, with the effort when one is given;
 * - an effort alone asks for reasoning at that effort; a system turn's effort wins over the top-level one;
 * - `disabled` asks for none (a model that always reasons still does); an effort with it is refused, since
 *   Bedrock's Claude takes an effort only together with thinking through the gateway's mapping;
 * - `between_tools` has no counterpart, and is refused.
 * `display` is advisory: the gateway returns the thinking Bedrock gives (see docs/api.md).
 */
function convertThinking(
  body: CountTokensRequest,
  turnEffort: ReasoningEffort | undefined,
): ReasoningRequest | undefined {
  const { thinking } = body;
  const effort = turnEffort ?? body.output_config?.effort ?? undefined;
  const withEffort = effort === undefined ? {} : { effort };
  if (thinking === undefined) return effort === undefined ? undefined : { effort };
  switch (thinking.type) {
    case 'enabled':
      return { budgetTokens: thinking.budget_tokens, ...withEffort };
    case 'adaptive':
      return withEffort;
    case 'disabled':
      if (effort !== undefined) {
        throw refuse(
          'output_config.effort',
          'output_config.effort with thinking disabled has no Bedrock counterpart through the gateway: remove the effort, or enable thinking.',
        );
      }
      return undefined;
    case 'between_tools':
      throw refuse(
        'thinking.type',
        "thinking type 'between_tools' has no Bedrock counterpart through the gateway: use 'adaptive' (with output_config.effort) or 'disabled'.",
      );
    default: {
      const _exhaustiveCheck: never = thinking;
      throw new Error(`Unknown thinking ${JSON.stringify(_exhaustiveCheck)}`);
    }
  }
}

/** `output_config.format` (or the older beta's `output_format`): JSON that follows a schema. */
function convertOutputFormat(body: CountTokensRequest): OutputFormat | undefined {
  const format = body.output_config?.format ?? undefined;
  const legacy = body.output_format ?? undefined;
  if (format && legacy) {
    throw new InvalidRequestError(
      'conflicting_parameters',
      'output_format and output_config.format both ask for a format: send output_config.format only.',
      { param: 'output_format' },
    );
  }
  const chosen = format ?? legacy;
  return chosen ? { type: 'json-schema', schema: chosen.schema } : undefined;
}

/**
 * Context editing: thinking-block clearing (`clear_thinking_*`) is accepted as advisory, since Bedrock then keeps
 * Claude's own default for earlier thinking (Claude Code sends `keep: "all"` to keep every block for the cache);
 * tool-result clearing and compaction would change the prompt, and are refused rather than silently skipped.
 */
function checkContextManagement(body: CountTokensRequest): void {
  for (const [index, edit] of (body.context_management?.edits ?? []).entries()) {
    if (edit.type.startsWith('clear_thinking_')) continue;
    throw refuse(
      `context_management.edits.${index}.type`,
      `context_management edit '${edit.type}' has no Bedrock counterpart through the gateway: the prompt is sent as it is. Remove the edit (thinking clearing, 'clear_thinking_*', is accepted).`,
    );
  }
}

/** Fields of Anthropic's API that Bedrock cannot honour: a 400 naming each, never a silent drop. */
function checkUnsupportedFields(body: CountTokensRequest & Partial<MessagesRequest>): void {
  const present = (value: unknown) => isPresent(value) && !(Array.isArray(value) && value.length === 0);
  if (present(body.mcp_servers)) {
    throw refuse(
      'mcp_servers',
      'mcp_servers: Bedrock has no MCP connector; connect MCP servers in the client.',
    );
  }
  if (present(body.container)) {
    throw refuse('container', 'container: Bedrock has no code execution containers.');
  }
  if (present(body.diagnostics)) {
    throw refuse('diagnostics', 'diagnostics: the gateway returns no prompt-cache diagnostics.');
  }
  if (present(body.inference_geo)) {
    throw refuse(
      'inference_geo',
      "inference_geo: Bedrock's inference profile decides where a model runs; choose the model's profile in the gateway's configuration.",
    );
  }
  if (body.speed === 'fast') {
    throw refuse('speed', "speed 'fast' has no Bedrock counterpart; remove it.");
  }
  if (present(body.output_config?.task_budget)) {
    throw refuse(
      'output_config.task_budget',
      'output_config.task_budget has no Bedrock counterpart; remove it.',
    );
  }
}

/**
 * Top-level `cache_control` (automatic caching): a breakpoint on the last cacheable block, here a cache point
 * after the last block of the last turn.
 */
function applyAutomaticCachePoint(
  messages: Message[],
  cacheControl: AnthropicCacheControl | null | undefined,
): void {
  const last = messages.at(-1);
  if (last) appendCachePoint(last.content, readCachePoint(cacheControl));
}

/** The prompt of a Messages or `count_tokens` body: system, turns, tools, tool choice, thinking and format. */
export function convertPrompt(body: CountTokensRequest): ConvertedPrompt {
  checkUnsupportedFields(body);
  checkContextManagement(body);
  const { system, cachePoint: systemCachePoint } = convertSystem(body.system);
  const { turns: messages, turnEffort } = convertMessages(body.messages);
  applyAutomaticCachePoint(messages, body.cache_control);
  validateConversation(messages);
  checkMediaLimits({ messages });
  const { tools, cachePoint: toolsCachePoint } = convertTools(body);
  const toolChoice = convertToolChoice(body.tool_choice);
  const reasoning = convertThinking(body, turnEffort);
  const outputFormat = convertOutputFormat(body);
  const cachePoints = {
    ...(systemCachePoint ? { system: systemCachePoint } : {}),
    ...(toolsCachePoint ? { tools: toolsCachePoint } : {}),
  };
  return {
    model: body.model,
    request: {
      messages,
      ...(system === undefined ? {} : { system }),
      ...(tools === undefined ? {} : { tools }),
      ...(toolChoice === undefined ? {} : { toolChoice }),
      ...(Object.keys(cachePoints).length > 0 ? { cachePoints } : {}),
      ...(reasoning === undefined ? {} : { reasoning }),
      ...(outputFormat === undefined ? {} : { outputFormat }),
    },
  };
}

/**
 * Sampling parameters, which the API version 2026-10-21 removed ("temperature, top_p and top_k are removed; a
 * request that sends them is refused", https://platform.claude.com/docs/en/api/migration-2026-10-21).
 */
function convertSampling(
  body: MessagesRequest,
  version: AnthropicApiVersion,
): Pick<GenerateRequest, 'temperature' | 'topP' | 'topK'> {
  const sampling = { temperature: body.temperature, topP: body.top_p, topK: body.top_k };
  if (version === '2026-10-21') {
    const sent = (['temperature', 'top_p', 'top_k'] as const).find((name) => body[name] !== undefined);
    if (sent) {
      throw new InvalidRequestError(
        'unsupported_parameter',
        `${sent} is not part of API version 2026-10-21; remove it, or send anthropic-version 2023-06-01.`,
        { param: sent },
      );
    }
  }
  return Object.fromEntries(Object.entries(sampling).filter(([, value]) => value !== undefined));
}

/**
 * `service_tier`: `standard_only` is Bedrock's default tier; `auto` (priority capacity when there is some) leaves
 * the tier to the key's governance, which decides Bedrock's tier for every route.
 */
function convertServiceTier(tier: MessagesRequest['service_tier']): GenerateRequest['serviceTier'] {
  return tier === 'standard_only' ? 'default' : undefined;
}

/**
 * A validated Messages body -> the canonical request and how to answer it. Throws a 400 naming the field for
 * anything Bedrock cannot honour; what is advisory (thinking `display`, tools' `strict`, `disable_parallel_tool_use`,
 * thinking clearing) is listed in docs/api.md.
 */
export function convertMessagesRequest(
  body: MessagesRequest,
  version: AnthropicApiVersion,
): ConvertedMessagesRequest {
  if (body.max_tokens === 0) {
    throw new InvalidRequestError(
      'unsupported_value',
      'max_tokens 0 (pre-warming the cache) has no Bedrock counterpart: Bedrock generates at least one token.',
      { param: 'max_tokens' },
    );
  }
  const prompt = convertPrompt(body);
  const stopSequences = body.stop_sequences?.length ? body.stop_sequences : undefined;
  const serviceTier = convertServiceTier(body.service_tier);
  const endUser = body.metadata?.user_id ?? undefined;
  return {
    model: prompt.model,
    maxTokens: body.max_tokens,
    request: {
      ...prompt.request,
      ...convertSampling(body, version),
      ...(stopSequences === undefined ? {} : { stopSequences }),
      ...(serviceTier === undefined ? {} : { serviceTier }),
    },
    stream: body.stream === true,
    ...(endUser ? { endUser } : {}),
  };
}
