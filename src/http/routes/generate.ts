import { Hono } from 'hono';
import { z } from 'zod';
import { UpstreamError } from '../../core/errors.js';
import { type ContentPart, type GenerateRequest, textOf } from '../../core/generate-request.js';
import type { GenerateResult, Usage } from '../../core/generate-result.js';
import {
  checkMediaLimits,
  decodeDocument,
  decodeImage,
  documentFormatFor,
  imageFormatFor,
} from '../../core/media-content.js';
import { type ModelEntry, publicModelId } from '../../core/model-registry.js';
import type { AnswerEvent } from '../../core/stream-event.js';
import { answerHeaders } from '../answer-headers.js';
import { createRequestScope } from '../create-request-scope.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { createGeneration } from '../pipeline/generation.js';
import { readJsonBody } from '../read-json-body.js';
import { createSseResponse, type SseMessage } from '../sse-response.js';

const PROMPT_FIELDS = ['prompt', 'input', 'text'] as const;

/** The seeds' simple text-to-text call. `input` and `text` are accepted for seed compatibility. */
export const generateBodySchema = z
  .strictObject({
    prompt: z.string().min(1).optional(),
    input: z.string().min(1).optional(),
    text: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    system: z.string().min(1).optional(),
    max_tokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    stop: z.array(z.string().min(1)).max(10).optional(),
    stream: z.boolean().optional(),
    api: z.enum(['converse', 'invoke']).optional(),
    /** Images for the prompt: base64 with their media type (`image/png`, `image/jpeg`, `image/gif`, `image/webp`). */
    images: z
      .array(z.strictObject({ data: z.string().min(1), media_type: z.string().min(1) }))
      .max(20)
      .optional(),
    /** Documents for the prompt: base64, a media type (`application/pdf`, `text/csv` ...) and a name. */
    documents: z
      .array(
        z.strictObject({ data: z.string().min(1), media_type: z.string().min(1), name: z.string().min(1) }),
      )
      .max(5)
      .optional(),
    /** Ask the model to reason, with an effort; the reasoning text comes back in `reasoning`. */
    reasoning: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).optional(),
    /** A JSON schema the answer must follow; the parsed answer comes back in `output_json`. */
    json_schema: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((body, context) => {
    const present = PROMPT_FIELDS.filter((field) => body[field] !== undefined);
    if (present.length !== 1) {
      context.addIssue({
        code: 'custom',
        path: present.length === 0 ? ['prompt'] : [present[1]!],
        params: { code: present.length === 0 ? 'missing_prompt' : 'ambiguous_prompt' },
        message:
          present.length === 0
            ? "provide the text to send in 'prompt' (or 'input' or 'text')"
            : `send exactly one of 'prompt', 'input' or 'text', not ${present.map((field) => `'${field}'`).join(' and ')}`,
      });
    }
  });

function formatUsage(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    ...(usage.cacheReadTokens ? { cache_read_tokens: usage.cacheReadTokens } : {}),
    ...(usage.cacheWriteTokens ? { cache_write_tokens: usage.cacheWriteTokens } : {}),
  };
}

/** The answer's text parsed as JSON, for `output_json`; an answer that is not JSON is a 502, never passed off. */
function parseOutputJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UpstreamError(502, 'upstream_malformed_response', 'The model did not answer with valid JSON.', {
      cause: error,
    });
  }
}

/** The simple body's prompt, media and options as a canonical request. */
function convertGenerateBody(body: z.output<typeof generateBodySchema>): Omit<GenerateRequest, 'maxTokens'> {
  const content: ContentPart[] = [
    ...(body.images ?? []).map((image, index) =>
      decodeImage(
        image.data,
        imageFormatFor(image.media_type, `images.${index}.media_type`),
        `images.${index}.data`,
      ),
    ),
    ...(body.documents ?? []).map((document, index) =>
      decodeDocument(
        document.data,
        documentFormatFor(document.media_type, `documents.${index}.media_type`),
        document.name,
        `documents.${index}`,
      ),
    ),
    { type: 'text', text: (body.prompt ?? body.input ?? body.text)! },
  ];
  const request: Omit<GenerateRequest, 'maxTokens'> = {
    messages: [{ role: 'user', content }],
    ...(body.system === undefined ? {} : { system: body.system }),
    ...(body.temperature === undefined ? {} : { temperature: body.temperature }),
    ...(body.top_p === undefined ? {} : { topP: body.top_p }),
    ...(body.stop === undefined ? {} : { stopSequences: body.stop }),
    ...(body.reasoning === undefined ? {} : { reasoning: { effort: body.reasoning } }),
    ...(body.json_schema === undefined
      ? {}
      : { outputFormat: { type: 'json-schema' as const, schema: body.json_schema, strict: true } }),
  };
  checkMediaLimits(request);
  return request;
}

