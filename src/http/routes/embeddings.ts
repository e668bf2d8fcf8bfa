import { type Context, Hono } from 'hono';
import type { AttemptRecord } from '../../bedrock/model-chain.js';
import { parseNativeJson } from '../../bedrock/parse-native-json.js';
import { embeddingCodecFor } from '../../core/embeddings/embedding-codec.js';
import { ClientClosedRequestError, InvalidRequestError, UpstreamError } from '../../core/errors.js';
import type { Usage } from '../../core/generate-result.js';
import { estimateTokens } from '../../core/model-policy.js';
import {
  type EmbeddingFamily,
  isTextFamily,
  type ModelEntry,
  resolveModel,
} from '../../core/model-registry.js';
import { checkModelAllowed } from '../../tenancy/model-access.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { ANSWERING_MODEL_HEADER, ATTEMPTS_HEADER } from '../generation.js';
import { createMetering } from '../metering.js';
import { convertEmbeddingRequest, describeInputParam } from '../openai/convert-embedding-request.js';
import { convertToEmbeddingResponse } from '../openai/convert-to-embedding-response.js';
import { embeddingRequestSchema } from '../openai/embedding-request-schema.js';
import { readJsonBody } from '../read-json-body.js';
import { resolveDeadline } from '../resolve-deadline.js';

/** InvokeModel calls in flight at once for one request: enough to hide latency, few enough not to self-throttle. */
const EMBEDDING_CONCURRENCY = 4;

/**
 * Runs `task` over `items` with at most `limit` in flight. After the first failure no new task starts and
 * `onFailure` runs (to abort those in flight); every started task is awaited before the first error is
 * thrown, so the caller counts exactly the calls that completed.
 */
async function runConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  onFailure: () => void,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  async function work(): Promise<void> {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        await task(items[index]!, index);
      } catch (error) {
        if (!failure) {
          failure = { error };
          onFailure();
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));
  if (failure) throw failure.error;
}

/**
 * `POST /v1/embeddings`, OpenAI-compatible, for Titan Text Embeddings v2 and Cohere Embed. The texts go to
 * Bedrock in the family's native body (one call per text for Titan, batches of 96 for Cohere), after the
 * key's allow-list and a usage reservation; the reservation is settled to the tokens Bedrock counted.
 *
 * Each call is retried through the model chain (backoff, deadline, circuit breaker) but never falls back to
 * another model: vectors from two models live in different spaces, and mixing them would be silently wrong.
 */
export function createEmbeddingRoutes(dependencies: AppDependencies): Hono<GatewayEnv> {
  const { config, registry, invoker, modelChain } = dependencies;
  const now = dependencies.now ?? Date.now;
  const metering = createMetering(dependencies);

  /** The model, if it exists, the key may use it, and it embeds. */
  function resolveEmbeddingModel(
    c: Context<GatewayEnv>,
    name: string,
  ): ModelEntry & { family: EmbeddingFamily } {
    const model = resolveModel(registry, name);
    if (c.var.apiKey) checkModelAllowed(c.var.apiKey, model.alias);
    if (isTextFamily(model.family)) {
      throw new InvalidRequestError(
        'unsupported_model',
        `Model '${model.alias}' generates text; it cannot embed. Use an embedding model (titan-embed or cohere-embed family).`,
        { param: 'model' },
      );
    }
    return { ...model, family: model.family };
  }

  return new Hono<GatewayEnv>().post('/v1/embeddings', async (c) => {
    const started = now();
    const body = await readJsonBody(c, embeddingRequestSchema);
    const embedding = convertEmbeddingRequest(body);
    const model = resolveEmbeddingModel(c, embedding.model);
    Object.assign(c.var.log, {
      model_requested: embedding.model,
      model: model.alias,
      model_id: model.id,
      api: 'invoke',
    });
    const codec = embeddingCodecFor(model.family);
    const calls = codec.toNativeCalls(embedding.texts, { dimensions: embedding.dimensions });
    const estimates = embedding.texts.map((text) => estimateTokens(text));
    for (const [index, estimate] of estimates.entries()) {
      if (estimate > model.contextWindow) {
        const param = describeInputParam(embedding, index);
        throw new InvalidRequestError(
          'context_length_exceeded',
          `${param} is about ${estimate} tokens, more than the ${model.contextWindow} tokens model '${model.alias}' embeds.`,
          { param },
        );
      }
    }
    const reservation = await metering.reserve(c, {
      estimatedInputTokens: estimates.reduce((total, estimate) => total + estimate, 0),
      maxOutputTokens: 0,
      price: model.price,
    });

    const firstTextOfCall: number[] = [];
    let offset = 0;
    for (const call of calls) {
      firstTextOfCall.push(offset);
      offset += call.textCount;
    }
    const vectorsByCall: number[][][] = [];
    const attempts: AttemptRecord[] = [];
    let inputTokens = 0;
    let completedCalls = 0;
    // Calls cut off midway (timed out, or cancelled once another failed) had been sent: Bedrock bills them.
    let abandonedInputTokens = 0;
    const abort = new AbortController();
    const signal = AbortSignal.any([c.req.raw.signal, abort.signal]);
    const deadline = resolveDeadline(c, config.reliability, started, now());
    try {
      await runConcurrently(
        calls,
        EMBEDDING_CONCURRENCY,
        async (call, index) => {
          const start = firstTextOfCall[index]!;
          const callEstimate = estimates
            .slice(start, start + call.textCount)
            .reduce((total, estimate) => total + estimate, 0);
          const invocation = await modelChain
            .run([model], (target, attemptSignal) => invoker.invokeNative(target, call.body, attemptSignal), {
              deadline,
              signal,
              onAttempt: (attempt) => {
                attempts.push(attempt);
                if (attempt.outcome === 'upstream_timeout') abandonedInputTokens += callEstimate;
              },
            })
            .then(
              (outcome) => outcome.value,
              (error: unknown) => {
                if (error instanceof ClientClosedRequestError) abandonedInputTokens += callEstimate;
                throw error;
              },
            );
          const result = codec.fromNativeResponse(parseNativeJson(invocation.body, model), call.textCount);
          if (result.embeddings.length !== call.textCount) {
            throw new UpstreamError(
              502,
              'upstream_malformed_response',
              `Bedrock returned ${result.embeddings.length} embeddings for ${call.textCount} texts.`,
              false,
            );
          }
          vectorsByCall[index] = result.embeddings;
          // The body's own count (Titan), else Bedrock's header (Cohere), else the estimate: never free.
          inputTokens += result.inputTokens ?? invocation.usage?.inputTokens ?? callEstimate;
          completedCalls += 1;
        },
        () => abort.abort(),
      );
    } finally {
      c.var.log.attempts = attempts.length;
      // Calls that completed before a failure were billed by Bedrock, so they are counted.
      const billed = inputTokens + abandonedInputTokens;
      const usage: Usage | undefined =
        completedCalls > 0 || billed > 0 ? { inputTokens: billed, outputTokens: 0 } : undefined;
      metering.settle(c, reservation, model, usage);
    }
    c.header(ANSWERING_MODEL_HEADER, model.alias);
    c.header(ATTEMPTS_HEADER, String(attempts.length));
    return c.json(
      convertToEmbeddingResponse(vectorsByCall.flat(), {
        model: model.alias,
        inputTokens,
        encodingFormat: embedding.encodingFormat,
      }),
    );
  });
}
