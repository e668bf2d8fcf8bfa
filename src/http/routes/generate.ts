import { Hono } from 'hono';
import { z } from 'zod';
import { requestFromPrompt, textOf } from '../../core/generate-request.js';
import { checkContextWindow, resolveApi, resolveMaxTokens } from '../../core/model-policy.js';
import { resolveModel } from '../../core/model-registry.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { readJsonBody } from '../read-json-body.js';

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

export function createGenerateRoutes(dependencies: AppDependencies): Hono<GatewayEnv> {
  const { config, registry, invoker } = dependencies;
  const now = dependencies.now ?? Date.now;

  const generate = new Hono<GatewayEnv>().post('/', async (c) => {
    const body = await readJsonBody(c, generateBodySchema);
    const prompt = (body.prompt ?? body.input ?? body.text)!;
    const requestedModel = body.model ?? config.defaultModel;
    const model = resolveModel(registry, requestedModel);
    const api = resolveApi(model, body.api);
    const maxTokens = resolveMaxTokens(model, body.max_tokens);
    checkContextWindow(model, `${body.system ?? ''}${prompt}`);
    Object.assign(c.var.log, {
      model_requested: requestedModel,
      model: model.alias,
      model_id: model.id,
      api,
    });

    const request = requestFromPrompt(prompt, {
      maxTokens,
      ...(body.system === undefined ? {} : { system: body.system }),
      ...(body.temperature === undefined ? {} : { temperature: body.temperature }),
      ...(body.top_p === undefined ? {} : { topP: body.top_p }),
      ...(body.stop === undefined ? {} : { stopSequences: body.stop }),
    });
    const started = now();
    const result = await invoker.generate(model, request, { api, signal: c.req.raw.signal });
    const latencyMs = now() - started;
    Object.assign(c.var.log, {
      input_tokens: result.usage.inputTokens,
      output_tokens: result.usage.outputTokens,
      stop_reason: result.stopReason,
    });
    return c.json({
      id: c.var.requestId,
      model: model.alias,
      model_id: model.id,
      output: textOf(result.content),
      stop_reason: result.stopReason,
      usage: { input_tokens: result.usage.inputTokens, output_tokens: result.usage.outputTokens },
      latency_ms: latencyMs,
    });
  });

  // POST / is the same call, so the seeds' `curl -X POST $api_endpoint -d '{"prompt": ...}'` works.
  return new Hono<GatewayEnv>().route('/v1/generate', generate).route('/', generate);
}
