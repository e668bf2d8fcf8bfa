import { z } from 'zod';

/**
 * OpenAI's `POST /v1/chat/completions` body, strictly: an unknown field anywhere is a 400, never ignored.
 *
 * The schema checks shapes and ranges only. Fields that exist in OpenAI's API but that Bedrock cannot honour
 * (`n`, `logprobs`, `seed`, ...) are accepted here with any value of the right type, so that
 * `convertChatRequest` can refuse the non-default ones with a message that says why, and accept the defaults.
 * Where OpenAI allows `null` for an optional field, `null` means absent.
 */

const textPartSchema = z.strictObject({ type: z.literal('text'), text: z.string() });

/** Text content: a string, or text parts (what system, developer and tool messages may carry). */
const textContentSchema = z.union([z.string(), z.array(textPartSchema).min(1)]);

/** User content parts that are not text. Accepted by shape only, so the refusal can name the message. */
const unsupportedUserPartSchema = z.looseObject({ type: z.enum(['image_url', 'input_audio', 'file']) });

const userContentSchema = z.union([
  z.string(),
  z.array(z.discriminatedUnion('type', [textPartSchema, unsupportedUserPartSchema])).min(1),
]);

const refusalPartSchema = z.strictObject({ type: z.literal('refusal'), refusal: z.string() });

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

/** A participant name; OpenAI's optional `name` on messages. Bedrock has no such field. */
const nameSchema = z.string().optional();

const systemMessageSchema = z.strictObject({
  role: z.literal('system'),
  content: textContentSchema,
  name: nameSchema,
});

const developerMessageSchema = z.strictObject({
  role: z.literal('developer'),
  content: textContentSchema,
  name: nameSchema,
});

const userMessageSchema = z.strictObject({
  role: z.literal('user'),
  content: userContentSchema,
  name: nameSchema,
});

const assistantMessageSchema = z.strictObject({
  role: z.literal('assistant'),
  content: assistantContentSchema.nullish(),
  tool_calls: z.array(toolCallSchema).optional(),
  refusal: z.string().nullish(),
  name: nameSchema,
  // Echoed back by clients that resend a whole response message: `annotations` and the OpenAI SDK's `parsed`
  // are derived from the content and ignored; `audio` and `function_call` are refused unless null.
  annotations: z.array(z.unknown()).optional(),
  parsed: z.unknown().optional(),
  audio: z.unknown().optional(),
  function_call: z.unknown().optional(),
});

const toolMessageSchema = z.strictObject({
  role: z.literal('tool'),
  tool_call_id: z.string().min(1),
  content: textContentSchema,
});

/** The deprecated `function` role, accepted by shape only so the refusal can point to `tool` messages. */
const functionMessageSchema = z.looseObject({ role: z.literal('function') });

export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessageSchema,
  developerMessageSchema,
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
  functionMessageSchema,
]);

/** Bedrock's tool-name rule, which is also OpenAI's. */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const toolSchema = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().regex(TOOL_NAME, 'must be 1 to 64 letters, digits, underscores or dashes'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string().min(1) }) }),
]);

export const chatCompletionRequestSchema = z.strictObject({
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

  // Advisory: accepted and ignored, they do not change the answer.
  user: z.string().optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullish(),
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
  response_format: z.looseObject({ type: z.string() }).optional(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  modalities: z.array(z.enum(['text', 'audio'])).nullish(),

  // Never honoured: any value but null is refused.
  seed: z.number().int().nullish(),
  audio: z.unknown().optional(),
  prediction: z.unknown().optional(),
  reasoning_effort: z.unknown().optional(),
  verbosity: z.unknown().optional(),
  web_search_options: z.unknown().optional(),
  moderation: z.unknown().optional(),
  functions: z.unknown().optional(),
  function_call: z.unknown().optional(),
});

export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;
export type ChatMessage = z.output<typeof chatMessageSchema>;
