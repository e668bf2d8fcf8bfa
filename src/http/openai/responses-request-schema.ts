import { z } from 'zod';
import { buildOnce } from '../../core/build-once.js';
import { promptCacheBreakpointSchema, REASONING_EFFORTS, toolNameSchema } from './chat-request-schema.js';

/**
 * OpenAI's `POST /v1/responses` body, strictly: an unknown field anywhere is a 400, never ignored. The shapes
 * follow the openai SDK 6.x types (`resources/responses/responses.d.ts`: `ResponseCreateParamsBase`,
 * `ResponseInputItem`, `Tool`) and what `@ai-sdk/openai` 3.x sends (`convert-to-openai-responses-input.ts`).
 *
 * As for chat completions, the schema checks shapes and ranges only. Fields the gateway cannot honour (hosted
 * tools, stored state, `background`, log probabilities...) are accepted here by shape, so that
 * `convertResponsesRequest` can refuse them with a message that says why. Where OpenAI allows `null` for an
 * optional field, `null` means absent.
 */

/**
 * Input items of OpenAI's hosted tools and of features the gateway does not have (openai SDK 6.x
 * `ResponseInputItem`, and the AI SDK's `configuration_update`): accepted by shape only, so the refusal can name
 * the item type.
 */
export const UNSUPPORTED_ITEM_TYPES = [
  'file_search_call',
  'computer_call',
  'computer_call_output',
  'web_search_call',
  'tool_search_call',
  'tool_search_output',
  'additional_tools',
  'compaction',
  'compaction_trigger',
  'image_generation_call',
  'code_interpreter_call',
  'local_shell_call',
  'local_shell_call_output',
  'shell_call',
  'shell_call_output',
  'apply_patch_call',
  'apply_patch_call_output',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'mcp_call',
  'custom_tool_call',
  'custom_tool_call_output',
  'program',
  'program_output',
  'configuration_update',
] as const;

/** The tool types of the openai SDK 6.x `Tool` union other than `function`: OpenAI runs or defines them. */
export const HOSTED_TOOL_TYPES = [
  'file_search',
  'computer',
  'computer_use',
  'computer_use_preview',
  'web_search',
  'web_search_2025_08_26',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'mcp',
  'code_interpreter',
  'programmatic_tool_calling',
  'image_generation',
  'local_shell',
  'shell',
  'custom',
  'namespace',
  'tool_search',
  'apply_patch',
] as const;

/** The values of the openai SDK 6.x `ResponseIncludable`. */
export const INCLUDABLES = [
  'file_search_call.results',
  'web_search_call.results',
  'web_search_call.action.sources',
  'message.input_image.image_url',
  'computer_call_output.output.image_url',
  'code_interpreter_call.outputs',
  'reasoning.encrypted_content',
  'message.output_text.logprobs',
] as const;