/**
 * The answer's events as the simple API's SSE: `delta` per piece of text, then one `done` with the stop
 * reason and usage, or one `error` (and no `done`).
 */
async function* convertToGenerateSse(
  events: AsyncIterable<AnswerEvent>,
  answer: { id: string; model: ModelEntry; started: number; now: () => number; json: boolean },
): AsyncGenerator<SseMessage> {
  let text = '';
  for await (const event of events) {
    if (event.type === 'text-delta') {
      text += event.text;
      yield { event: 'delta', data: JSON.stringify({ text: event.text }) };
    } else if (event.type === 'reasoning-delta') {
      yield { event: 'reasoning', data: JSON.stringify({ text: event.text }) };
    } else if (event.type === 'error')
      yield { event: 'error', data: JSON.stringify(event.error.toJSON(answer.id)) };
    else if (event.type === 'finish') {
      yield {
        event: 'done',
        data: JSON.stringify({
          id: answer.id,
          model: answer.model.alias,
          model_id: publicModelId(answer.model),
          stop_reason: event.stopReason,
          ...(answer.json ? { output_json: parseJsonOrNull(text) } : {}),
          usage: formatUsage(event.usage),
          latency_ms: answer.now() - answer.started,
        }),
      };
    }
  }
}

/** A stream's JSON answer, parsed; `null` when the stream's text is not JSON (the text went out as deltas). */
function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The reasoning text of a result, in its own field, when the model reasoned. */
function reasoningOf(result: GenerateResult): { reasoning?: string } {
  const reasoning = result.content.flatMap((part) => (part.type === 'reasoning' ? [part.text] : [])).join('');
  return reasoning === '' ? {} : { reasoning };
}

export function createGenerateRoutes(dependencies: AppDependencies): Hono<GatewayEnv> {
  const now = dependencies.now ?? Date.now;
  const generation = createGeneration(dependencies);

  const generate = new Hono<GatewayEnv>().post('/', async (c) => {
    const scope = createRequestScope(c, now());
    const body = await readJsonBody(c, generateBodySchema);
    const prepared = generation.prepare(scope, {
      model: body.model,
      api: body.api,
      maxTokens: body.max_tokens,
      stream: body.stream === true,
      request: convertGenerateBody(body),
    });

    if (body.stream) {
      const { events, ...source } = await generation.stream(scope, prepared);
      const writeLog = c.var.deferLog();
      const answer = {
        id: scope.requestId,
        model: source.model,
        started: scope.started,
        now,
        json: body.json_schema !== undefined,
      };
      return createSseResponse(
        c,
        convertToGenerateSse(events, answer),
        writeLog,
        answerHeaders(source, now()),
      );
    }

    const { result, ...source } = await generation.generate(scope, prepared);
    const { model } = source;
    return c.json(
      {
        id: c.var.requestId,
        model: model.alias,
        model_id: publicModelId(model),
        output: textOf(result.content),
        ...reasoningOf(result),
        ...(body.json_schema === undefined ? {} : { output_json: parseOutputJson(textOf(result.content)) }),
        stop_reason: result.stopReason,
        usage: formatUsage(result.usage),
        latency_ms: now() - scope.started,
      },
      200,
      answerHeaders(source, now()),
    );
  });

  // POST / is the same call, so the seeds' `curl -X POST $api_endpoint -d '{"prompt": ...}'` works.
  return new Hono<GatewayEnv>().route('/v1/generate', generate).route('/', generate);
}
