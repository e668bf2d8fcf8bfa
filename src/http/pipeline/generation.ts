import type { AttemptRecord, ChainResult } from '../../bedrock/model-chain.js';
import { checkRequestForModel } from '../../core/check-request-for-model.js';
import type { GenerateRequest } from '../../core/generate-request.js';
import { textOf } from '../../core/generate-request.js';
import { type GenerateResult, withReasoningTokens } from '../../core/generate-result.js';
import { applyGovernance, placeAutomaticCachePoints } from '../../core/governance.js';
import { keepUsableReasoning } from '../../core/keep-usable-reasoning.js';
import { checkContextWindow, describeRequestText, resolveApi } from '../../core/model-policy.js';
import type { ModelApi, ModelEntry } from '../../core/model-registry.js';
import { type OutputFormatPlan, planOutputFormat } from '../../core/plan-output-format.js';
import {
  describePromptParts,
  estimateTextTokens,
  measurePrompt,
  type PromptTokens,
} from '../../core/prompt-tokens.js';
import type { AnswerEvent, StreamEvent } from '../../core/stream-event.js';
import type { AppDependencies } from '../gateway-env.js';
import { createAnswerStream } from './create-answer-stream.js';
import { createStreamCutoff } from './request-deadline.js';
import type { RequestScope } from './request-scope.js';
import { resolveModelForKey, resolveUsableChain } from './resolve-model-for-key.js';
import { resolveOutputBudget } from './resolve-output-budget.js';
import { recordAnswerer, recordStop, runRequestChain, settleStreamEnding } from './run-request-chain.js';
import { createUsageAccounting, type UsageLedger } from './usage-accounting.js';

/** What a route asks for, in canonical terms, before policy has been applied. */
export interface GenerationInput {
  /** Alias or configured Bedrock id; the default model when absent. */
  model: string | undefined;
  api?: ModelApi | undefined;
  /** The client's max tokens, if it sent one, and the field it came in (for messages). */
  maxTokens?: number | undefined;
  maxTokensParam?: string;
  /** Whether the answer will be streamed (some models cannot). */
  stream: boolean;
  request: Omit<GenerateRequest, 'maxTokens'>;
}

/** A request that passed policy: the models to try, the API, and the canonical request with its budget. */
export interface PreparedGeneration {
  model: ModelEntry;
  /** The alias the client named, when an operator's `replacedBy` routed it to `model`. */
  replaced?: ModelEntry;
  /** The model, then the fallbacks the key may use. */
  chain: ModelEntry[];
  api: ModelApi;
  request: GenerateRequest;
  prompt: PromptTokens;
}

/** Who answered, for the route's headers: the model after any fallback, and the Bedrock calls made. */
export interface AnswerSource {
  model: ModelEntry;
  attempts: number;
  /** The alias the client named, when an operator's `replacedBy` routed it elsewhere. */
  replaced?: ModelEntry;
}

export interface Generation {
  /** Resolves the model, applies the key's allow-list and caps, and fills in max tokens. */
  prepare(scope: RequestScope, input: GenerationInput): PreparedGeneration;
  /**
   * Reserves the key's capacity, calls Bedrock down the fallback chain with retries, and settles usage after
   * the response, however the call ends.
   */
  generate(
    scope: RequestScope,
    prepared: PreparedGeneration,
  ): Promise<AnswerSource & { result: GenerateResult }>;
  /**
   * Like generate, for streams. Resolves once the first upstream content (or stop) has arrived: retries and
   * fallbacks happen only before it, and failures before it reject (real HTTP statuses). The events end
   * with exactly one `finish` or `error`; usage is settled when the stream ends, however it ends.
   */
  stream(
    scope: RequestScope,
    prepared: PreparedGeneration,
  ): Promise<AnswerSource & { events: AsyncIterable<AnswerEvent> }>;
}

/** Whether `model` can serve `request` (as a fallback: one that cannot is skipped, not an error). */
function supportsRequest(model: ModelEntry, request: GenerateRequest, streaming: boolean): boolean {
  try {
    checkRequestForModel(model, request, streaming);
    return true;
  } catch {
    return false;
  }
}

