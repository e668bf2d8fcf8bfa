import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import type { NativeCallOptions } from '../../bedrock/bedrock-invoker.js';
import type { StreamOperation } from '../../bedrock/decode-stream-frame.js';
import { checkNativeMaxTokens } from '../../core/check-native-max-tokens.js';
import { mapStopReason } from '../../core/codecs/map-stop-reason.js';
import { converseStopReasons } from '../../core/converse/converse-stop-reasons.js';
import { describeConversePromptParts } from '../../core/converse/describe-converse-prompt.js';
import { InvalidRequestError } from '../../core/errors.js';
import type { StopReason } from '../../core/generate-result.js';
import { resolveCallGovernance, resolveClientGuardrail } from '../../core/governance.js';
import { checkContextWindow } from '../../core/model-policy.js';
import { isTextFamily, type ModelEntry } from '../../core/model-registry.js';
import { describeNativeBodyParts, measurePrompt } from '../../core/prompt-tokens.js';
import { answerHeaders } from '../answer-headers.js';
import { toRoutePrefix } from '../bedrock-runtime/bedrock-runtime-paths.js';
import {
  converseRequestSchema,
  countTokensRequestSchema,
} from '../bedrock-runtime/converse-request-schema.js';
import { encodeStreamException } from '../bedrock-runtime/encode-stream-exception.js';
import { resolveConverseGuardrail, writeConverseBody } from '../bedrock-runtime/govern-converse-request.js';
import { readInvokeHeaders } from '../bedrock-runtime/read-invoke-headers.js';
import { createRequestScope } from '../create-request-scope.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { createBedrockPassthrough } from '../pipeline/bedrock-passthrough.js';
import type { AnswerSource } from '../pipeline/generation.js';
import type { RequestScope } from '../pipeline/request-scope.js';
import { resolveModelForKey, resolveUsableChain } from '../pipeline/resolve-model-for-key.js';
import { resolveOutputBudget } from '../pipeline/resolve-output-budget.js';
import { recordStop } from '../pipeline/run-request-chain.js';
import { readJsonBody } from '../read-json-body.js';
import { createStreamingBody } from '../streaming-body.js';

/** Any JSON object: a native InvokeModel body belongs to the model family, and Bedrock validates it. */
const nativeBodySchema = z.record(z.string(), z.unknown());

const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** The stop reason of a Converse answer for the log line; one the gateway does not know is left out. */
function readConverseStop(stopReason: string | undefined): StopReason | undefined {
  try {
    return stopReason === undefined ? undefined : mapStopReason(converseStopReasons, stopReason);
  } catch {
    return undefined;
  }
}

/** Refuses an embedding model where only text models answer (Converse, streams, CountTokens). */
function requireTextModel(model: ModelEntry, operation: string): void {
  if (isTextFamily(model.family)) return;
  throw new InvalidRequestError(
    'unsupported_model',
    `Model '${model.alias}' is an embedding model; ${operation} takes text models. Use InvokeModel for embeddings.`,
    { param: 'modelId' },
  );
}

/**
 * Bedrock Runtime's own API, for its own clients with a gateway key as their Bedrock API key:
 * `POST {prefix}/model/{modelId}/converse | converse-stream | invoke | invoke-with-response-stream | count-tokens`.
 * The model id is one path segment (an ARN's `/` percent-encoded, or not: the id runs to the operation), and
 * may be a configured Bedrock id, another inference profile of a configured model, or a gateway alias.
 *
 * Bodies are Bedrock's and pass through, validated, capped and governed: Converse gets `inferenceConfig.maxTokens`
 * within the caps, the key's guardrail and service tier; a native body is checked on its family's max-tokens
 * field and gets the guardrail and tier as InvokeModel headers. Answers are Bedrock's, byte for byte, streams frame
 * by frame, with the gateway's headers (the model that answered) added. The key's allow-list, the lifecycle
 * guard, reservations, fallbacks (before the first byte), settlement and the log line apply as on every route.
 */
