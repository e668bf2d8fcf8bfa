import { InvalidRequestError } from './errors.js';
import type { GenerateRequest } from './generate-request.js';
import { isCodecFamily, isTextFamily, type ModelApi, type ModelEntry } from './model-registry.js';
import type { PromptTokens } from './prompt-tokens.js';

export interface MaxTokensOptions {
  /** The request field, for messages (`max_tokens`, `max_completion_tokens`, `max_gen_len`...). */
  param?: string;
  /** The key's `maxTokensPerRequest`: a hard cap, like the model's. */
  keyMaxTokensPerRequest?: number;
  /** An upper bound for the default only: what the key's token limits could ever admit. */
  defaultCeiling?: number;
}

/**
 * The output-token budget for a request. Omitted means as much as the model and the key allow, never a small
 * default that silently truncates answers. Asking for more than a cap is a 400 that names the cap.
 */
export function resolveMaxTokens(
  model: ModelEntry,
  requested: number | undefined,
  options: MaxTokensOptions = {},
): number {
  const param = options.param ?? 'max_tokens';
  const keyCap = options.keyMaxTokensPerRequest;
  if (requested === undefined) {
    const ceilings = [model.maxOutputTokens, keyCap, options.defaultCeiling].filter(
      (value) => value !== undefined,
    );
    return Math.max(1, Math.min(...ceilings));
  }
  if (requested > model.maxOutputTokens) {
    throw new InvalidRequestError(
      'max_tokens_too_large',
      `${param} is ${requested}, above the maximum of ${model.maxOutputTokens} for model '${model.alias}'.`,
      { param },
    );
  }
  if (keyCap !== undefined && requested > keyCap) {
    throw new InvalidRequestError(
      'max_tokens_too_large',
      `${param} is ${requested}, above this API key's limit of ${keyCap} tokens per request.`,
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
  const api = requested ?? model.api;
  if (api === 'invoke' && !isCodecFamily(model.family)) {
    throw new InvalidRequestError(
      'unsupported_api',
      `Model '${model.alias}' is served through Converse only: the gateway has no codec for its native body. Use api 'converse', or send the native body to POST /v1/models/${model.alias}/invoke.`,
      { param: 'api' },
    );
  }
  return api;
}

/** Rejects a prompt that cannot fit the model's context window, before any Bedrock call is paid for. */
export function checkContextWindow(model: ModelEntry, prompt: PromptTokens): void {
  const { estimate } = prompt;
  if (estimate > model.contextWindow) {
    throw new InvalidRequestError(
      'context_length_exceeded',
      `The prompt is about ${estimate} tokens, more than the ${model.contextWindow}-token context window of model '${model.alias}'.`,
      { param: 'prompt' },
    );
  }
}

/** The text a request sends the model, for estimates: system, every message part and the tool definitions. */
export function describeRequestText(request: Pick<GenerateRequest, 'system' | 'messages' | 'tools'>): string {
  const parts: string[] = [request.system ?? ''];
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'reasoning') parts.push(part.text);
      else if (part.type === 'tool-result') parts.push(part.content);
      else if (part.type === 'tool-call') parts.push(part.toolName, JSON.stringify(part.input));
      else if (part.type === 'image') parts.push(`[image: ${part.format}]`);
      else if (part.type === 'document') parts.push(`[document: ${part.name}.${part.format}]`);
    }
  }
  for (const tool of request.tools ?? [])
    parts.push(tool.name, tool.description ?? '', JSON.stringify(tool.inputSchema));
  return parts.filter((part) => part !== '').join('\n');
}
