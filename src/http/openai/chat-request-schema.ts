import { z } from 'zod';
import { buildOnce } from '../../core/build-once.js';

/**
 * OpenAI's `POST /v1/chat/completions` body, strictly: an unknown field anywhere is a 400, never ignored.
 *
 * The schema checks shapes and ranges only. Fields that exist in OpenAI's API but that Bedrock cannot honour
 * (`n`, `logprobs`, `verbosity`, ...) are accepted here with any value of the right type, so that
 * `convertChatRequest` can refuse the non-default ones with a message that says why, and accept the defaults.
 * Where OpenAI allows `null` for an optional field, `null` means absent.
 *
 * Beyond OpenAI's fields, the body takes LiteLLM's extensions that clients of Claude send
 * (https://docs.litellm.ai/docs/completion/prompt_caching, https://docs.litellm.ai/docs/reasoning_content):
 * `cache_control` on content parts, messages and tools, and `thinking_blocks` / `reasoning_content` on the
 * assistant messages a client sends back.
 */

/** The efforts OpenAI's `reasoning_effort` takes (openai SDK 6.x `ReasoningEffort`). */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;

/** Builds every schema of this module, once, on first use (see buildOnce): not at import, so a cold start does not pay for the routes it does not serve. */
function buildSchemas() {
  /**
   * Anthropic's cache breakpoint as LiteLLM takes it in OpenAI bodies: the prompt up to here is cached, for
   * 5 minutes unless `ttl` says 1 hour.
   */
  const cacheControlSchema = z.strictObject({
    type: z.literal('ephemeral'),
    ttl: z.enum(['5m', '1h']).optional(),
  });

  /** OpenAI's own cache breakpoint on a content part (openai SDK 6.x `prompt_cache_breakpoint`). */
  const promptCacheBreakpointSchema = z.strictObject({ mode: z.literal('explicit') });

  /** What any content part may carry to end a cacheable prefix. */
  const cacheMarkers = {
    cache_control: cacheControlSchema.nullish(),
    prompt_cache_breakpoint: promptCacheBreakpointSchema.nullish(),
  };

  const textPartSchema = z.strictObject({ type: z.literal('text'), text: z.string(), ...cacheMarkers });

  /** Text content: a string, or text parts (what system, developer and tool messages may carry). */
  const textContentSchema = z.union([z.string(), z.array(textPartSchema).min(1)]);

  /** An image by URL; only `data:` URLs are taken (see `convertChatMessages`). `detail` is advisory. */
  const imagePartSchema = z.strictObject({
    type: z.literal('image_url'),
    image_url: z.strictObject({ url: z.string().min(1), detail: z.string().nullish() }),
    ...cacheMarkers,
  });

  /** A file inline (`file_data`, a base64 `data:` URL) with its name, or by Files API id (refused). */
  const filePartSchema = z.strictObject({
    type: z.literal('file'),
    file: z.strictObject({
      file_data: z.string().min(1).optional(),
      file_id: z.string().min(1).optional(),
      filename: z.string().optional(),
    }),
    ...cacheMarkers,
  });

  /** Audio input: accepted by shape only, so the refusal can name the part. */
  const audioPartSchema = z.looseObject({ type: z.literal('input_audio') });

  const userContentSchema = z.union([
    z.string(),
    z
      .array(z.discriminatedUnion('type', [textPartSchema, imagePartSchema, filePartSchema, audioPartSchema]))
      .min(1),
  ]);

  const refusalPartSchema = z.strictObject({
    type: z.literal('refusal'),
    refusal: z.string(),
    ...cacheMarkers,
  });

  const assistantContentSchema = z.union([
    z.string(),
    z.array(z.discriminatedUnion('type', [textPartSchema, refusalPartSchema])),
  ]);

  const toolCallSchema = z.strictObject({
    id: z.string().min(1),
    type: z.literal('function'),
    function: z.strictObject({
      name: z.string().min(1),
      arguments: z.string(),
      // Added by the OpenAI SDK's parse and stream helpers to messages that clients send back; derived data.
      parsed_arguments: z.unknown().optional(),
    }),
  });

  /**
   * The model's reasoning as the gateway returned it (`message.thinking_blocks`), sent back so that Claude gets
   * its signed thinking again in a tool loop.
   */
  const thinkingBlockSchema = z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('thinking'),
      thinking: z.string(),
      signature: z.string().nullish(),
      cache_control: cacheControlSchema.nullish(),
    }),
    z.strictObject({
      type: z.literal('redacted_thinking'),
      data: z.string().min(1),
      cache_control: cacheControlSchema.nullish(),
    }),
  ]);

  /** A participant name; OpenAI's optional `name` on messages. Bedrock has no such field: it is ignored. */
  const nameSchema = z.string().nullish();

  /** A cache breakpoint after the message's last part. */
  const messageCacheControl = { cache_control: cacheControlSchema.nullish() };

  const systemMessageSchema = z.strictObject({
    role: z.literal('system'),
    content: textContentSchema,
    name: nameSchema,
    ...messageCacheControl,
  });

  const developerMessageSchema = z.strictObject({
    role: z.literal('developer'),
    content: textContentSchema,
    name: nameSchema,
    ...messageCacheControl,
  });

  const userMessageSchema = z.strictObject({
    role: z.literal('user'),
    content: userContentSchema,
    name: nameSchema,
    ...messageCacheControl,
  });

  const assistantMessageSchema = z.strictObject({
    role: z.literal('assistant'),
    content: assistantContentSchema.nullish(),
    tool_calls: z.array(toolCallSchema).nullish(),
    refusal: z.string().nullish(),
    name: nameSchema,
    reasoning_content: z.string().nullish(),
    thinking_blocks: z.array(thinkingBlockSchema).nullish(),
    ...messageCacheControl,
    // Echoed back by clients that resend a whole response message: `annotations` and the OpenAI SDK's `parsed`
    // are derived from the content and ignored; `audio` and `function_call` are refused unless null.
    annotations: z.array(z.unknown()).nullish(),
    parsed: z.unknown().optional(),
    audio: z.unknown().optional(),
    function_call: z.unknown().optional(),
  });

  const toolMessageSchema = z.strictObject({
    role: z.literal('tool'),
    tool_call_id: z.string().min(1),
    content: textContentSchema,
    // LangChain's ToolMessage sends the tool's name; the call id already says which call this answers.
    name: nameSchema,
    ...messageCacheControl,
  });

  /** The deprecated `function` role, accepted by shape only so the refusal can point to `tool` messages. */
  const functionMessageSchema = z.looseObject({ role: z.literal('function') });

  const chatMessageSchema = z.discriminatedUnion('role', [
    systemMessageSchema,
    developerMessageSchema,
    userMessageSchema,
    assistantMessageSchema,
    toolMessageSchema,
    functionMessageSchema,
  ]);

  /** Bedrock's tool-name rule, which is also OpenAI's. */
  const toolNameSchema = z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, underscores or dashes');

  const toolSchema = z.strictObject({
    type: z.literal('function'),
    function: z.strictObject({
      name: toolNameSchema,
      description: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
    // A cache breakpoint after the tool definitions.
    cache_control: cacheControlSchema.nullish(),
  });

  const toolChoiceSchema = z.union([
    z.enum(['auto', 'none', 'required']),
    z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string().min(1) }) }),
  ]);

  /** OpenAI's `response_format`: text, any JSON object, or JSON that follows a schema. */
  const responseFormatSchema = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('text') }),
    z.strictObject({ type: z.literal('json_object') }),
    z.strictObject({
      type: z.literal('json_schema'),
      json_schema: z.strictObject({
        name: z.string().min(1),
        description: z.string().nullish(),
        schema: z.record(z.string(), z.unknown()).nullish(),
        strict: z.boolean().nullish(),
      }),
    }),
  ]);

  const chatCompletionRequestSchema = z.strictObject({
    model: z.string().min(1),
    messages: z.array(chatMessageSchema).min(1),

    // Supported.
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    stop: z.union([z.string().min(1), z.array(z.string().min(1)).max(4)]).nullish(),
    tools: z.array(toolSchema).max(128).optional(),
    tool_choice: toolChoiceSchema.optional(),
    parallel_tool_calls: z.boolean().nullish(),
    stream: z.boolean().nullish(),
    stream_options: z
      .strictObject({
        include_usage: z.boolean().optional(),
        // A defence against side channels on OpenAI's side; there is nothing to obfuscate here.
        include_obfuscation: z.boolean().optional(),
      })
      .nullish(),
    response_format: responseFormatSchema.optional(),
    reasoning_effort: z.enum(REASONING_EFFORTS).nullish(),
    service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullish(),

    // Advisory: accepted and ignored, they do not change the answer.
    user: z.string().optional(),
    metadata: z.record(z.string(), z.string()).nullish(),
    store: z.boolean().nullish(),
    seed: z.number().int().nullish(),
    prompt_cache_key: z.string().nullish(),
    prompt_cache_retention: z.enum(['in_memory', '24h']).nullish(),
    prompt_cache_options: z
      .strictObject({ mode: z.enum(['implicit', 'explicit']).optional(), ttl: z.string().optional() })
      .optional(),
    safety_identifier: z.string().nullish(),

    // Accepted at their default values only.
    n: z.number().int().positive().nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    logit_bias: z.record(z.string(), z.number()).nullish(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    modalities: z.array(z.enum(['text', 'audio'])).nullish(),

    // Never honoured: any value but null is refused.
    audio: z.unknown().optional(),
    prediction: z.unknown().optional(),
    verbosity: z.unknown().optional(),
    web_search_options: z.unknown().optional(),
    moderation: z.unknown().optional(),
    functions: z.unknown().optional(),
    function_call: z.unknown().optional(),
  });
  return {
    cacheControlSchema,
    chatCompletionRequestSchema,
    chatMessageSchema,
    promptCacheBreakpointSchema,
    toolNameSchema,
  };
}

const getSchemas = buildOnce(buildSchemas);
type Schemas = ReturnType<typeof buildSchemas>;

export const promptCacheBreakpointSchema = z.lazy(() => getSchemas().promptCacheBreakpointSchema);
export const chatMessageSchema = z.lazy(() => getSchemas().chatMessageSchema);
export const toolNameSchema = z.lazy(() => getSchemas().toolNameSchema);
export const chatCompletionRequestSchema = z.lazy(() => getSchemas().chatCompletionRequestSchema);

export type ChatCompletionRequest = z.output<Schemas['chatCompletionRequestSchema']>;
export type ChatMessage = z.output<Schemas['chatMessageSchema']>;
export type CacheControl = z.output<Schemas['cacheControlSchema']>;
