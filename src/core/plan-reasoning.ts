import { UnsupportedParameterError } from './errors.js';
import type { GenerateRequest } from './generate-request.js';
import type { CapableModel, ReasoningEffort } from './model-capabilities.js';

/** How to ask one model to reason, whatever protocol the client spoke. */
export type ReasoningPlan =
  /** Claude up to 4.5: `thinking: {type: "enabled", budget_tokens}`. */
  | { mode: 'budget'; budgetTokens: number }
  /** Claude 4.6 and later: `thinking: {type: "adaptive"}`, with `effort` when one was asked for. */
  | { mode: 'adaptive'; effort?: ReasoningEffort }
  /** Nova 2: `reasoningConfig: {type: "enabled", maxReasoningEffort}`. */
  | { mode: 'reasoning-config'; effort: ReasoningEffort }
  /** gpt-oss: `reasoning_effort`. */
  | { mode: 'effort'; effort: ReasoningEffort };

/**
 * Thinking budgets for an effort on budget models. Anthropic's minimum budget is 1,024 tokens; the others
 * double towards the largest useful budgets (https://docs.claude.com/en/docs/build-with-claude/extended-thinking).
 */
export const EFFORT_BUDGET_TOKENS: Readonly<Record<ReasoningEffort, number>> = {
  low: 1_024,
  medium: 4_096,
  high: 16_384,
  xhigh: 32_768,
  max: 65_536,
};

/**
 * The highest effort `allowed` whose budget fits in `budgetTokens` (else the lowest allowed): how a budget is
 * asked of a model that takes efforts.
 */
function effortForBudget(budgetTokens: number, allowed: readonly ReasoningEffort[]): ReasoningEffort {
  const fitting = allowed.filter((effort) => EFFORT_BUDGET_TOKENS[effort] <= budgetTokens);
  return fitting.at(-1) ?? allowed[0]!;
}

function refuse(model: CapableModel, message: string, param = 'reasoning'): never {
  throw new UnsupportedParameterError(param, `Model '${model.alias}' ${message}`);
}

/**
 * How `model` is asked for the reasoning `request` wants, or `undefined` when it wants none. Throws
 * UnsupportedParameterError naming the field: reasoning on a model without it, an effort the model does not
 * take, a budget at or above `max_tokens`, and the combinations Claude refuses (a temperature other than 1, a
 * forced tool choice: "Thinking may not be enabled when tool_choice forces tool use.").
 */
export function planReasoning(model: CapableModel, request: GenerateRequest): ReasoningPlan | undefined {
  const asked = request.reasoning;
  const capability = model.capabilities.reasoning;
  if (!asked) return undefined;
  if (capability.mode === 'none') refuse(model, 'does not reason; remove the reasoning request.');
  if (capability.mode === 'always') return undefined;
  const effort = asked.effort;
  if (effort !== undefined && capability.mode !== 'budget' && !capability.efforts.includes(effort)) {
    refuse(
      model,
      `takes a reasoning effort of ${capability.efforts.map((level) => `'${level}'`).join(', ')}; got '${effort}'.`,
    );
  }
  if (capability.mode === 'budget' || capability.mode === 'adaptive') {
    if (request.temperature !== undefined && request.temperature !== 1) {
      refuse(model, 'reasons only at temperature 1; remove temperature or reasoning.', 'temperature');
    }
    const choice = request.toolChoice?.type;
    if (choice === 'any' || choice === 'tool') {
      refuse(
        model,
        'cannot reason when the tool choice forces tool use; use tool_choice auto.',
        'tool_choice',
      );
    }
  }
  switch (capability.mode) {
    case 'budget': {
      const budgetTokens = asked.budgetTokens ?? EFFORT_BUDGET_TOKENS[effort ?? 'medium'];
      if (budgetTokens < capability.minBudgetTokens) {
        refuse(
          model,
          `needs a reasoning budget of at least ${capability.minBudgetTokens} tokens; got ${budgetTokens}.`,
        );
      }
      if (budgetTokens >= request.maxTokens) {
        refuse(
          model,
          `needs max_tokens above the reasoning budget (${budgetTokens} tokens); got max_tokens ${request.maxTokens}. Raise max_tokens or lower the effort.`,
          'max_tokens',
        );
      }
      return { mode: 'budget', budgetTokens };
    }
    case 'adaptive': {
      const chosen =
        effort ??
        (asked.budgetTokens === undefined
          ? undefined
          : effortForBudget(asked.budgetTokens, capability.efforts));
      return chosen === undefined ? { mode: 'adaptive' } : { mode: 'adaptive', effort: chosen };
    }
    case 'reasoning-config':
    case 'effort':
      return {
        mode: capability.mode,
        effort:
          effort ?? effortForBudget(asked.budgetTokens ?? EFFORT_BUDGET_TOKENS.medium, capability.efforts),
      };
    default: {
      const _exhaustiveCheck: never = capability;
      throw new Error(`Unknown reasoning mode ${JSON.stringify(_exhaustiveCheck)}`);
    }
  }
}
