import type { ReasoningPart, RedactedReasoningPart } from '../../core/generate-request.js';
import type { StopReason, Usage } from '../../core/generate-result.js';
import { countPromptTokens } from '../../core/generate-result.js';
import { encodeReasoningContent } from './encode-reasoning-content.js';
import type { ResponsesRequest } from './responses-request-schema.js';

/**
 * The Responses API's `response` object and its output items, as the openai SDK 6.x types them
 * (`resources/responses/responses.d.ts`: `Response`, `ResponseOutputMessage`, `ResponseFunctionToolCall`,
 * `ResponseReasoningItem`, `ResponseUsage`) and `@ai-sdk/openai` 3.x parses them
 * (`openaiResponsesResponseSchema`). One home for the shapes, which the whole response and the stream's events
 * both carry.
 */

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: [];
  logprobs: [];
}

export interface MessageItem {
  type: 'message';
  id: string;
  status: ItemStatus;
  role: 'assistant';
  content: OutputText[];
}

export interface FunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: ItemStatus;
}

export interface ReasoningItem {
  type: 'reasoning';
  id: string;
  summary: Array<{ type: 'summary_text'; text: string }>;
  /** The block, for the client to send back; only with `include: ["reasoning.encrypted_content"]`. */
  encrypted_content?: string;
}

export type OutputItem = MessageItem | FunctionCallItem | ReasoningItem;

/**
 * OpenAI's usage, with cache writes in `input_tokens_details.cache_write_tokens` (a field of the openai SDK 6.x
 * `ResponseUsage`; Bedrock bills cache writes at their own price).
 */
export interface ResponseUsage {
  /** Every prompt token: uncached, read from the cache and written to it, as OpenAI counts cached ones in. */
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** Canonical usage as the Responses API's: cache reads are `cached_tokens`, and are part of `input_tokens`. */
export function convertToResponseUsage(usage: Usage): ResponseUsage {
  const inputTokens = countPromptTokens(usage);
  return {
    input_tokens: inputTokens,
    input_tokens_details: {
      cached_tokens: usage.cacheReadTokens ?? 0,
      cache_write_tokens: usage.cacheWriteTokens ?? 0,
    },
    output_tokens: usage.outputTokens,
    // The pipeline has filled in an estimate where Bedrock gave no figure (`withReasoningTokens`).
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: inputTokens + usage.outputTokens,
  };
}

/**
 * How an answer ended, in the Responses API's terms: `completed`, or `incomplete` with the reason (OpenAI's
 * `max_output_tokens` and `content_filter`, the latter also for a guardrail that intervened).
 */
export function mapResponseStatus(stopReason: StopReason): {
  status: 'completed' | 'incomplete';
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
} {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'tool_use':
      return { status: 'completed', incomplete_details: null };
    case 'max_tokens':
      return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
    case 'content_filtered':
    case 'guardrail_intervened':
      return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
    default: {
      const _exhaustiveCheck: never = stopReason;
      throw new Error(`Unknown stop reason ${JSON.stringify(_exhaustiveCheck)}`);
    }
  }
}

/** The request's settings a response reports back, as OpenAI's does (the `Response` fields of the same names). */
export interface ResponseSettings {
  instructions: string | null;
  metadata: Record<string, string>;
  max_output_tokens: number;
  parallel_tool_calls: boolean;
  temperature: number | null;
  top_p: number | null;
  tool_choice: NonNullable<ResponsesRequest['tool_choice']>;
  tools: Array<{
    type: 'function';
    name: string;
    description: string | null;
    parameters: Record<string, unknown> | null;
    strict: boolean | null;
  }>;
  text: { format: NonNullable<NonNullable<ResponsesRequest['text']>['format']> };
  reasoning: { effort: string | null; summary: string | null };
  truncation: 'disabled';
  user?: string;
}

/**
 * The settings a response reports, from the request: what was sent, else the default the gateway applied
 * (`max_output_tokens` is the budget the model was given, the client's or the one the gateway filled in;
 * `temperature` and `top_p` are `null` when Bedrock's model default applied). Hosted tools never get here.
 */