/** Builds every schema of this module, once, on first use (see buildOnce): not at import, so a cold start does not pay for the routes it does not serve. */
function buildSchemas() {
  const cacheBreakpoint = { prompt_cache_breakpoint: promptCacheBreakpointSchema.nullish() };

  const inputTextSchema = z.strictObject({
    type: z.literal('input_text'),
    text: z.string(),
    ...cacheBreakpoint,
  });

  /** An image by URL (only `data:` URLs are taken) or by Files API id (refused). `detail` is advisory. */
  const inputImageSchema = z.strictObject({
    type: z.literal('input_image'),
    image_url: z.string().min(1).nullish(),
    file_id: z.string().min(1).nullish(),
    detail: z.enum(['low', 'high', 'auto', 'original']).nullish(),
    ...cacheBreakpoint,
  });

  /** A file inline (`file_data`, a base64 `data:` URL) with its name; by id or URL it is refused. */
  const inputFileSchema = z.strictObject({
    type: z.literal('input_file'),
    file_data: z.string().min(1).nullish(),
    file_id: z.string().min(1).nullish(),
    file_url: z.string().min(1).nullish(),
    filename: z.string().nullish(),
    detail: z.enum(['auto', 'low', 'high']).nullish(),
    ...cacheBreakpoint,
  });

  /** Audio input: accepted by shape only, so the refusal can name the part. */
  const inputAudioSchema = z.looseObject({ type: z.literal('input_audio') });

  const inputContentSchema = z.discriminatedUnion('type', [
    inputTextSchema,
    inputImageSchema,
    inputFileSchema,
    inputAudioSchema,
  ]);

  /** Text the model said, as a response's `output_text` part comes back. */
  const outputTextSchema = z.strictObject({
    type: z.literal('output_text'),
    text: z.string(),
    // Derived from the text, or never produced by the gateway: what SDKs echo back is ignored.
    annotations: z.array(z.unknown()).nullish(),
    logprobs: z.array(z.unknown()).nullish(),
    // Added by the openai SDK's `responses.parse` to the output it hands back.
    parsed: z.unknown().optional(),
  });

  const refusalSchema = z.strictObject({ type: z.literal('refusal'), refusal: z.string() });

  const itemStatus = z.enum(['in_progress', 'completed', 'incomplete']).nullish();

  /** What every message item may carry: `type` may be left out (`EasyInputMessage`); `id` and `status` are echoes. */
  const messageFields = {
    type: z.literal('message').optional(),
    id: z.string().nullish(),
    status: itemStatus,
  };

  const instructionMessageSchema = z.strictObject({
    ...messageFields,
    role: z.enum(['user', 'system', 'developer']),
    content: z.union([z.string(), z.array(inputContentSchema)]),
  });

  const assistantMessageSchema = z.strictObject({
    ...messageFields,
    role: z.literal('assistant'),
    content: z.union([
      z.string(),
      z.array(z.discriminatedUnion('type', [outputTextSchema, refusalSchema, inputTextSchema])),
    ]),
    // Which of OpenAI's channels the text was in; the gateway's models have one.
    phase: z.enum(['commentary', 'final_answer']).nullish(),
  });

  const messageItemSchema = z.discriminatedUnion('role', [instructionMessageSchema, assistantMessageSchema]);

  const functionCallItemSchema = z.strictObject({
    type: z.literal('function_call'),
    call_id: z.string().min(1),
    name: z.string().min(1),
    arguments: z.string(),
    id: z.string().nullish(),
    status: itemStatus,
    // Added by the openai SDK's `responses.parse`; derived from `arguments`.
    parsed_arguments: z.unknown().optional(),
  });

  const functionCallOutputItemSchema = z.strictObject({
    type: z.literal('function_call_output'),
    call_id: z.string().min(1),
    output: z.union([
      z.string(),
      z.array(z.discriminatedUnion('type', [inputTextSchema, inputImageSchema, inputFileSchema])),
    ]),
    id: z.string().nullish(),
    status: itemStatus,
  });

  /**
   * Reasoning the gateway returned, sent back. `encrypted_content` (present when the response was asked with
   * `include: ["reasoning.encrypted_content"]`) holds the whole block as the gateway encoded it.
   */
  const reasoningItemSchema = z.strictObject({
    type: z.literal('reasoning'),
    id: z.string().nullish(),
    summary: z.array(z.strictObject({ type: z.literal('summary_text'), text: z.string() })),
    content: z.array(z.strictObject({ type: z.literal('reasoning_text'), text: z.string() })).nullish(),
    encrypted_content: z.string().min(1).nullish(),
    status: itemStatus,
  });

  /** A reference to a stored item: accepted by shape, so the refusal can say that storage is off. */
  const itemReferenceSchema = z.strictObject({ type: z.literal('item_reference'), id: z.string() });

  const unsupportedItemSchema = z.looseObject({ type: z.enum(UNSUPPORTED_ITEM_TYPES) });

  const responseInputItemSchema = z.discriminatedUnion('type', [
    messageItemSchema,
    functionCallItemSchema,
    functionCallOutputItemSchema,
    reasoningItemSchema,
    itemReferenceSchema,
    unsupportedItemSchema,
  ]);

  const functionToolSchema = z.strictObject({
    type: z.literal('function'),
    name: toolNameSchema,
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  });

  const hostedToolSchema = z.looseObject({ type: z.enum(HOSTED_TOOL_TYPES) });

  const toolSchema = z.discriminatedUnion('type', [functionToolSchema, hostedToolSchema]);

  const toolChoiceSchema = z.union([
    z.enum(['auto', 'none', 'required']),
    z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('function'), name: z.string().min(1) }),
      z.strictObject({
        type: z.literal('allowed_tools'),
        mode: z.enum(['auto', 'required']),
        tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })).min(1),
      }),
      z.looseObject({ type: z.enum(HOSTED_TOOL_TYPES) }),
    ]),
  ]);

  /** `text.format`: plain text, any JSON object, or JSON that follows a schema (flat, unlike chat's). */
  const textFormatSchema = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('text') }),
    z.strictObject({ type: z.literal('json_object') }),
    z.strictObject({
      type: z.literal('json_schema'),
      name: z.string().min(1),
      schema: z.record(z.string(), z.unknown()),
      description: z.string().nullish(),
      strict: z.boolean().nullish(),
    }),
  ]);

  const summarySchema = z.enum(['auto', 'concise', 'detailed']).nullish();

  const responsesRequestSchema = z.strictObject({
    model: z.string().min(1),
    input: z.union([z.string(), z.array(responseInputItemSchema).min(1)]),

    // Supported.
    instructions: z.string().nullish(),
    max_output_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    tools: z.array(toolSchema).max(128).nullish(),
    tool_choice: toolChoiceSchema.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    text: z
      .strictObject({
        format: textFormatSchema.nullish(),
        verbosity: z.enum(['low', 'medium', 'high']).nullish(),
      })
      .nullish(),
    reasoning: z
      .strictObject({
        effort: z.enum(REASONING_EFFORTS).nullish(),
        summary: summarySchema,
        generate_summary: summarySchema,
        context: z.enum(['auto', 'current_turn', 'all_turns']).nullish(),
        mode: z.string().nullish(),
      })
      .nullish(),
    include: z.array(z.enum(INCLUDABLES)).nullish(),
    stream: z.boolean().nullish(),
    stream_options: z.strictObject({ include_obfuscation: z.boolean().nullish() }).nullish(),
    service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullish(),

    // Advisory: accepted, they do not change the answer.
    store: z.boolean().nullish(),
    metadata: z.record(z.string(), z.string()).nullish(),
    user: z.string().nullish(),
    safety_identifier: z.string().nullish(),
    prompt_cache_key: z.string().nullish(),
    prompt_cache_retention: z.enum(['in_memory', '24h']).nullish(),
    prompt_cache_options: z
      .strictObject({
        mode: z.enum(['implicit', 'explicit']).nullish(),
        ttl: z.string().nullish(),
        prewarm: z.boolean().nullish(),
        comparison_response_id: z.string().nullish(),
      })
      .nullish(),
    max_tool_calls: z.number().int().positive().nullish(),

    // Accepted at their default values only.
    truncation: z.enum(['auto', 'disabled']).nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    background: z.boolean().nullish(),

    // Never honoured: any value but null is refused.
    previous_response_id: z.string().nullish(),
    conversation: z.unknown().optional(),
    prompt: z.unknown().optional(),
    moderation: z.unknown().optional(),
    context_management: z.unknown().optional(),
  });
  return { responseInputItemSchema, responsesRequestSchema, toolSchema };
}

const getSchemas = buildOnce(buildSchemas);
type Schemas = ReturnType<typeof buildSchemas>;

export const responseInputItemSchema = z.lazy(() => getSchemas().responseInputItemSchema);
export const responsesRequestSchema = z.lazy(() => getSchemas().responsesRequestSchema);

export type ResponsesRequest = z.output<Schemas['responsesRequestSchema']>;
export type ResponseInputItem = z.output<Schemas['responseInputItemSchema']>;
export type ResponsesTool = z.output<Schemas['toolSchema']>;
