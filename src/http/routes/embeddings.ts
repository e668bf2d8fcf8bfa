import { Hono } from 'hono';
import type { NativeInvocation } from '../../bedrock/bedrock-invoker.js';
import type { AttemptRecord } from '../../bedrock/model-chain.js';
import { parseNativeJson } from '../../bedrock/parse-native-json.js';
import { embeddingCodecFor } from '../../core/embeddings/embedding-codec.js';
import { InvalidRequestError, UpstreamError } from '../../core/errors.js';
import { type EmbeddingFamily, isTextFamily, type ModelEntry } from '../../core/model-registry.js';
import { describeTextParts, measurePrompt } from '../../core/prompt-tokens.js';
import { answerHeaders } from '../answer-headers.js';
import { createRequestScope } from '../create-request-scope.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { convertEmbeddingRequest, describeInputParam } from '../openai/convert-embedding-request.js';
import { convertToEmbeddingResponse } from '../openai/convert-to-embedding-response.js';
import { embeddingRequestSchema } from '../openai/embedding-request-schema.js';
import { resolveDeadline } from '../pipeline/request-deadline.js';
import type { RequestScope } from '../pipeline/request-scope.js';
import { resolveModelForKey } from '../pipeline/resolve-model-for-key.js';
import { createUsageAccounting } from '../pipeline/usage-accounting.js';
import { readJsonBody } from '../read-json-body.js';

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
  const { config, registry, invoker, modelChain, logger } = dependencies;
  const now = dependencies.now ?? Date.now;
  const accounting = createUsageAccounting({ meter: dependencies.tenancy?.meter, logger });

  /** The model, if it exists, the key may use it, and it embeds. */
  function resolveEmbeddingModel(
    scope: RequestScope,
    name: string,
  ): ModelEntry & { family: EmbeddingFamily } {
    const { model } = resolveModelForKey(registry, name, scope.key, { nowMs: now(), logger });
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
    const scope = createRequestScope(c, now());
    const body = await readJsonBody(c, embeddingRequestSchema);
    const embedding = convertEmbeddingRequest(body);
    const model = resolveEmbeddingModel(scope, embedding.model);
    Object.assign(scope.log, {
      model_requested: embedding.model,
      model: model.alias,
      model_id: model.id,
      api: 'invoke',
    });
    const codec = embeddingCodecFor(model.family);
    const calls = codec.toNativeCalls(embedding.texts, { dimensions: embedding.dimensions });
    const measures = embedding.texts.map((text) => measurePrompt(describeTextParts(text)));
    for (const [index, measure] of measures.entries()) {
      if (measure.estimate > model.contextWindow) {
        const param = describeInputParam(embedding, index);
        throw new InvalidRequestError(
          'context_length_exceeded',
          `${param} is about ${measure.estimate} tokens, more than the ${model.contextWindow} tokens model '${model.alias}' embeds.`,
          { param },
        );
      }
    }
    const ledger = await accounting.open(scope, {
      prompt: {
        bound: measures.reduce((total, measure) => total + measure.bound, 0),
        estimate: measures.reduce((total, measure) => total + measure.estimate, 0),
      },
      maxOutputTokens: 0,
      models: [model],
      // Every Bedrock call counts against the key's rpm: 2,048 texts to Titan are 2,048 calls.
      calls: calls.length,
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
    const abort = new AbortController();
    const signal = AbortSignal.any([scope.signal, abort.signal]);
    const deadline = resolveDeadline(scope, config.reliability, now());
    try {
      await runConcurrently(
        calls,
        EMBEDDING_CONCURRENCY,
        async (call, index) => {
          const start = firstTextOfCall[index]!;
          const callEstimate = measures
            .slice(start, start + call.textCount)
            .reduce((total, measure) => total + measure.estimate, 0);
          const callAttempts: AttemptRecord[] = [];
          let invocation: NativeInvocation;
          try {
            ({ value: invocation } = await modelChain.run(
              [model],
              (target, attemptSignal) => invoker.invokeNative(target, call.body, attemptSignal),
              { deadline, signal, onAttempt: (attempt) => callAttempts.push(attempt) },
            ));
          } finally {
            attempts.push(...callAttempts);
            // Calls cut off midway (timed out, or cancelled once another failed) had been sent: Bedrock bills them.
            ledger.addAttempts(callAttempts, callEstimate);
          }
          const result = codec.fromNativeResponse(parseNativeJson(invocation.body, model), call.textCount);
          if (result.embeddings.length !== call.textCount) {
            throw new UpstreamError(
              502,
              'upstream_malformed_response',
              `Bedrock returned ${result.embeddings.length} embeddings for ${call.textCount} texts.`,
            );
          }
          vectorsByCall[index] = result.embeddings;
          // The body's own count (Titan), else Bedrock's header (Cohere), else the estimate: never free.
          const callTokens = result.inputTokens ?? invocation.usage?.inputTokens ?? callEstimate;
          inputTokens += callTokens;
          ledger.addUsage(model, { inputTokens: callTokens, outputTokens: 0 });
        },
        () => abort.abort(),
      );
    } finally {
      scope.log.attempts = attempts.length;
      scope.log.attempt_log = attempts;
      ledger.settle();
    }
    return c.json(
      convertToEmbeddingResponse(vectorsByCall.flat(), {
        model: model.alias,
        inputTokens,
        encodingFormat: embedding.encodingFormat,
      }),
      200,
      answerHeaders({ model, attempts: attempts.length }, now()),
    );
  });
}
