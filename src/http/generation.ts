import type { Context } from 'hono';
import type { GenerateRequest } from '../core/generate-request.js';
import type { GenerateResult, Usage } from '../core/generate-result.js';
import {
  checkContextWindow,
  describeRequestText,
  estimateTokens,
  resolveApi,
  resolveMaxTokens,
} from '../core/model-policy.js';
import { type ModelApi, type ModelEntry, resolveModel } from '../core/model-registry.js';
import type { StreamEvent } from '../core/stream-event.js';
import { computeCostMicroUsd, convertMicroUsdToUsd } from '../core/usage-cost.js';
import { checkModelAllowed } from '../tenancy/model-access.js';
import type { Reservation } from '../tenancy/usage-meter.js';
import type { AppDependencies, GatewayEnv } from './gateway-env.js';

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

/** A request that passed policy: the model to call, the API, and the canonical request with its budget. */
export interface PreparedGeneration {
  model: ModelEntry;
  api: ModelApi;
  request: GenerateRequest;
  estimatedInputTokens: number;
}

export interface Generation {
  /** Resolves the model, applies the key's allow-list and caps, and fills in max tokens. */
  prepare(c: Context<GatewayEnv>, input: GenerationInput): PreparedGeneration;
  /** Reserves the key's capacity, calls Bedrock, and settles usage after the response is flushed. */
  generate(
    c: Context<GatewayEnv>,
    prepared: PreparedGeneration,
  ): Promise<{ result: GenerateResult; model: ModelEntry }>;
  /**
   * Like generate, for streams. Resolves once the first upstream event has arrived, so failures before the
   * first byte are still real HTTP errors. Usage is settled when the stream ends, however it ends.
   */
  stream(
    c: Context<GatewayEnv>,
    prepared: PreparedGeneration,
  ): Promise<{ events: AsyncIterable<StreamEvent>; model: ModelEntry }>;
}

/** Runs `task` after the response: inside the invocation on Lambda (waitUntil), detached on the Node server. */
function runAfterResponse(c: Context<GatewayEnv>, task: Promise<unknown>): void {
  c.env?.waitUntil?.(task);
}

export function createGeneration(dependencies: AppDependencies): Generation {
  const { config, registry, invoker, tenancy, logger } = dependencies;

  function recordUsage(c: Context<GatewayEnv>, model: ModelEntry, usage: Usage): void {
    Object.assign(c.var.log, {
      input_tokens: usage.inputTokens,
      output_tokens: usage.outputTokens,
      cost_usd: convertMicroUsdToUsd(computeCostMicroUsd(usage, model.price)),
    });
  }

  async function reserve(
    c: Context<GatewayEnv>,
    prepared: PreparedGeneration,
  ): Promise<Reservation | undefined> {
    const key = c.var.apiKey;
    if (!key || !tenancy) return undefined;
    return tenancy.meter.reserve({
      key,
      estimatedInputTokens: prepared.estimatedInputTokens,
      maxOutputTokens: prepared.request.maxTokens,
      price: prepared.model.price,
    });
  }

  function settleAfterResponse(
    c: Context<GatewayEnv>,
    reservation: Reservation | undefined,
    usage: Usage | undefined,
  ) {
    if (!reservation || !tenancy) return;
    const settlement = tenancy.meter.settle(reservation, usage).catch((error: unknown) => {
      logger.error('usage settlement failed', {
        request_id: c.var.requestId,
        key_id: reservation.keyId,
        error: error as Error,
      });
    });
    runAfterResponse(c, settlement);
  }

  function prepare(c: Context<GatewayEnv>, input: GenerationInput): PreparedGeneration {
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
    Object.assign(c.var.log, {
      model_requested: requestedModel,
      model: model.alias,
      model_id: model.id,
      api,
    });
    return { model, api, request: { ...input.request, maxTokens }, estimatedInputTokens };
  }

  async function generate(c: Context<GatewayEnv>, prepared: PreparedGeneration) {
    const reservation = await reserve(c, prepared);
    let usage: Usage | undefined;
    try {
      const { model, api, request } = prepared;
      const result = await invoker.generate(model, request, { api, signal: c.req.raw.signal });
      usage = result.usage;
      recordUsage(c, model, usage);
      c.var.log.stop_reason = result.stopReason;
      return { result, model };
    } finally {
      settleAfterResponse(c, reservation, usage);
    }
  }

  async function stream(c: Context<GatewayEnv>, prepared: PreparedGeneration) {
    const { model, api, request } = prepared;
    const reservation = await reserve(c, prepared);
    let upstream: AsyncIterable<StreamEvent>;
    try {
      upstream = await invoker.stream(model, request, { api, signal: c.req.raw.signal });
    } catch (error) {
      settleAfterResponse(c, reservation, undefined);
      throw error;
    }
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
      } finally {
        // A stream cut short never reports usage: count what was sent, so aborts are not free.
        usage ??= { inputTokens: prepared.estimatedInputTokens, outputTokens: estimateTokens(streamedText) };
        recordUsage(c, model, usage);
        settleAfterResponse(c, reservation, usage);
      }
    }
    return { events: events(), model };
  }

  return { prepare, generate, stream };
}
