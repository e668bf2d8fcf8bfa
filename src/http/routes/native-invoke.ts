import { Hono } from 'hono';
import { z } from 'zod';
import { checkNativeMaxTokens } from '../../core/check-native-max-tokens.js';
import type { Usage } from '../../core/generate-result.js';
import { resolveCallGovernance } from '../../core/governance.js';
import { checkContextWindow } from '../../core/model-policy.js';
import { isTextFamily, type ModelEntry } from '../../core/model-registry.js';
import { describeNativeBodyParts, measurePrompt } from '../../core/prompt-tokens.js';
import { answerHeaders } from '../answer-headers.js';
import { createRequestScope } from '../create-request-scope.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { createBedrockPassthrough } from '../pipeline/bedrock-passthrough.js';
import { resolveModelForKey } from '../pipeline/resolve-model-for-key.js';
import { readJsonBody } from '../read-json-body.js';

/**
 * The response header that carries Bedrock's token counts for a native call, as
 * `input_tokens=N; output_tokens=M`. A header rather than a body field, because the body is the model's own
 * and is returned byte for byte. Absent when Bedrock reported no counts.
 */
export const USAGE_HEADER = 'x-bedrock-gateway-usage';

/** Any JSON object: the native body belongs to the model family, and Bedrock validates it. */
const nativeBodySchema = z.record(z.string(), z.unknown());

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
  const { config, registry, invoker, logger } = dependencies;
  const now = dependencies.now ?? Date.now;
  const passthrough = createBedrockPassthrough(dependencies);

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
    const maxOutputTokens = checkNativeMaxTokens(model, body, scope.key?.limits.maxTokensPerRequest);
    const prompt = measurePrompt(describeNativeBodyParts(body));
    // The key's guardrail and service tier apply to native bodies too: they travel as InvokeModel headers.
    const governance = resolveCallGovernance(undefined, scope.key, config.governance);
    checkContextWindow(model, prompt);
    if (governance.serviceTier) scope.log.service_tier = governance.serviceTier;
    if (governance.guardrail) scope.log.guardrail_id = governance.guardrail.identifier;

    // The body is the model family's own, so there is no fallback; retries, timeouts and the deadline apply.
    const answer = await passthrough.invoke(
      scope,
      {
        chain: [model],
        ...(replaced ? { replaced } : {}),
        prompt,
        maxOutputTokens,
        ...(governance.serviceTier ? { serviceTier: governance.serviceTier } : {}),
        guardrailApplied: governance.guardrail !== undefined,
        ...(isTextFamily(model.family)
          ? {
              countExactly: (target: ModelEntry) =>
                invoker.countTokens(target, { nativeBody: body }, scope.signal),
            }
          : {}),
        attempt: (target, signal) => invoker.invokeNative(target, body, signal, governance),
      },
      (invocation) => invocation.usage,
    );
    const invocation = answer.value;
    const headers: Record<string, string> = {
      ...answerHeaders(answer, now()),
      'content-type': invocation.contentType,
    };
    if (invocation.usage) headers[USAGE_HEADER] = formatUsageHeader(invocation.usage);
    // The SDK's body is backed by an ordinary ArrayBuffer; the type only says it could be shared memory.
    return c.body(invocation.body as Uint8Array<ArrayBuffer>, 200, headers);
  });
}
