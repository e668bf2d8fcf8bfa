import { Hono } from 'hono';
import { z } from 'zod';
import { textOf } from '../../core/generate-request.js';
import type { Usage } from '../../core/generate-result.js';
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
  return { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens };
}

/**
 * The answer's events as the simple API's SSE: `delta` per piece of text, then one `done` with the stop
 * reason and usage, or one `error` (and no `done`).
 */
async function* convertToGenerateSse(
  events: AsyncIterable<AnswerEvent>,
  answer: { id: string; model: ModelEntry; started: number; now: () => number },
): AsyncGenerator<SseMessage> {
  for await (const event of events) {
    if (event.type === 'text-delta') yield { event: 'delta', data: JSON.stringify({ text: event.text }) };
    else if (event.type === 'error')
      yield { event: 'error', data: JSON.stringify(event.error.toJSON(answer.id)) };
    else if (event.type === 'finish') {
      yield {
        event: 'done',
        data: JSON.stringify({
          id: answer.id,
          model: answer.model.alias,
          model_id: publicModelId(answer.model),
          stop_reason: event.stopReason,
          usage: formatUsage(event.usage),
          latency_ms: answer.now() - answer.started,
        }),
      };
    }
  }
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
      request: {
        messages: [
          { role: 'user', content: [{ type: 'text', text: (body.prompt ?? body.input ?? body.text)! }] },
        ],
        ...(body.system === undefined ? {} : { system: body.system }),
        ...(body.temperature === undefined ? {} : { temperature: body.temperature }),
        ...(body.top_p === undefined ? {} : { topP: body.top_p }),
        ...(body.stop === undefined ? {} : { stopSequences: body.stop }),
      },
    });

    if (body.stream) {
      const { events, ...source } = await generation.stream(scope, prepared);
      const writeLog = c.var.deferLog();
      const answer = { id: scope.requestId, model: source.model, started: scope.started, now };
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