export function describeResponseSettings(body: ResponsesRequest, maxOutputTokens: number): ResponseSettings {
  return {
    instructions: body.instructions ?? null,
    metadata: body.metadata ?? {},
    max_output_tokens: maxOutputTokens,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    temperature: body.temperature ?? null,
    top_p: body.top_p ?? null,
    tool_choice: body.tool_choice ?? 'auto',
    tools: (body.tools ?? []).flatMap((tool) =>
      tool.type === 'function'
        ? [
            {
              type: 'function' as const,
              name: tool.name,
              description: tool.description ?? null,
              parameters: tool.parameters ?? null,
              strict: tool.strict ?? null,
            },
          ]
        : [],
    ),
    text: { format: body.text?.format ?? { type: 'text' } },
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
    truncation: 'disabled',
    ...(body.user ? { user: body.user } : {}),
  };
}

/** Identity of one answer, shared by the response and every event of a stream. */
export interface ResponseAnswer {
  /** `resp_<request id>`. */
  id: string;
  /** Unix seconds. */
  createdAt: number;
  /** The alias of the model that answered (after any fallback). */
  model: string;
  /** The Bedrock service tier the call was made in. */
  serviceTier: 'default' | 'flex' | 'priority';
  settings: ResponseSettings;
  /** Reasoning items carry their block in `encrypted_content`. */
  includeReasoningContent: boolean;
}

export interface ResponseObject extends ResponseSettings {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed' | 'incomplete';
  model: string;
  output: OutputItem[];
  error: null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  usage: ResponseUsage | null;
  service_tier: ResponseAnswer['serviceTier'];
  /** Always false: the gateway stores no responses, whatever the request asked. */
  store: false;
  background: false;
  previous_response_id: null;
}

/** The response object at a point of its life: in progress (no output yet), or ended. */
export function createResponseObject(
  answer: ResponseAnswer,
  state: Pick<ResponseObject, 'status' | 'output' | 'incomplete_details' | 'usage'>,
): ResponseObject {
  return {
    id: answer.id,
    object: 'response',
    created_at: answer.createdAt,
    status: state.status,
    model: answer.model,
    output: state.output,
    error: null,
    incomplete_details: state.incomplete_details,
    usage: state.usage,
    service_tier: answer.serviceTier,
    store: false,
    background: false,
    previous_response_id: null,
    ...answer.settings,
  };
}

/** The id of the output item at `outputIndex`: OpenAI's prefix for its type, the response's own id, the index. */
export function createItemId(
  answer: ResponseAnswer,
  prefix: 'msg' | 'fc' | 'rs',
  outputIndex: number,
): string {
  return `${prefix}_${answer.id.replace(/^resp_/, '')}_${outputIndex}`;
}

export function createMessageItem(id: string, text: string, status: ItemStatus): MessageItem {
  return {
    type: 'message',
    id,
    status,
    role: 'assistant',
    content: status === 'in_progress' ? [] : [createOutputText(text)],
  };
}

export function createOutputText(text: string): OutputText {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/** A function call's item; arguments the model left empty are `{}`, as Bedrock's input is an object. */
export function createFunctionCallItem(
  fields: { id: string; callId: string; name: string; arguments: string },
  status: ItemStatus,
): FunctionCallItem {
  return {
    type: 'function_call',
    id: fields.id,
    call_id: fields.callId,
    name: fields.name,
    arguments: status === 'in_progress' || fields.arguments !== '' ? fields.arguments : '{}',
    status,
  };
}

/**
 * A reasoning block's item: its text as the one summary part (Claude on Bedrock returns its thinking summarised;
 * gpt-oss and DeepSeek their raw reasoning), none for a redacted block or an empty text.
 */
export function createReasoningItem(
  id: string,
  part: ReasoningPart | RedactedReasoningPart | undefined,
  includeContent: boolean,
): ReasoningItem {
  const text = part?.type === 'reasoning' ? part.text : '';
  return {
    type: 'reasoning',
    id,
    summary: text === '' ? [] : [{ type: 'summary_text', text }],
    ...(includeContent && part ? { encrypted_content: encodeReasoningContent(part) } : {}),
  };
}
