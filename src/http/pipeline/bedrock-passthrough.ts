import type { BedrockResponseHeaders, RawStream } from '../../bedrock/bedrock-invoker.js';
import type { AttemptRecord, ChainResult } from '../../bedrock/model-chain.js';
import type { GatewayError } from '../../core/errors.js';
import type { Usage } from '../../core/generate-result.js';
import type { ServiceTierChoice } from '../../core/governance.js';
import type { ModelEntry } from '../../core/model-registry.js';
import { estimateTextTokens, type PromptTokens } from '../../core/prompt-tokens.js';
import type { AppDependencies } from '../gateway-env.js';
import { createRawAnswerStream } from './create-raw-answer-stream.js';
import type { AnswerSource } from './generation.js';
import { createStreamCutoff } from './request-deadline.js';
import type { RequestScope } from './request-scope.js';
import { recordAnswerer, runRequestChain, settleStreamEnding } from './run-request-chain.js';
import { createUsageAccounting, type UsageLedger } from './usage-accounting.js';

/**
 * A call whose body is Bedrock's own (a native InvokeModel body, or Converse JSON) and is forwarded as the
 * client sent it, once the route has validated, capped and governed it: what the reservation holds, and how
 * to make one attempt on one model of the chain.
 */
export interface PassthroughCall<T> {
  /** The models that may answer, first choice first: only fallbacks that can take this body. */
  chain: readonly ModelEntry[];
  /** The alias the client named, when an operator's `replacedBy` routed it to `chain[0]`. */
  replaced?: ModelEntry;
  prompt: PromptTokens;
  /** The most output tokens any attempt may produce. */
  maxOutputTokens: number;
  serviceTier?: ServiceTierChoice;
  /** Whether a guardrail applies to the call (for the log line's `guardrail_action`). */
  guardrailApplied: boolean;
  /** Bedrock's exact count of the prompt for one model, asked only near a limit (CountTokens is free). */
  countExactly?: (model: ModelEntry) => Promise<number>;
  attempt: (model: ModelEntry, signal: AbortSignal) => Promise<T>;
}

export interface BedrockPassthrough {
  /**
   * Reserves the key's capacity, calls down the chain with retries and fallbacks, and settles the usage
   * `readUsage` finds in the answer (Bedrock always reports it; should it not, the call is charged as
   * reserved, never free), however the call ends.
   */
  invoke<T>(
    scope: RequestScope,
    call: PassthroughCall<T>,
    readUsage: (value: T) => Usage | undefined,
  ): Promise<AnswerSource & { value: T }>;
  /**
   * Like `invoke`, for Bedrock's event streams. Resolves once the answer has begun (retries and fallbacks happen
   * only before it; failures before it reject, as real HTTP statuses). The frames are Bedrock's, then one
   * exception frame (`encodeError`) if the stream did not finish; usage settles from the stream's final
   * metrics when it ends, however it ends.
   */
  stream(
    scope: RequestScope,
    call: PassthroughCall<RawStream>,
    encodeError: (error: GatewayError) => Uint8Array,
  ): Promise<AnswerSource & { frames: AsyncIterable<Uint8Array>; headers: BedrockResponseHeaders }>;
}

/**
 * The pipeline for bodies that are Bedrock's own: the native passthrough route and the Bedrock Runtime surface.
 * Reservation, the model chain, settlement and the log line work as for canonical requests (`createGeneration`),
 * but the body and the answer are never converted.
 */
export function createBedrockPassthrough(dependencies: AppDependencies): BedrockPassthrough {
  const { config, modelChain, logger } = dependencies;
  const now = dependencies.now ?? Date.now;
  const accounting = createUsageAccounting({ meter: dependencies.tenancy?.meter, logger });
  const chainContext = { modelChain, reliability: config.reliability, now };

  function openLedger<T>(scope: RequestScope, call: PassthroughCall<T>): Promise<UsageLedger> {
    return accounting.open(scope, {
      prompt: call.prompt,
      maxOutputTokens: call.maxOutputTokens,
      models: call.chain,
      ...(call.serviceTier ? { serviceTier: call.serviceTier } : {}),
      ...(call.countExactly ? { countExactly: call.countExactly } : {}),
    });
  }

  function answerSource<T>(
    call: PassthroughCall<T>,
    outcome: ChainResult<unknown>,
    attempts: readonly AttemptRecord[],
  ): AnswerSource {
    return {
      model: outcome.model,
      attempts: attempts.length,
      ...(call.replaced ? { replaced: call.replaced } : {}),
    };
  }

  return {
    async invoke(scope, call, readUsage) {
      const ledger = await openLedger(scope, call);
      const attempts: AttemptRecord[] = [];
      try {
        const outcome = await runRequestChain(
          chainContext,
          scope,
          ledger.models,
          attempts,
          scope.signal,
          call.attempt,
        );
        recordAnswerer(scope, outcome.model);
        ledger.addUsage(
          outcome.model,
          readUsage(outcome.value) ?? {
            inputTokens: ledger.prompt.bound,
            outputTokens: Math.min(call.maxOutputTokens, outcome.model.maxOutputTokens),
          },
        );
        return { value: outcome.value, ...answerSource(call, outcome, attempts) };
      } finally {
        ledger.addAttempts(attempts);
        ledger.settle();
      }
    },

    async stream(scope, call, encodeError) {
      const ledger = await openLedger(scope, call);
      const attempts: AttemptRecord[] = [];
      scope.log.stream = true;
      const cutoff = createStreamCutoff(scope, config.reliability);
      let outcome: ChainResult<RawStream>;
      try {
        outcome = await runRequestChain(
          chainContext,
          scope,
          ledger.models,
          attempts,
          AbortSignal.any([scope.signal, cutoff.signal]),
          call.attempt,
        );
      } catch (error) {
        cutoff.dispose();
        ledger.addAttempts(attempts);
        ledger.settle();
        // Cut before the first frame (a server drain): the stream's own ending, as a real HTTP status.
        if (cutoff.signal.aborted && !scope.signal.aborted) throw cutoff.signal.reason;
        throw error;
      }
      const { model } = outcome;
      recordAnswerer(scope, model);
      scope.log.ttfb_ms = now() - scope.started;
      const frames = createRawAnswerStream(outcome.value.items, {
        cutoff: cutoff.signal,
        encodeError,
        estimateUsage: (text) => ({
          inputTokens: ledger.prompt.estimate,
          outputTokens: estimateTextTokens(text),
        }),
        onEnd: (ending) => {
          cutoff.dispose();
          settleStreamEnding(
            scope,
            ledger,
            { model, attempts, guardrailApplied: call.guardrailApplied },
            ending,
          );
        },
      });
      return { frames, headers: outcome.value.headers, ...answerSource(call, outcome, attempts) };
    },
  };
}
