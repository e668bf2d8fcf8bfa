import { Hono } from 'hono';
import { z } from 'zod';
import type { AttemptRecord } from '../../bedrock/model-chain.js';
import { codecFor } from '../../core/codecs/index.js';
import { InvalidRequestError } from '../../core/errors.js';
import type { Usage } from '../../core/generate-result.js';
import { resolveCallGovernance } from '../../core/governance.js';
import { checkContextWindow, resolveMaxTokens } from '../../core/model-policy.js';
import {
  type ConverseOnlyFamily,
  isCodecFamily,
  isTextFamily,
  type ModelEntry,
} from '../../core/model-registry.js';
import { describeNativeBodyParts, measurePrompt } from '../../core/prompt-tokens.js';
import type { KeyRecord } from '../../tenancy/key-record.js';
import { answerHeaders } from '../answer-headers.js';
import { createRequestScope } from '../create-request-scope.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { resolveDeadline } from '../pipeline/request-deadline.js';
import { resolveModelForKey } from '../pipeline/resolve-model-for-key.js';
import { createUsageAccounting } from '../pipeline/usage-accounting.js';
import { readJsonBody } from '../read-json-body.js';

/**
 * The response header that carries Bedrock's token counts for a native call, as
 * `input_tokens=N; output_tokens=M`. A header rather than a body field, because the body is the model's own
 * and is returned byte for byte. Absent when Bedrock reported no counts.
 */
export const USAGE_HEADER = 'x-bedrock-gateway-usage';

/** Any JSON object: the native body belongs to the model family, and Bedrock validates it. */
const nativeBodySchema = z.record(z.string(), z.unknown());

type NativeBody = z.output<typeof nativeBodySchema>;

/** The value at `path` in a JSON object, or `undefined` when the path does not lead through objects to it. */
function readAtPath(body: NativeBody, path: readonly string[]): unknown {
  let value: unknown = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Applies the output-token caps to a native body, on the family's own field (`max_tokens`, `max_gen_len`,
 * `textGenerationConfig.maxTokenCount`, ...), and returns the most output tokens the call can produce.
 * A value that is not a positive integer is a 400 naming the field; one above the model's maximum, or the
 * key's `maxTokensPerRequest`, is a 400 `max_tokens_too_large` naming the cap and the field.
 *
 * The body is never rewritten, so an absent field stays absent. Anthropic requires `max_tokens`, so Bedrock
 * refuses such a body anyway; the other families then use the model's own default, which the model's
 * maximum bounds. The one exception is a key whose `maxTokensPerRequest` is below that maximum: it cannot
 * be enforced on a default the gateway does not know, so the field is then required (400).
 * Embedding bodies have no output tokens: nothing to cap, and 0 is returned.
 */
function checkNativeMaxTokens(model: ModelEntry, body: NativeBody, key: KeyRecord | undefined): number {
  if (!isTextFamily(model.family)) return 0;
  const { maxTokensPath: path, otherMaxTokensPaths = [] } = isCodecFamily(model.family)
    ? codecFor(model.family)
    : CONVERSE_ONLY_MAX_TOKENS_FIELDS[model.family];
  for (const other of otherMaxTokensPaths) {
    if (readAtPath(body, other) !== undefined) {
      throw new InvalidRequestError(
        'unsupported_parameter',
        `Invalid request: use ${path.join('.')} instead of ${other.join('.')}, so the gateway can apply the token caps.`,
        { param: other.join('.') },
      );
    }
  }
  const field = path.join('.');
  const value = readAtPath(body, path);
  const keyMaxTokensPerRequest = key?.limits.maxTokensPerRequest;
  if (value === undefined) {
    if (keyMaxTokensPerRequest !== undefined && keyMaxTokensPerRequest < model.maxOutputTokens) {
      throw new InvalidRequestError(
        'max_tokens_required',
        `Invalid request: ${field} is required: this API key's limit of ${keyMaxTokensPerRequest} tokens per request is below the maximum of ${model.maxOutputTokens} for model '${model.alias}'.`,
        { param: field },
      );
    }
    return model.maxOutputTokens;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InvalidRequestError(
      'invalid_body',
      `Invalid request: ${field}: expected a positive integer, got ${JSON.stringify(value)}.`,
      { param: field },
    );
  }
  return resolveMaxTokens(model, value, {
    param: field,
    ...(keyMaxTokensPerRequest === undefined ? {} : { keyMaxTokensPerRequest }),
  });
}

