import type { Logger } from '@aws-lambda-powertools/logger';
import type { AttemptRecord } from '../../bedrock/model-chain.js';
import type { Usage } from '../../core/generate-result.js';
import type { ServiceTierChoice } from '../../core/governance.js';
import type { ModelEntry, ModelPrice } from '../../core/model-registry.js';
import { estimateTextTokens, type PromptTokens } from '../../core/prompt-tokens.js';
import {
  addCharges,
  computeCostMicroUsd,
  computePriceCeiling,
  convertMicroUsdToUsd,
  priceUsage,
  type UsageCharge,
} from '../../core/usage-cost.js';
import type { UsageDemand } from '../../core/usage-windows.js';
import {
  isPromptSizedRefusal,
  type ModelCharge,
  type Reservation,
  type UsageMeter,
} from '../../tenancy/usage-meter.js';
import type { RequestScope } from './request-scope.js';

export interface UsageRequest {
  prompt: PromptTokens;
  /** The most output tokens any call of the request may produce. */
  maxOutputTokens: number;
  /** The models that may answer, first choice first: the reservation is priced at the dearest. */
  models: readonly ModelEntry[];
  /** Bedrock calls the request makes, counted against `rpm`. Default 1. */
  calls?: number;
  /** The service tier the calls use: its price multiplier applies to the reservation and the charges. */
  serviceTier?: ServiceTierChoice;
  /**
   * Bedrock's exact count of the prompt for one model (CountTokens, which is free). Asked only when the
   * bound is refused near a limit, and only for models that support it.
   */
  countExactly?: (model: ModelEntry) => Promise<number>;
}

/** One request's usage: what it holds, and what it is charged when it ends. */
export interface UsageLedger {
  /** The models that may answer: the request's, less any that could not be counted exactly near a limit. */
  readonly models: readonly ModelEntry[];
  /** The prompt as reserved: the bound, or the exact count when CountTokens was asked. */
  readonly prompt: PromptTokens;
  /** Counts Bedrock reported for a call, priced at the model that made them. */
  addUsage(model: ModelEntry, usage: Usage): void;
  /**
   * The attempts of one call. An attempt that timed out or that the client abandoned midway had been sent:
   * Bedrock bills its prompt, so it is charged the prompt estimate (`promptEstimate`, default the
   * request's), and hanging up is never a way around a key's limits. Refused calls (throttled, invalid,
   * open circuit) used nothing.
   */
  addAttempts(attempts: readonly AttemptRecord[], promptEstimate?: number): void;
  /**
   * A stream that started but was cut before Bedrock reported usage (client gone, deadline, shutdown,
   * upstream failure): charged its prompt estimate and what it sent, never more than the output budget.
   */
  addCutStream(model: ModelEntry, streamedText: string): void;
  /**
   * Ends the ledger once: writes tokens and cost to the log line and settles the reservation to the charge,
   * after the response (inside the invocation on Lambda). Later calls do nothing.
   */
  settle(): void;
}

export interface UsageAccounting {
  /**
   * Holds the key's capacity for the request, or refuses it (429, or 400 when it could never fit). Nothing
   * is held when auth is off, but the ledger still charges the log line.
   */
  open(scope: RequestScope, request: UsageRequest): Promise<UsageLedger>;
}

/** Attempt outcomes of calls Bedrock had received when they were cut off. */
const ABANDONED_OUTCOMES: ReadonlySet<string> = new Set(['upstream_timeout', 'client_closed_request']);

/** The charges summed per model alias, each with the number of calls charged to it. */
function chargesByModel(models: readonly string[], charges: readonly UsageCharge[]): ModelCharge[] {
  const byModel = new Map<string, UsageCharge[]>();
  models.forEach((model, index) => {
    byModel.set(model, [...(byModel.get(model) ?? []), charges[index]!]);
  });
  return [...byModel].map(([model, list]) => ({ model, calls: list.length, charge: addCharges(list) }));
}

/** The dearest prices among `models`, whatever part of the prompt is cached, in the tier. */
function priceCeiling(models: readonly ModelEntry[], tier: ServiceTierChoice): ModelPrice {
  return computePriceCeiling(
    models.map((model) => model.price),
    tier,
  );
}

