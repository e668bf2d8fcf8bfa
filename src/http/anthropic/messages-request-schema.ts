import { z } from 'zod';
import { buildOnce } from '../../core/build-once.js';

/**
 * Anthropic's `POST /v1/messages` body (and `count_tokens`), strictly: an unknown field anywhere is a 400, never
 * ignored. Shapes follow `@anthropic-ai/sdk` 1.15 (`MessageCreateParamsBase`, the content block params) and the
 * Messages API reference (https://platform.claude.com/docs/en/api/messages); `temperature`, `top_p` and `top_k`
 * are the API version 2023-06-01's, which Claude Code sends.
 *
 * The schema checks shapes only. Blocks, tools and fields that exist in Anthropic's API but that Bedrock cannot
 * honour (server tools, URL and Files API sources, `container`, `mcp_servers`, ...) are accepted here by shape,
 * so that `convertMessagesRequest` can refuse them with a message that names them and says why.
 */

export const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;

/** Builds every schema of this module, once, on first use (see buildOnce): not at import, so a cold start does not pay for the routes it does not serve. */
function buildSchemas() {
  /** A cache breakpoint: the prompt up to and including this block is cached, for 5 minutes unless `ttl` says 1 hour. */
  const cacheControlSchema = z.strictObject({
    type: z.literal('ephemeral'),
    ttl: z.enum(['5m', '1h']).optional(),
  });

  const cacheControl = { cache_control: cacheControlSchema.nullish() };

  const textBlockSchema = z.strictObject({
    type: z.literal('text'),
    text: z.string(),
    ...cacheControl,
    // Citations the model gave earlier, sent back; Bedrock's Converse has no citation input (refused if non-empty).
    citations: z.array(z.unknown()).nullish(),
  });

  /**
   * Content as Anthropic takes it: a string, which is shorthand for one text block, or blocks. The string is read
   * as that block, so that a bad block is reported at its own path (`messages.0.content.1.type`), not as a failed
   * union of a string and an array.
   */
  function textOrBlocks<Block extends z.ZodType>(block: Block) {
    return z.preprocess(
      (value) => (typeof value === 'string' ? [{ type: 'text', text: value }] : value),
      z.array(block),
    );
  }

  /** A source by URL or by Files API id: accepted by shape, refused in the conversion (no server-side fetch). */
  const urlSourceSchema = z.strictObject({ type: z.literal('url'), url: z.string() });
  const fileSourceSchema = z.strictObject({ type: z.literal('file'), file_id: z.string() });

  const base64SourceSchema = z.strictObject({
    type: z.literal('base64'),
    media_type: z.string(),
    data: z.string(),
  });

  /** For a discriminated union: the message when `type` names none of its options. */
  function unknownType(what: string, known: readonly string[]) {
    return (issue: z.core.$ZodRawIssue): string | undefined => {
      if (issue.code !== 'invalid_union') return undefined;
      const type = (issue.input as { type?: unknown } | undefined)?.type;
      return `'${String(type)}' is not a ${what} the gateway takes; it takes ${known.map((name) => `'${name}'`).join(', ')}`;
    };
  }

  const imageBlockSchema = z.strictObject({
    type: z.literal('image'),
    source: z.discriminatedUnion('type', [base64SourceSchema, urlSourceSchema, fileSourceSchema], {
      error: unknownType('image source type', ['base64']),
    }),
    ...cacheControl,
    transformations: z.unknown().optional(),
  });

  const documentBlockSchema = z.strictObject({
    type: z.literal('document'),
    source: z.discriminatedUnion(
      'type',
      [
        base64SourceSchema,
        z.strictObject({ type: z.literal('text'), media_type: z.string(), data: z.string() }),
        z.strictObject({ type: z.literal('content'), content: z.unknown() }),
        urlSourceSchema,
        fileSourceSchema,
      ],
      { error: unknownType('document source type', ['base64', 'text']) },
    ),
    ...cacheControl,
    citations: z.strictObject({ enabled: z.boolean().optional() }).nullish(),
    context: z.string().nullish(),
    title: z.string().nullish(),
  });

  const thinkingBlockSchema = z.strictObject({
    type: z.literal('thinking'),
    thinking: z.string(),
    signature: z.string(),
    // Anthropic refuses cache_control on thinking blocks; it is accepted by shape so the refusal can say so.
    ...cacheControl,
  });

  const redactedThinkingBlockSchema = z.strictObject({
    type: z.literal('redacted_thinking'),
    data: z.string().min(1),
    ...cacheControl,
  });

  const toolUseBlockSchema = z.strictObject({
    type: z.literal('tool_use'),
    id: z.string().min(1),
    name: z.string().min(1),
    input: z.unknown(),
    ...cacheControl,
    // Who called the tool: the model directly, or a server-side code execution (refused).
    caller: z.looseObject({ type: z.string() }).optional(),
    toolset_name: z.string().nullish(),
  });

  /** What a tool result may hold: text, or images and documents (refused: a canonical tool result is text). */
  const toolResultContentSchema = z.discriminatedUnion(
    'type',
    [textBlockSchema, imageBlockSchema, documentBlockSchema],
    {
      error: unknownType('tool_result content block', ['text']),
    },
  );

  const toolResultBlockSchema = z.strictObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string().min(1),
    content: textOrBlocks(toolResultContentSchema).optional(),
    is_error: z.boolean().optional(),
    ...cacheControl,
    toolset_name: z.string().nullish(),
  });

  /** The blocks Bedrock can carry. Any other type (server tool blocks, search results, container uploads) is a 400. */
  const CONTENT_BLOCK_TYPES = [
    'text',
    'image',
    'document',
    'tool_use',
    'tool_result',
    'thinking',
    'redacted_thinking',
  ] as const;

  const contentBlockSchema = z.discriminatedUnion(
    'type',
    [
      textBlockSchema,
      imageBlockSchema,
      documentBlockSchema,
      toolUseBlockSchema,
      toolResultBlockSchema,
      thinkingBlockSchema,
      redactedThinkingBlockSchema,
    ],
    { error: unknownType('content block type', CONTENT_BLOCK_TYPES) },
  );

  const contentSchema = textOrBlocks(contentBlockSchema);

  /** The system prompt: a string, or text blocks (Claude Code sends several, some with cache breakpoints). */
  const systemSchema = textOrBlocks(textBlockSchema);

  /**
   * The blocks of a system turn: text, or a mid-conversation tool change (`tool_addition`, `tool_removal`, beta
   * `mid-conversation-tool-changes-2026-07-01`), which Bedrock has no counterpart for.
   */
  const systemTurnBlockSchema = z.discriminatedUnion('type', [textBlockSchema], {
    error: unknownType('system turn block type', ['text']),
  });

  /** Effort that applies from a system turn on (beta `per-turn-control-2026-07-01`, `BetaSystemMessageOutputConfig`). */
  const turnOutputConfigSchema = z.strictObject({ effort: z.enum(EFFORTS).nullish() });

  /**
   * A system turn in the conversation (`SystemMessageParam`; Claude Code sends them to Claude 4.6 and later): its
   * text, the effort from it on, and `clear_at` (`next_user_message`: shown only until a later user turn exists).
   */
  const systemTurnSchema = z.strictObject({
    role: z.literal('system'),
    content: textOrBlocks(systemTurnBlockSchema).optional(),
    output_config: turnOutputConfigSchema.nullish(),
    clear_at: z.enum(['next_user_message', 'never']).nullish(),
  });

  const messageSchema = z.discriminatedUnion('role', [
    z.strictObject({ role: z.literal('user'), content: contentSchema }),
    z.strictObject({ role: z.literal('assistant'), content: contentSchema }),
    systemTurnSchema,
  ]);

  /** Bedrock's tool-name rule (Converse `ToolSpecification.name`), which is also Anthropic's. */
  const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

  /**
   * A client tool: the only kind Bedrock can run, since the client runs it. Server tools (`web_search_*`,
   * `code_execution_*`, `bash_*`, `text_editor_*`, `computer_*`, ...) run on Anthropic's side and have no Bedrock
   * counterpart: their `type` is refused by name.
   */
  const customToolSchema = z.strictObject({
    type: z.literal('custom'),
    name: z.string().regex(TOOL_NAME, 'must be 1 to 64 letters, digits, underscores or dashes'),
    description: z.string().optional(),
    input_schema: z.looseObject({ type: z.literal('object') }),
    ...cacheControl,
    strict: z.boolean().optional(),
    defer_loading: z.boolean().optional(),
    eager_input_streaming: z.boolean().nullish(),
    input_examples: z.array(z.record(z.string(), z.unknown())).optional(),
    allowed_callers: z.array(z.string()).optional(),
  });

  /** A tool without a `type` (or `null`) is a custom tool, as in Anthropic's API. */
  function withToolType(tool: unknown): unknown {
    if (typeof tool !== 'object' || tool === null || Array.isArray(tool)) return tool;
    const { type } = tool as { type?: unknown };
    return type === undefined || type === null ? { ...tool, type: 'custom' } : tool;
  }

  const toolSchema = z.preprocess(
    withToolType,
    z.discriminatedUnion('type', [customToolSchema], {
      error: (issue) => {
        if (issue.code !== 'invalid_union') return undefined;
        const type = String((issue.input as { type?: unknown } | undefined)?.type);
        return `'${type}' is a server tool, which runs on Anthropic's side and has no Bedrock counterpart; the gateway takes custom tools (the client runs them)`;
      },
    }),
  );

  const toolChoiceSchema = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
    z.strictObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
    z.strictObject({
      type: z.literal('tool'),
      name: z.string().min(1),
      disable_parallel_tool_use: z.boolean().optional(),
    }),
    z.strictObject({ type: z.literal('none') }),
  ]);

  /** `display` asks for summarized or omitted thinking text; the gateway returns what Bedrock gives (see the docs). */
  const thinkingDisplay = { display: z.enum(['summarized', 'omitted']).nullish() };

  const thinkingSchema = z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('enabled'),
      budget_tokens: z.number().int().positive(),
      ...thinkingDisplay,
    }),
    z.strictObject({ type: z.literal('adaptive'), ...thinkingDisplay }),
    z.strictObject({ type: z.literal('disabled') }),
    z.strictObject({ type: z.literal('between_tools') }),
  ]);

  const jsonSchemaFormatSchema = z.strictObject({
    type: z.literal('json_schema'),
    schema: z.record(z.string(), z.unknown()),
  });

  const outputConfigSchema = z.strictObject({
    effort: z.enum(EFFORTS).nullish(),
    format: jsonSchemaFormatSchema.nullish(),
    // Beta fields Bedrock has no counterpart for: accepted by shape, refused by name.
    task_budget: z.unknown().optional(),
  });

  /** Context editing (beta `context-management-2025-06-27`): each edit by its versioned type. */
  const contextManagementSchema = z.strictObject({
    edits: z.array(z.looseObject({ type: z.string() })).optional(),
  });

  /** Message `max_tokens`: Anthropic's API requires it, so a body without it is a 400 as there. */
  const maxTokensSchema = z.number({
    error: (issue) => (issue.input === undefined ? 'Field required' : 'expected an integer'),
  });

  /** What `POST /v1/messages` and `count_tokens` share: the prompt and what shapes the answer. */
  const promptFields = {
    model: z.string().min(1),
    messages: z.array(messageSchema),
    system: systemSchema.optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: toolChoiceSchema.optional(),
    thinking: thinkingSchema.optional(),
    output_config: outputConfigSchema.optional(),
    // The `structured-outputs-2025-11-13` beta's name for `output_config.format`.
    output_format: jsonSchemaFormatSchema.nullish(),
    // Top-level automatic caching: a breakpoint on the last cacheable block.
    cache_control: cacheControlSchema.nullish(),
    context_management: contextManagementSchema.nullish(),
    // Never honoured on Bedrock: accepted by shape so the refusal can name them.
    mcp_servers: z.unknown().optional(),
    speed: z.enum(['standard', 'fast']).nullish(),
  };

  const messagesRequestSchema = z.strictObject({
    ...promptFields,
    max_tokens: maxTokensSchema.pipe(z.number().int().nonnegative()),
    stop_sequences: z.array(z.string()).optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().nonnegative().optional(),
    stream: z.boolean().optional(),
    // An opaque id of the end user, logged (never a secret; Claude Code sends a JSON of device and session ids).
    metadata: z.strictObject({ user_id: z.string().nullish() }).optional(),
    service_tier: z.enum(['auto', 'standard_only']).optional(),
    // Never honoured on Bedrock: accepted by shape so the refusal can name them.
    container: z.unknown().optional(),
    diagnostics: z.unknown().optional(),
    inference_geo: z.string().nullish(),
  });

  const countTokensRequestSchema = z.strictObject(promptFields);
  return {
    cacheControlSchema,
    contentBlockSchema,
    countTokensRequestSchema,
    customToolSchema,
    documentBlockSchema,
    imageBlockSchema,
    messageSchema,
    messagesRequestSchema,
    textBlockSchema,
    toolResultContentSchema,
    toolSchema,
  };
}

const getSchemas = buildOnce(buildSchemas);
type Schemas = ReturnType<typeof buildSchemas>;

export const messagesRequestSchema = z.lazy(() => getSchemas().messagesRequestSchema);
export const countTokensRequestSchema = z.lazy(() => getSchemas().countTokensRequestSchema);

export type MessagesRequest = z.output<Schemas['messagesRequestSchema']>;
export type CountTokensRequest = z.output<Schemas['countTokensRequestSchema']>;
export type AnthropicMessage = z.output<Schemas['messageSchema']>;
export type AnthropicContentBlock = z.output<Schemas['contentBlockSchema']>;
export type AnthropicTextBlock = z.output<Schemas['textBlockSchema']>;
export type AnthropicTool = z.output<Schemas['toolSchema']>;
export type AnthropicCustomTool = z.output<Schemas['customToolSchema']>;
export type AnthropicCacheControl = z.output<Schemas['cacheControlSchema']>;
export type AnthropicToolResultContent = z.output<Schemas['toolResultContentSchema']>;
export type AnthropicImageBlock = z.output<Schemas['imageBlockSchema']>;
export type AnthropicDocumentBlock = z.output<Schemas['documentBlockSchema']>;
