import { formatDeprecationHeaders, resolveLifecycle } from '../core/model-lifecycle.js';
import type { AnswerSource } from './pipeline/generation.js';

/** The header that names the model that answered, after any fallback. */
export const ANSWERING_MODEL_HEADER = 'x-bedrock-gateway-model';
/** The header that counts the Bedrock calls made for the answer, retries and fallbacks included. */
export const ATTEMPTS_HEADER = 'x-bedrock-gateway-attempts';

/** The header that names the alias the client asked for, when an operator's `replacedBy` served it with another. */
export const REPLACED_MODEL_HEADER = 'x-bedrock-gateway-replaced-model';

/**
 * The headers every answer carries about who answered, at `nowMs`: the model and the calls made, the alias
 * it replaced, and `Deprecation` and `Sunset` when the model is Legacy.
 */
export function answerHeaders(source: AnswerSource, nowMs: number): Record<string, string> {
  return {
    [ANSWERING_MODEL_HEADER]: source.model.alias,
    [ATTEMPTS_HEADER]: String(source.attempts),
    ...(source.replaced ? { [REPLACED_MODEL_HEADER]: source.replaced.alias } : {}),
    ...formatDeprecationHeaders(resolveLifecycle(source.model.lifecycle, nowMs), nowMs),
  };
}