export function createBedrockRuntimeRoutes(dependencies: AppDependencies): Hono<GatewayEnv> {
  const { config, registry, invoker, logger } = dependencies;
  const now = dependencies.now ?? Date.now;
  const passthrough = createBedrockPassthrough(dependencies);
  const prefix = toRoutePrefix(config.bedrockRuntime.basePath);
  const operationPath = (operation: string) => `${prefix}/model/:modelId{.+}/${operation}`;

  function resolveRequested(c: Context<GatewayEnv>, scope: RequestScope) {
    const requested = c.req.param('modelId') ?? '';
    const resolved = resolveModelForKey(registry, requested, scope.key, { nowMs: now(), logger });
    Object.assign(scope.log, {
      model_requested: requested,
      model: resolved.model.alias,
      model_id: resolved.model.id,
      ...(resolved.replaced ? { model_replaced: resolved.replaced.alias } : {}),
    });
    return resolved;
  }

  /** The headers of every answer: who answered, Bedrock's own `x-amzn-bedrock-*`, and the request id. */
  function headersFor(
    c: Context<GatewayEnv>,
    source: AnswerSource,
    bedrock: Record<string, string>,
  ): Record<string, string> {
    return { ...bedrock, ...answerHeaders(source, now()), 'x-amzn-RequestId': c.var.requestId };
  }

  function streamResponse(
    c: Context<GatewayEnv>,
    answer: AnswerSource & { frames: AsyncIterable<Uint8Array>; headers: Record<string, string> },
    extraHeaders: Record<string, string>,
  ): Response {
    const writeLog = c.var.deferLog();
    return c.body(
      createStreamingBody(answer.frames, (frame) => frame, writeLog),
      200,
      {
        ...headersFor(c, answer, answer.headers),
        ...extraHeaders,
        'content-type': EVENT_STREAM_CONTENT_TYPE,
      },
    );
  }

  async function converse(c: Context<GatewayEnv>, stream: boolean): Promise<Response> {
    const scope = createRequestScope(c, now());
    const { model, replaced } = resolveRequested(c, scope);
    scope.log.api = 'converse';
    requireTextModel(model, stream ? 'ConverseStream' : 'Converse');
    const body = await readJsonBody(c, converseRequestSchema);
    const prompt = measurePrompt(describeConversePromptParts(body));
    checkContextWindow(model, prompt);
    // Any text model can take a Converse body: fallbacks apply, each with its own output cap.
    const chain = resolveUsableChain(registry, model, scope.key, now()).filter(
      (entry) => isTextFamily(entry.family) && (entry === model || !stream || entry.capabilities.streaming),
    );
    const maxTokens = resolveOutputBudget(model, body.inferenceConfig?.maxTokens, {
      param: 'inferenceConfig.maxTokens',
      key: scope.key,
      prompt,
      chain,
    });
    const governed = resolveCallGovernance(body.serviceTier?.type, scope.key, config.governance);
    const guardrail = resolveConverseGuardrail(body, governed.guardrail);
    const governance = { maxTokens, guardrail, serviceTier: governed.serviceTier };
    if (governed.serviceTier) scope.log.service_tier = governed.serviceTier;
    if (guardrail) scope.log.guardrail_id = guardrail.identifier;
    const { messages, system, toolConfig, additionalModelRequestFields } = body;
    const countable = { messages, system, toolConfig, additionalModelRequestFields };
    const call = {
      chain,
      ...(replaced ? { replaced } : {}),
      prompt,
      maxOutputTokens: maxTokens,
      ...(governed.serviceTier ? { serviceTier: governed.serviceTier } : {}),
      guardrailApplied: guardrail !== undefined,
      countExactly: (target: ModelEntry) =>
        invoker.countTokens(target, { raw: { converse: countable } }, scope.signal),
    };
    if (stream) {
      const answer = await passthrough.stream(
        scope,
        {
          ...call,
          attempt: (target, signal) =>
            invoker.openRawStream(
              target,
              'converse-stream',
              writeConverseBody(body, governance, target.maxOutputTokens),
              signal,
            ),
        },
        (error) => encodeStreamException(error, 'converse-stream'),
      );
      return streamResponse(c, answer, {});
    }
    const answer = await passthrough.invoke(
      scope,
      {
        ...call,
        attempt: (target, signal) =>
          invoker.converseRaw(target, writeConverseBody(body, governance, target.maxOutputTokens), signal),
      },
      (value) => value.usage,
    );
    const stopReason = readConverseStop(answer.value.stopReason);
    if (stopReason) recordStop(scope, stopReason, guardrail !== undefined);
    return c.body(answer.value.body as Uint8Array<ArrayBuffer>, 200, {
      ...headersFor(c, answer, answer.value.headers),
      'content-type': 'application/json',
    });
  }

  async function invoke(c: Context<GatewayEnv>, stream: boolean): Promise<Response> {
    const scope = createRequestScope(c, now());
    const { model, replaced } = resolveRequested(c, scope);
    scope.log.api = 'invoke';
    if (stream) requireTextModel(model, 'InvokeModelWithResponseStream');
    const body = await readJsonBody(c, nativeBodySchema);
    const requested = readInvokeHeaders(c.req.raw.headers);
    const keyCap = scope.key?.limits.maxTokensPerRequest;
    const maxOutputTokens = checkNativeMaxTokens(model, body, keyCap);
    const prompt = measurePrompt(describeNativeBodyParts(body));
    checkContextWindow(model, prompt);
    const governed = resolveCallGovernance(requested.serviceTier, scope.key, config.governance);
    const guardrail = resolveClientGuardrail(
      requested.guardrail,
      governed.guardrail,
      'X-Amzn-Bedrock-GuardrailIdentifier',
    );
    const options: NativeCallOptions = {
      ...requested.options,
      ...(guardrail ? { guardrail } : {}),
      ...(governed.serviceTier ? { serviceTier: governed.serviceTier } : {}),
    };
    if (governed.serviceTier) scope.log.service_tier = governed.serviceTier;
    if (guardrail) scope.log.guardrail_id = guardrail.identifier;
    // A native body is its family's: a fallback must be of the same family and take its max tokens as they are.
    const chain = resolveUsableChain(registry, model, scope.key, now()).filter((entry) => {
      if (entry === model) return true;
      if (entry.family !== model.family || (stream && !entry.capabilities.streaming)) return false;
      try {
        checkNativeMaxTokens(entry, body, keyCap);
        return true;
      } catch {
        return false;
      }
    });
    const call = {
      chain,
      ...(replaced ? { replaced } : {}),
      prompt,
      maxOutputTokens,
      ...(governed.serviceTier ? { serviceTier: governed.serviceTier } : {}),
      guardrailApplied: guardrail !== undefined,
      ...(isTextFamily(model.family)
        ? {
            countExactly: (target: ModelEntry) =>
              invoker.countTokens(target, { nativeBody: body }, scope.signal),
          }
        : {}),
    };
    if (stream) {
      const operation: StreamOperation = 'invoke-with-response-stream';
      const answer = await passthrough.stream(
        scope,
        {
          ...call,
          attempt: (target, signal) => invoker.openRawStream(target, operation, body, signal, options),
        },
        (error) => encodeStreamException(error, operation),
      );
      return streamResponse(c, answer, {
        // Required in the response (botocore `InvokeModelWithResponseStreamResponse`): the chunks' type.
        'x-amzn-bedrock-content-type': answer.headers['x-amzn-bedrock-content-type'] ?? 'application/json',
      });
    }
    const answer = await passthrough.invoke(
      scope,
      { ...call, attempt: (target, signal) => invoker.invokeNative(target, body, signal, options) },
      (invocation) => invocation.usage,
    );
    return c.body(answer.value.body as Uint8Array<ArrayBuffer>, 200, {
      ...headersFor(c, answer, answer.value.headers),
      'content-type': answer.value.contentType,
    });
  }

  return new Hono<GatewayEnv>()
    .post(operationPath('converse'), (c) => converse(c, false))
    .post(operationPath('converse-stream'), (c) => converse(c, true))
    .post(operationPath('invoke'), (c) => invoke(c, false))
    .post(operationPath('invoke-with-response-stream'), (c) => invoke(c, true))
    .post(operationPath('count-tokens'), async (c) => {
      const scope = createRequestScope(c, now());
      const { model } = resolveRequested(c, scope);
      requireTextModel(model, 'CountTokens');
      const body = await readJsonBody(c, countTokensRequestSchema);
      // Counting is free on Bedrock: no reservation, and no fallback (a count is for the model named).
      const inputTokens = await invoker.countTokens(model, { raw: body.input }, scope.signal);
      return c.json({ inputTokens }, 200, { 'x-amzn-RequestId': c.var.requestId });
    });
}
