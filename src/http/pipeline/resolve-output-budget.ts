import { resolveMaxTokens } from '../../core/model-policy.js';
import type { ModelEntry } from '../../core/model-registry.js';
import type { PromptTokens } from '../../core/prompt-tokens.js';
import { computePriceCeiling } from '../../core/usage-cost.js';
import { computeOutputCeiling } from '../../core/usage-windows.js';
import type { KeyRecord } from '../../tenancy/key-record.js';

/**
 * A request's output budget: what it asked for within the model's maximum and the key's `maxTokensPerRequest`
 * (a 400 naming `param` above either), or, when it asked for none, as much as the model allows and the key's
 * token limits could ever admit at the dearest price of the models that may answer; never a small default that
 * silently truncates answers.
 */
export function resolveOutputBudget(
  model: ModelEntry,
  requested: number | undefined,
  context: { param: string; key: KeyRecord | undefined; prompt: PromptTokens; chain: readonly ModelEntry[] },
): number {
  const { key } = context;
  const defaultCeiling = key
    ? computeOutputCeiling(
        key.limits,
        context.prompt.bound,
        computePriceCeiling(context.chain.map((entry) => entry.price)),
      )
    : undefined;
  return resolveMaxTokens(model, requested, {
    param: context.param,
    ...(key?.limits.maxTokensPerRequest === undefined
      ? {}
      : { keyMaxTokensPerRequest: key.limits.maxTokensPerRequest }),
    ...(defaultCeiling === undefined ? {} : { defaultCeiling }),
  });
}
