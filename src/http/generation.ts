import type { Context } from 'hono';
import type { AttemptRecord, ChainResult } from '../bedrock/model-chain.js';
import { ClientClosedRequestError, UpstreamError } from '../core/errors.js';
import { type GenerateRequest, textOf } from '../core/generate-request.js';
import type { GenerateResult, Usage } from '../core/generate-result.js';
import {
  checkContextWindow,
  describeRequestText,
  estimateTokens,
  resolveApi,
  resolveMaxTokens,
} from '../core/model-policy.js';
import {
  type ModelApi,
  type ModelEntry,
  resolveFallbackChain,
  resolveModel,
} from '../core/model-registry.js';
import type { StreamEvent } from '../core/stream-event.js';
import { checkModelAllowed, isModelAllowed } from '../tenancy/model-access.js';
import type { AppDependencies, GatewayEnv } from './gateway-env.js';
import { addAbandonedCalls, createMetering } from './metering.js';
import { resolveDeadline } from './resolve-deadline.js';

/** The header that names the model that answered, after any fallback. */
export const ANSWERING_MODEL_HEADER = 'x-bedrock-gateway-model';
/** The header that counts the Bedrock calls made for the answer, retries and fallbacks included. */
export const ATTEMPTS_HEADER = 'x-bedrock-gateway-attempts';

/** What a route asks for, in canonical terms, before policy has been applied. */
export interface GenerationInput {
  /** Alias or configured Bedrock id; the default model when absent. */
  model: string | undefined;
  api?: ModelApi | undefined;
  /** The client's max tokens, if it sent one, and the field it came in (for messages). */
  maxTokens?: number | undefined;
  maxTokensParam?: string;
  request: Omit<GenerateRequest, 'maxTokens'>;
}

/** A request that passed policy: the models to try, the API, and the canonical request with its budget. */
export interface PreparedGeneration {
  model: ModelEntry;
  /** The model, then the fallbacks the key may use. */
  chain: ModelEntry[];
  api: ModelApi;
  request: GenerateRequest;
  estimatedInputTokens: number;
  started: number;
}

export interface Generation {
  /** Resolves the model, applies the key's allow-list and caps, and fills in max tokens. */
  prepare(c: Context<GatewayEnv>, input: GenerationInput): PreparedGeneration;
  /**
   * Reserves the key's capacity, calls Bedrock down the fallback chain with retries, and settles usage after
   * the response is flushed. `model` is the model that answered.
   */
  generate(
    c: Context<GatewayEnv>,
    prepared: PreparedGeneration,
  ): Promise<{ result: GenerateResult; model: ModelEntry }>;
  /**
   * Like generate, for streams. Resolves once the first upstream event has arrived: retries and fallbacks
   * happen only before it, and failures before it are real HTTP errors. Usage is settled when the stream
   * ends, however it ends.
   */
  stream(
    c: Context<GatewayEnv>,
    prepared: PreparedGeneration,
  ): Promise<{ events: AsyncIterable<StreamEvent>; model: ModelEntry }>;
}