export function createGeneration(dependencies: AppDependencies): Generation {
  const { config, registry, invoker, modelChain, logger } = dependencies;
  const now = dependencies.now ?? Date.now;
  const accounting = createUsageAccounting({ meter: dependencies.tenancy?.meter, logger });
  const chainContext = { modelChain, reliability: config.reliability, now };

  function prepare(scope: RequestScope, input: GenerationInput): PreparedGeneration {
    const requested = input.model ?? config.defaultModel;
    const nowMs = now();
    const { model, replaced } = resolveModelForKey(registry, requested, scope.key, { nowMs, logger });
    const api = resolveApi(model, input.api);
    const prompt = measurePrompt(describePromptParts(input.request));
    checkContextWindow(model, prompt);
    const candidates = resolveUsableChain(registry, model, scope.key, nowMs);
    const key = scope.key;
    const maxTokens = resolveOutputBudget(model, input.maxTokens, {
      param: input.maxTokensParam ?? 'max_tokens',
      key,
      prompt,
      chain: candidates,
    });
    const request = applyGovernance({ ...input.request, maxTokens }, key, config.governance);
    checkRequestForModel(model, request, input.stream);
    // ...and it can do what the request asks (with its own output cap).
    const chain = candidates.filter(
      (entry) =>
        entry === model ||
        supportsRequest(
          entry,
          { ...request, maxTokens: Math.min(maxTokens, entry.maxOutputTokens) },
          input.stream,
        ),
    );
    Object.assign(scope.log, {
      model_requested: requested,
      model: model.alias,
      model_id: model.id,
      api,
      ...(replaced ? { model_replaced: replaced.alias } : {}),
      ...(request.serviceTier ? { service_tier: request.serviceTier } : {}),
      ...(request.guardrail ? { guardrail_id: request.guardrail.identifier } : {}),
    });
    // Prompts can hold personal data: they reach the log only when the operator asked for it.
    if (config.logging.prompts) scope.log.prompt = describeRequestText(input.request);
    return {
      model,
      ...(replaced ? { replaced } : {}),
      chain,
      api,
      request,
      prompt,
    };
  }

  function openLedger(scope: RequestScope, prepared: PreparedGeneration): Promise<UsageLedger> {
    return accounting.open(scope, {
      prompt: prepared.prompt,
      maxOutputTokens: prepared.request.maxTokens,
      models: prepared.chain,
      countExactly: (model) => invoker.countTokens(model, { request: prepared.request }, scope.signal),
      ...(prepared.request.serviceTier ? { serviceTier: prepared.request.serviceTier } : {}),
    });
  }

  /**
   * Runs `call` down the chain; a fallback keeps the request but gets its own API default and token cap.
   * Each model is held to the output format its own way (see `planOutputFormat`).
   */
  function runChain<T>(
    scope: RequestScope,
    prepared: PreparedGeneration,
    chain: readonly ModelEntry[],
    attempts: AttemptRecord[],
    signal: AbortSignal,
    call: (model: ModelEntry, plan: OutputFormatPlan, api: ModelApi, signal: AbortSignal) => Promise<T>,
  ): Promise<ChainResult<T>> {
    return runRequestChain(chainContext, scope, chain, attempts, signal, (model, attemptSignal) => {
      const primary = model === prepared.model;
      const maxTokens = Math.min(prepared.request.maxTokens, model.maxOutputTokens);
      const request = keepUsableReasoning({ ...prepared.request, maxTokens }, model);
      const automatic = scope.key?.automaticCachePoints ?? config.governance.automaticCachePoints;
      const plan = planOutputFormat(model, automatic ? placeAutomaticCachePoints(request, model) : request);
      return call(model, plan, primary ? prepared.api : model.api, attemptSignal);
    });
  }

  function answerSource(
    prepared: PreparedGeneration,
    model: ModelEntry,
    attempts: readonly AttemptRecord[],
  ): AnswerSource {
    return {
      model,
      attempts: attempts.length,
      ...(prepared.replaced ? { replaced: prepared.replaced } : {}),
    };
  }

  async function generate(scope: RequestScope, prepared: PreparedGeneration) {
    const ledger = await openLedger(scope, prepared);
    const attempts: AttemptRecord[] = [];
    try {
      const outcome = await runChain(
        scope,
        prepared,
        ledger.models,
        attempts,
        scope.signal,
        async (model, plan, api, signal) => {
          const result = plan.readResult(await invoker.generate(model, plan.request, { api, signal }));
          const reasoning = result.content
            .flatMap((part) => (part.type === 'reasoning' ? [part.text] : []))
            .join('');
          return { ...result, usage: withReasoningTokens(result.usage, reasoning, estimateTextTokens) };
        },
      );
      recordAnswerer(scope, outcome.model);
      ledger.addUsage(outcome.model, outcome.value.usage);
      recordStop(scope, outcome.value.stopReason, prepared.request.guardrail !== undefined);
      if (config.logging.prompts) scope.log.completion = textOf(outcome.value.content);
      return { result: outcome.value, ...answerSource(prepared, outcome.model, attempts) };
    } finally {
      ledger.addAttempts(attempts);
      ledger.settle();
    }
  }

  async function stream(scope: RequestScope, prepared: PreparedGeneration) {
    const ledger = await openLedger(scope, prepared);
    const attempts: AttemptRecord[] = [];
    scope.log.stream = true;
    const cutoff = createStreamCutoff(scope, config.reliability);
    let outcome: ChainResult<AsyncIterable<StreamEvent>>;
    try {
      outcome = await runChain(
        scope,
        prepared,
        ledger.models,
        attempts,
        AbortSignal.any([scope.signal, cutoff.signal]),
        async (model, plan, api, signal) =>
          plan.readEvents(await invoker.stream(model, plan.request, { api, signal })),
      );
    } catch (error) {
      cutoff.dispose();
      ledger.addAttempts(attempts);
      ledger.settle();
      // Cut before the first event (a server drain): the stream's own ending, as a real HTTP status.
      if (cutoff.signal.aborted && !scope.signal.aborted) throw cutoff.signal.reason;
      throw error;
    }
    const { value: upstream, model } = outcome;
    recordAnswerer(scope, model);
    scope.log.ttfb_ms = now() - scope.started;
    const events = createAnswerStream(upstream, {
      cutoff: cutoff.signal,
      estimateUsage: (text) => ({
        inputTokens: ledger.prompt.estimate,
        outputTokens: estimateTextTokens(text),
      }),
      onEnd: (ending) => {
        cutoff.dispose();
        if (config.logging.prompts) scope.log.completion = ending.streamedText;
        settleStreamEnding(
          scope,
          ledger,
          { model, attempts, guardrailApplied: prepared.request.guardrail !== undefined },
          ending,
        );
      },
    });
    return { events, ...answerSource(prepared, model, attempts) };
  }

  return { prepare, generate, stream };
}
