import { InvalidRequestError } from './errors.js';
import { isTextFamily, type ModelApi, type ModelEntry } from './model-registry.js';

/**
 * The output-token budget for a request. Omitted means the model's maximum, never a small default that
 * silently truncates answers. Asking for more than the cap is a 400 that names the cap.
 */
export function resolveMaxTokens(
  model: ModelEntry,
  requested: number | undefined,
  param = 'max_tokens',
): number {
  if (requested === undefined) return model.maxOutputTokens;
  if (requested > model.maxOutputTokens) {
    throw new InvalidRequestError(
      'max_tokens_too_large',
      `${param} is ${requested}, above the maximum of ${model.maxOutputTokens} for model '${model.alias}'.`,
      { param },
    );
  }
  return requested;
}

/** The Bedrock API for a text request: the model's default unless the request chooses one. */
export function resolveApi(model: ModelEntry, requested: ModelApi | undefined): ModelApi {
  if (!isTextFamily(model.family)) {
    throw new InvalidRequestError(
      'unsupported_model',
      `Model '${model.alias}' is an embedding model; it cannot generate text.`,
      { param: 'model' },
    );
  }
  return requested ?? model.api;
}

/** A rough token estimate (about four characters a token), used for limits before Bedrock counts. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Rejects a prompt that cannot fit the model's context window, before any Bedrock call is paid for. */
export function checkContextWindow(model: ModelEntry, promptText: string): void {
  const estimate = estimateTokens(promptText);
  if (estimate > model.contextWindow) {
    throw new InvalidRequestError(
      'context_length_exceeded',
      `The prompt is about ${estimate} tokens, more than the ${model.contextWindow}-token context window of model '${model.alias}'.`,
      { param: 'prompt' },
    );
  }
}