export function createGeneration(dependencies: AppDependencies): Generation {
  const { config, registry, invoker, modelChain } = dependencies;
  const now = dependencies.now ?? Date.now;
  const metering = createMetering(dependencies);

  function prepare(c: Context<GatewayEnv>, input: GenerationInput): PreparedGeneration {
    const started = now();
    const requestedModel = input.model ?? config.defaultModel;
    const model = resolveModel(registry, requestedModel);
    const key = c.var.apiKey;
    if (key) checkModelAllowed(key, model.alias);
    const api = resolveApi(model, input.api);
    const text = describeRequestText({ ...input.request, maxTokens: 0 });
    checkContextWindow(model, text);
    const estimatedInputTokens = estimateTokens(text);
    const tokenLimits = [key?.limits.tpm, key?.limits.dailyTokens].filter((limit) => limit !== undefined);
    const maxTokens = resolveMaxTokens(model, input.maxTokens, {
      param: input.maxTokensParam ?? 'max_tokens',
      ...(key?.limits.maxTokensPerRequest === undefined
        ? {}
        : { keyMaxTokensPerRequest: key.limits.maxTokensPerRequest }),
      ...(tokenLimits.length > 0 ? { defaultCeiling: Math.min(...tokenLimits) - estimatedInputTokens } : {}),
    });
    // A fallback outside the key's allow-list is never used on its behalf.
    const chain = resolveFallbackChain(registry, model).filter(
      (entry) => !key || isModelAllowed(key, entry.alias),
    );
    Object.assign(c.var.log, {
      model_requested: requestedModel,
      model: model.alias,
      model_id: model.id,
      api,
    });
    // Prompts can hold personal data: they reach the log only when the operator asked for it.
    if (config.logging.prompts) c.var.log.prompt = text;
    return { model, chain, api, request: { ...input.request, maxTokens }, estimatedInputTokens, started };
  }

  /** Runs `call` down the chain; a fallback keeps the request but gets its own API default and token cap. */
  async function runChain<T>(
    c: Context<GatewayEnv>,
    prepared: PreparedGeneration,
    call: (model: ModelEntry, request: GenerateRequest, api: ModelApi, signal: AbortSignal) => Promise<T>,
    abandoned: { calls: number },
    signal: AbortSignal = c.req.raw.signal,
  ): Promise<ChainResult<T>> {
    const attempts: AttemptRecord[] = [];
    const outcome = await modelChain.run(
      prepared.chain,
      (model, signal) => {
        if (model === prepared.model) return call(model, prepared.request, prepared.api, signal);
        const maxTokens = Math.min(prepared.request.maxTokens, model.maxOutputTokens);
        return call(model, { ...prepared.request, maxTokens }, model.api, signal);
      },
      {
        deadline: resolveDeadline(c, config.reliability, prepared.started, now()),
        signal,
        onAttempt: (attempt) => {
          attempts.push(attempt);
          if (attempt.outcome === 'upstream_timeout') abandoned.calls++;
          const models = new Set(attempts.map((entry) => entry.model));
          Object.assign(c.var.log, {
            attempts: attempts.length,
            attempt_log: attempts,
            fallback_used: models.size > 1,
          });
        },
      },
    );
    Object.assign(c.var.log, { model: outcome.model.alias, model_id: outcome.model.id });
    c.header(ANSWERING_MODEL_HEADER, outcome.model.alias);
    c.header(ATTEMPTS_HEADER, String(attempts.length));
    return outcome;
  }

  /**
   * Holds the key's capacity for the request. Priced at the dearest model of the chain, so a fallback that
   * costs more can never push concurrent requests past a budget by more than one reservation.
   */
  function reserve(c: Context<GatewayEnv>, prepared: PreparedGeneration) {
    const price = {
      inputPerMTok: Math.max(...prepared.chain.map((model) => model.price.inputPerMTok)),
      outputPerMTok: Math.max(...prepared.chain.map((model) => model.price.outputPerMTok)),
    };
    return metering.reserve(c, {
      estimatedInputTokens: prepared.estimatedInputTokens,
      maxOutputTokens: prepared.request.maxTokens,
      price,
    });
  }

  async function generate(c: Context<GatewayEnv>, prepared: PreparedGeneration) {
    const reservation = await reserve(c, prepared);
    const abandoned = { calls: 0 };
    let answered = prepared.model;
    let usage: Usage | undefined;
    try {
      const outcome = await runChain(
        c,
        prepared,
        (model, request, api, signal) => invoker.generate(model, request, { api, signal }),
        abandoned,
      );
      answered = outcome.model;
      usage = outcome.value.usage;
      c.var.log.stop_reason = outcome.value.stopReason;
      if (config.logging.prompts) c.var.log.completion = textOf(outcome.value.content);
      return { result: outcome.value, model: outcome.model };
    } catch (error) {
      if (error instanceof ClientClosedRequestError) abandoned.calls++;
      throw error;
    } finally {
      metering.settle(
        c,
        reservation,
        answered,
        addAbandonedCalls(usage, abandoned.calls, prepared.estimatedInputTokens),
      );
    }
  }

  async function stream(c: Context<GatewayEnv>, prepared: PreparedGeneration) {
    const reservation = await reserve(c, prepared);
    const abandoned = { calls: 0 };
    // On Lambda the stream must end, with an error event and its usage settled, before the invocation does.
    const timeLimit = new AbortController();
    let outcome: ChainResult<AsyncIterable<StreamEvent>>;
    try {
      outcome = await runChain(
        c,
        prepared,
        (model, request, api, signal) => invoker.stream(model, request, { api, signal }),
        abandoned,
        AbortSignal.any([c.req.raw.signal, timeLimit.signal]),
      );
    } catch (error) {
      if (error instanceof ClientClosedRequestError) abandoned.calls++;
      metering.settle(
        c,
        reservation,
        prepared.model,
        addAbandonedCalls(undefined, abandoned.calls, prepared.estimatedInputTokens),
      );
      throw error;
    }
    const { value: upstream, model } = outcome;
    const remainingMs = c.env?.remainingTimeMs?.();
    const timer =
      remainingMs === undefined
        ? undefined
        : setTimeout(() => timeLimit.abort(), Math.max(0, remainingMs - config.reliability.deadlineMarginMs));
    const cutoff = c.env?.streamCutoff;
    const onCutoff = () => timeLimit.abort('shutdown');
    if (cutoff?.aborted) onCutoff();
    else cutoff?.addEventListener('abort', onCutoff, { once: true });
    async function* events(): AsyncGenerator<StreamEvent> {
      let usage: Usage | undefined;
      let streamedText = '';
      try {
        for await (const event of upstream) {
          if (event.type === 'usage') usage = event.usage;
          else if (event.type === 'text-delta') streamedText += event.text;
          else if (event.type === 'message-stop') c.var.log.stop_reason = event.stopReason;
          else if (event.type === 'error') c.var.log.error_code = event.error.code;
          yield event;
        }
        if (timeLimit.signal.aborted && c.var.log.stop_reason === undefined) {
          const error =
            timeLimit.signal.reason === 'shutdown'
              ? new UpstreamError(
                  503,
                  'server_shutting_down',
                  'The gateway is shutting down and could not finish this answer. Retry the request.',
                  true,
                  { retryAfterSeconds: 1 },
                )
              : new UpstreamError(
                  504,
                  'deadline_exceeded',
                  'The answer did not finish in the time the gateway has for it.',
                  true,
                );
          c.var.log.error_code = error.code;
          yield { type: 'error', error };
        }
      } finally {
        clearTimeout(timer);
        cutoff?.removeEventListener('abort', onCutoff);
        if (config.logging.prompts) c.var.log.completion = streamedText;
        // A stream cut short never reports usage: count what was sent, so aborts are not free.
        usage ??= { inputTokens: prepared.estimatedInputTokens, outputTokens: estimateTokens(streamedText) };
        metering.settle(
          c,
          reservation,
          model,
          addAbandonedCalls(usage, abandoned.calls, prepared.estimatedInputTokens),
        );
      }
    }
    return { events: events(), model };
  }

  return { prepare, generate, stream };
}
