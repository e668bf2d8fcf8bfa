import type { AttemptRecord, ChainResult, ModelAttempt, ModelChain } from '../../bedrock/model-chain.js';
import type { GatewayConfig } from '../../config/config-schema.js';
import type { StopReason } from '../../core/generate-result.js';
import type { ModelEntry } from '../../core/model-registry.js';
import { resolveDeadline } from './request-deadline.js';
import type { RequestScope } from './request-scope.js';
import type { StreamEnding } from './stream-ending.js';
import type { UsageLedger } from './usage-accounting.js';

/** What a request's chain run needs from the app: the shared chain, the reliability settings and the clock. */
export interface RequestChainContext {
  modelChain: ModelChain;
  reliability: GatewayConfig['reliability'];
  now: () => number;
}

/**
 * Runs one request's call down its model chain, within the request's deadline, recording every attempt in
 * `attempts` and on the log line (`attempts`, `attempt_log`, `fallback_used`). Every route that calls Bedrock
 * runs its chain here, so each log line says the same thing about retries and fallbacks.
 */
export function runRequestChain<T>(
  context: RequestChainContext,
  scope: RequestScope,
  chain: readonly ModelEntry[],
  attempts: AttemptRecord[],
  signal: AbortSignal,
  attempt: ModelAttempt<T>,
): Promise<ChainResult<T>> {
  return context.modelChain.run(chain, attempt, {
    deadline: resolveDeadline(scope, context.reliability, context.now()),
    signal,
    onAttempt: (record) => {
      attempts.push(record);
      Object.assign(scope.log, {
        attempts: attempts.length,
        attempt_log: attempts,
        fallback_used: new Set(attempts.map((entry) => entry.model)).size > 1,
      });
    },
  });
}

/** The model that answered, on the log line (after any fallback). */
export function recordAnswerer(scope: RequestScope, model: ModelEntry): void {
  Object.assign(scope.log, { model: model.alias, model_id: model.id });
}

/** The stop reason on the log line, and what the guardrail did when one applied. */
export function recordStop(scope: RequestScope, stopReason: StopReason, guardrailApplied: boolean): void {
  scope.log.stop_reason = stopReason;
  if (guardrailApplied) {
    scope.log.guardrail_action = stopReason === 'guardrail_intervened' ? 'intervened' : 'none';
  }
}

/**
 * How a stream's ending is settled, however it ended: its stop and error on the log line, the attempts
 * charged, then Bedrock's usage, or, for a stream cut before Bedrock reported any, its prompt and what it sent.
 */
export function settleStreamEnding(
  scope: RequestScope,
  ledger: UsageLedger,
  answer: { model: ModelEntry; attempts: readonly AttemptRecord[]; guardrailApplied: boolean },
  ending: StreamEnding,
): void {
  if (ending.stopReason !== undefined) recordStop(scope, ending.stopReason, answer.guardrailApplied);
  if (ending.error) scope.log.error_code = ending.error.code;
  ledger.addAttempts(answer.attempts);
  if (ending.usage) ledger.addUsage(answer.model, ending.usage);
  else ledger.addCutStream(answer.model, ending.reasoningText + ending.streamedText);
  ledger.settle();
}
