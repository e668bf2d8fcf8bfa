import { type Context, Hono } from 'hono';
import { embeddingCodecFor } from '../../core/embeddings/embedding-codec.js';
import { InvalidRequestError, UpstreamError } from '../../core/errors.js';
import type { Usage } from '../../core/generate-result.js';
import { estimateTokens } from '../../core/model-policy.js';
import {
  type EmbeddingFamily,
  isTextFamily,
  type ModelEntry,
  resolveModel,
} from '../../core/model-registry.js';
import { computeCostMicroUsd, convertMicroUsdToUsd } from '../../core/usage-cost.js';
import { checkModelAllowed } from '../../tenancy/model-access.js';
import type { Reservation } from '../../tenancy/usage-meter.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { convertEmbeddingRequest, describeInputParam } from '../openai/convert-embedding-request.js';
import { convertToEmbeddingResponse } from '../openai/convert-to-embedding-response.js';
import { embeddingRequestSchema } from '../openai/embedding-request-schema.js';
import { MODEL_HEADER } from '../openai/model-header.js';
import { readJsonBody } from '../read-json-body.js';

/** InvokeModel calls in flight at once for one request: enough to hide latency, few enough not to self-throttle. */
const EMBEDDING_CONCURRENCY = 4;

const decoder = new TextDecoder();

/** A native response body as JSON; anything else is Bedrock's fault, a 502. */
function parseNativeJson(body: Uint8Array, model: ModelEntry): unknown {
  try {
    return JSON.parse(decoder.decode(body));
  } catch (error) {
    throw new UpstreamError(
      502,
      'upstream_malformed_response',
      `Bedrock model '${model.alias}' returned a body that is not JSON.`,
      false,
      { cause: error },
    );
  }
}

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
 */
export function createEmbeddingRoutes(dependencies: AppDependencies): Hono<GatewayEnv> {
  const { registry, invoker, tenancy, logger } = dependencies;

  /** Settles usage without holding the response: inside the invocation on Lambda, detached on Node. */
  function settleAfterResponse(
    c: Context<GatewayEnv>,
    reservation: Reservation | undefined,
    usage: Usage | undefined,
  ): void {
    if (!reservation || !tenancy) return;
    const settlement = tenancy.meter.settle(reservation, usage).catch((error: unknown) => {
      logger.error('usage settlement failed', {
        request_id: c.var.requestId,
        key_id: reservation.keyId,
        error: error as Error,
      });
    });
    c.env?.waitUntil?.(settlement);
  }

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
        throw new InvalidRequestError(
          'context_length_exceeded',
          `${describeInputParam(embedding, index)} is about ${estimate} tokens, more than the ${model.contextWindow} tokens model '${model.alias}' embeds.`,
          { param: describeInputParam(embedding, index) },
        );
      }
    }
    const estimatedInputTokens = estimates.reduce((total, estimate) => total + estimate, 0);
    const key = c.var.apiKey;
    const reservation =
      key && tenancy
        ? await tenancy.meter.reserve({ key, estimatedInputTokens, maxOutputTokens: 0, price: model.price })
        : undefined;

    const firstTextOfCall: number[] = [];
    let offset = 0;
    for (const call of calls) {
      firstTextOfCall.push(offset);
      offset += call.textCount;
    }
    const vectorsByCall: number[][][] = [];
    let inputTokens = 0;
    let completedCalls = 0;
    const abort = new AbortController();
    const onClientGone = () => abort.abort();
    c.req.raw.signal.addEventListener('abort', onClientGone, { once: true });
    try {
      await runConcurrently(
        calls,
        EMBEDDING_CONCURRENCY,
        async (call, index) => {
          const invocation = await invoker.invokeNative(model, call.body, abort.signal);
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
          const start = firstTextOfCall[index]!;
          inputTokens +=
            result.inputTokens ??
            invocation.usage?.inputTokens ??
            estimates.slice(start, start + call.textCount).reduce((total, estimate) => total + estimate, 0);
          completedCalls += 1;
        },
        () => abort.abort(),
      );
    } finally {
      c.req.raw.signal.removeEventListener('abort', onClientGone);
      const usage = completedCalls > 0 ? { inputTokens, outputTokens: 0 } : undefined;
      if (usage) {
        Object.assign(c.var.log, {
          input_tokens: usage.inputTokens,
          output_tokens: 0,
          cost_usd: convertMicroUsdToUsd(computeCostMicroUsd(usage, model.price)),
        });
      }
      settleAfterResponse(c, reservation, usage);
    }
    c.header(MODEL_HEADER, model.alias);
    return c.json(
      convertToEmbeddingResponse(vectorsByCall.flat(), {
        model: model.alias,
        inputTokens,
        encodingFormat: embedding.encodingFormat,
      }),
    );
  });
}
