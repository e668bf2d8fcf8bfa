import { codecFor } from './codecs/index.js';
import { InvalidRequestError } from './errors.js';
import { resolveMaxTokens } from './model-policy.js';
import { type ConverseOnlyFamily, isCodecFamily, isTextFamily, type ModelEntry } from './model-registry.js';

/** A native InvokeModel body: JSON that belongs to the model family, which Bedrock validates. */
type NativeBody = Record<string, unknown>;

/** The value at `path` in a JSON object, or `undefined` when the path does not lead through objects to it. */
function readAtPath(body: NativeBody, path: readonly string[]): unknown {
  let value: unknown = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The max-tokens field of the native bodies the gateway has no codec for, so that the passthrough can still
 * cap them: gpt-oss takes OpenAI's chat-completions body (`max_completion_tokens`, or the older `max_tokens`),
 * DeepSeek R1 and Mistral's chat body `max_tokens` (AWS model-parameter pages, summarised in the
 * catalogue notes).
 */
const CONVERSE_ONLY_MAX_TOKENS_FIELDS: Readonly<
  Record<
    ConverseOnlyFamily,
    { maxTokensPath: readonly string[]; otherMaxTokensPaths?: readonly (readonly string[])[] }
  >
> = {
  openai: { maxTokensPath: ['max_completion_tokens'], otherMaxTokensPaths: [['max_tokens']] },
  deepseek: { maxTokensPath: ['max_tokens'] },
  'mistral-chat': { maxTokensPath: ['max_tokens'] },
};

/**
 * Applies the output-token caps to a native body, on the family's own field (`max_tokens`, `max_gen_len`,
 * `textGenerationConfig.maxTokenCount`, ...), and returns the most output tokens the call can produce.
 * A value that is not a positive integer is a 400 naming the field; one above the model's maximum, or the
 * key's `maxTokensPerRequest`, is a 400 `max_tokens_too_large` naming the cap and the field.
 *
 * The body is never rewritten, so an absent field stays absent. Anthropic requires `max_tokens`, so Bedrock
 * refuses such a body anyway; the other families then use the model's own default, which the model's
 * maximum bounds. The one exception is a key whose `maxTokensPerRequest` is below that maximum: it cannot
 * be enforced on a default the gateway does not know, so the field is then required (400).
 * Embedding bodies have no output tokens: nothing to cap, and 0 is returned.
 */
export function checkNativeMaxTokens(
  model: ModelEntry,
  body: NativeBody,
  keyMaxTokensPerRequest: number | undefined,
): number {
  if (!isTextFamily(model.family)) return 0;
  const { maxTokensPath: path, otherMaxTokensPaths = [] } = isCodecFamily(model.family)
    ? codecFor(model.family)
    : CONVERSE_ONLY_MAX_TOKENS_FIELDS[model.family];
  for (const other of otherMaxTokensPaths) {
    if (readAtPath(body, other) !== undefined) {
      throw new InvalidRequestError(
        'unsupported_parameter',
        `Invalid request: use ${path.join('.')} instead of ${other.join('.')}, so the gateway can apply the token caps.`,
        { param: other.join('.') },
      );
    }
  }
  const field = path.join('.');
  const value = readAtPath(body, path);
  if (value === undefined) {
    if (keyMaxTokensPerRequest !== undefined && keyMaxTokensPerRequest < model.maxOutputTokens) {
      throw new InvalidRequestError(
        'max_tokens_required',
        `Invalid request: ${field} is required: this API key's limit of ${keyMaxTokensPerRequest} tokens per request is below the maximum of ${model.maxOutputTokens} for model '${model.alias}'.`,
        { param: field },
      );
    }
    return model.maxOutputTokens;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InvalidRequestError(
      'invalid_body',
      `Invalid request: ${field}: expected a positive integer, got ${JSON.stringify(value)}.`,
      { param: field },
    );
  }
  return resolveMaxTokens(model, value, {
    param: field,
    ...(keyMaxTokensPerRequest === undefined ? {} : { keyMaxTokensPerRequest }),
  });
}