/**
 * The max-tokens field of the native bodies the gateway has no codec for, so that the passthrough can still
 * cap them: gpt-oss takes OpenAI's chat-completions body (`max_completion_tokens`, or the older `max_tokens`),
 * DeepSeek R1 and Mistral's chat body `max_tokens` (AWS model-parameter pages, summarised in the
 * catalogue notes).
 */
const CONVERSE_ONLY_MAX_TOKENS_FIELDS: Readonly<
  Record<
    ConverseOnlyFamily,
    { maxTokensPath: readonly string[]; otherMaxTokensPaths?: readonly (readonly string[])[] }
  >
> = {
  openai: { maxTokensPath: ['max_completion_tokens'], otherMaxTokensPaths: [['max_tokens']] },
  deepseek: { maxTokensPath: ['max_tokens'] },
  'mistral-chat': { maxTokensPath: ['max_tokens'] },
};

function formatUsageHeader(usage: Usage): string {
  return `input_tokens=${usage.inputTokens}; output_tokens=${usage.outputTokens}`;
}

/**
 * `POST /v1/models/{model}/invoke`: seed 004's "Bedrock API" path. The model's native InvokeModel body goes to
 * Bedrock as sent (after the key's allow-list, the token caps and a usage reservation), and the native
 * response comes back unchanged, with its content type. The model is an alias or a configured Bedrock id
 * (percent-encode `/`); text and embedding models both work. A body of the wrong family is Bedrock's
 * ValidationException, a 400 `upstream_validation`.
 */
export function createNativeInvokeRoutes(dependencies: AppDependencies): Hono<GatewayEnv> {
  const { config, registry, invoker, modelChain, logger } = dependencies;
  const now = dependencies.now ?? Date.now;
  const accounting = createUsageAccounting({ meter: dependencies.tenancy?.meter, logger });

  return new Hono<GatewayEnv>().post('/v1/models/:model/invoke', async (c) => {
    const scope = createRequestScope(c, now());
    const requestedModel = c.req.param('model');
    const { model, replaced } = resolveModelForKey(registry, requestedModel, scope.key, {
      nowMs: now(),
      logger,
    });
    Object.assign(scope.log, {
      model_requested: requestedModel,
      model: model.alias,
      model_id: model.id,
      api: 'invoke',
    });
    const body = await readJsonBody(c, nativeBodySchema);
    const maxOutputTokens = checkNativeMaxTokens(model, body, scope.key);
    const prompt = measurePrompt(describeNativeBodyParts(body));
    // The key's guardrail and service tier apply to native bodies too: they travel as InvokeModel headers.
    const governance = resolveCallGovernance(undefined, scope.key, config.governance);
    checkContextWindow(model, prompt);
    const ledger = await accounting.open(scope, {
      prompt,
      maxOutputTokens,
      models: [model],
      ...(governance.serviceTier ? { serviceTier: governance.serviceTier } : {}),
      ...(isTextFamily(model.family)
        ? {
            countExactly: (target: ModelEntry) =>
              invoker.countTokens(target, { nativeBody: body }, scope.signal),
          }
        : {}),
    });
    if (governance.serviceTier) scope.log.service_tier = governance.serviceTier;
    if (governance.guardrail) scope.log.guardrail_id = governance.guardrail.identifier;

    const attempts: AttemptRecord[] = [];
    try {
      // The body is the model family's own, so there is no fallback; retries, timeouts and the deadline apply.
      const { value: invocation } = await modelChain.run(
        [model],
        (target, signal) => invoker.invokeNative(target, body, signal, governance),
        {
          deadline: resolveDeadline(scope, config.reliability, now()),
          signal: scope.signal,
          onAttempt: (attempt) => {
            attempts.push(attempt);
            scope.log.attempts = attempts.length;
            scope.log.attempt_log = attempts;
          },
        },
      );
      // Bedrock always reports counts for InvokeModel; should it not, the call is billed as reserved, never free.
      ledger.addUsage(
        model,
        invocation.usage ?? { inputTokens: ledger.prompt.bound, outputTokens: maxOutputTokens },
      );
      const headers: Record<string, string> = {
        ...answerHeaders({ model, attempts: attempts.length, ...(replaced ? { replaced } : {}) }, now()),
        'content-type': invocation.contentType,
      };
      if (invocation.usage) headers[USAGE_HEADER] = formatUsageHeader(invocation.usage);
      // The SDK's body is backed by an ordinary ArrayBuffer; the type only says it could be shared memory.
      return c.body(invocation.body as Uint8Array<ArrayBuffer>, 200, headers);
    } finally {
      ledger.addAttempts(attempts);
      ledger.settle();
    }
  });
}