export function createUsageAccounting(options: {
  meter: UsageMeter | undefined;
  logger: Logger;
}): UsageAccounting {
  const { meter, logger } = options;

  /** The exact prompt count for every model that can count, and the models kept (those counted). */
  async function countChain(
    request: UsageRequest,
  ): Promise<{ tokens: number; models: ModelEntry[] } | undefined> {
    const counter = request.countExactly;
    if (!counter) return undefined;
    const countable = request.models.filter((model) => model.capabilities.countTokens);
    // The first choice must be countable: a request is never moved to a fallback for accounting's sake.
    if (countable[0] !== request.models[0]) return undefined;
    const counts = await Promise.all(countable.map((model) => counter(model).catch(() => undefined)));
    const kept = countable.filter((_, index) => counts[index] !== undefined);
    if (kept[0] !== request.models[0]) return undefined;
    return {
      tokens: Math.max(...counts.flatMap((count) => (count === undefined ? [] : [count]))),
      models: kept,
    };
  }

  return {
    async open(scope, request) {
      const calls = request.calls ?? 1;
      const tier = request.serviceTier ?? 'default';
      let models = request.models;
      let prompt = request.prompt;
      let source: 'bound' | 'count_tokens' = 'bound';
      const demandFor = (promptTokens: number, price: ModelPrice): UsageDemand => ({
        requests: calls,
        tokens: promptTokens + request.maxOutputTokens,
        costMicroUsd: computeCostMicroUsd(
          { inputTokens: promptTokens, outputTokens: request.maxOutputTokens },
          price,
        ),
      });

      let reservation: Reservation | undefined;
      const key = scope.key;
      if (key && meter) {
        try {
          reservation = await meter.reserve({
            key,
            demand: demandFor(prompt.bound, priceCeiling(models, tier)),
          });
        } catch (error) {
          if (!isPromptSizedRefusal(error)) throw error;
          const exact = await countChain(request);
          if (!exact || exact.tokens >= prompt.bound) throw error;
          models = exact.models;
          prompt = { bound: exact.tokens, estimate: exact.tokens };
          source = 'count_tokens';
          reservation = await meter.reserve({
            key,
            demand: demandFor(exact.tokens, priceCeiling(models, tier)),
          });
        }
      }
      scope.log.prompt_tokens_reserved = prompt.bound;
      scope.log.prompt_count_source = source;

      const byAlias = new Map(request.models.map((model) => [model.alias, model]));
      const charges: UsageCharge[] = [];
      /** The alias each charge is for, index by index: usage per model is settled with the total. */
      const chargedModels: string[] = [];
      const charge = (model: ModelEntry, usage: Usage) => {
        charges.push(priceUsage(usage, model.price, tier));
        chargedModels.push(model.alias);
      };
      let settled = false;
      return {
        models,
        prompt,
        addUsage(model, usage) {
          charge(model, usage);
        },
        addAttempts(attempts, promptEstimate = prompt.estimate) {
          for (const attempt of attempts) {
            const model = byAlias.get(attempt.model);
            if (!model || !ABANDONED_OUTCOMES.has(attempt.outcome)) continue;
            charge(model, { inputTokens: promptEstimate, outputTokens: 0 });
          }
        },
        addCutStream(model, streamedText) {
          const outputTokens = Math.min(request.maxOutputTokens, estimateTextTokens(streamedText));
          charge(model, { inputTokens: prompt.estimate, outputTokens });
        },
        settle() {
          if (settled) return;
          settled = true;
          const total = charges.length > 0 ? addCharges(charges) : undefined;
          if (total) {
            Object.assign(scope.log, {
              input_tokens: total.inputTokens,
              output_tokens: total.outputTokens,
              cache_read_tokens: total.cacheReadTokens,
              cache_write_tokens: total.cacheWriteTokens,
              reasoning_tokens: total.reasoningTokens,
              cost_usd: convertMicroUsdToUsd(total.costMicroUsd),
            });
          }
          if (!reservation || !meter) return;
          const settlement = meter
            .settle(reservation, total, chargesByModel(chargedModels, charges))
            .catch((error: unknown) => {
              logger.error('usage settlement failed', {
                request_id: scope.requestId,
                key_id: reservation.keyId,
                error: error as Error,
              });
            });
          scope.waitUntil(settlement);
        },
      };
    },
  };
}
