import type { AnswerSource } from './pipeline/generation.js';

/** The header that names the model that answered, after any fallback. */
export const ANSWERING_MODEL_HEADER = 'x-bedrock-gateway-model';
/** The header that counts the Bedrock calls made for the answer, retries and fallbacks included. */
export const ATTEMPTS_HEADER = 'x-bedrock-gateway-attempts';

/** The headers every answer carries about who answered. */
export function answerHeaders(source: AnswerSource): Record<string, string> {
  return { [ANSWERING_MODEL_HEADER]: source.model.alias, [ATTEMPTS_HEADER]: String(source.attempts) };
}
