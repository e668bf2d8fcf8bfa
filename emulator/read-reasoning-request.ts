import type { TextModel } from './catalogue/foundation-model.js';
import type { ReasoningRequest } from './model-input.js';

/** The reasoning parameters of a request, in whichever notation it used (Converse fields or a native body). */
export interface ReasoningAsked {
  /** Claude's `thinking`. */
  thinking?: { type: string; budgetTokens?: number; display?: string };
  /** Claude's `output_config.effort` (or Converse's `outputConfig.effort`). */
  effort?: string;
  /** Nova 2's `reasoningConfig`. */
  reasoningConfig?: { type: string; maxReasoningEffort?: string };
  /** gpt-oss's `reasoning_effort`. */
  reasoningEffort?: string;
}

/**
 * Whether and how the model reasons, by its catalogue entry (the request has already passed the model's rules):
 * - Claude reasons when `thinking` is `enabled` (within its budget) or `adaptive` (at its effort). The emulator
 *   treats a Claude model whose adaptive thinking is always on the same way: with no `thinking` it answers
 *   without thinking, as adaptive thinking may on a simple request;
 * - Nova 2 when `reasoningConfig.type` is `enabled`: "disabled by default" (nova2-userguide/reasoning-capabilities.html);
 * - gpt-oss always, at `reasoning_effort` or OpenAI's default `medium`: Bedrock returns its reasoning unasked
 *   (BerriAI/litellm PR #40775 shows `reasoningText` for a request without `reasoning_effort`);
 * - DeepSeek R1 always ("Reasoning: Supported", it reasons on every request, other-models.md §3).
 */
export function readReasoningRequest(model: TextModel, asked: ReasoningAsked): ReasoningRequest | undefined {
  switch (model.capabilities.reasoning) {
    case 'none':
      return undefined;
    case 'claude-budget':
    case 'claude-adaptive-or-budget':
    case 'claude-adaptive':
    case 'claude-adaptive-always': {
      const thinking = asked.thinking;
      if (thinking?.type !== 'enabled' && thinking?.type !== 'adaptive') return undefined;
      return {
        style: 'claude',
        ...(thinking.type === 'enabled' && thinking.budgetTokens !== undefined
          ? { budgetTokens: thinking.budgetTokens }
          : {}),
        ...(asked.effort === undefined ? {} : { effort: asked.effort }),
        ...(thinking.display === 'omitted' ? { omitted: true } : {}),
      };
    }
    case 'nova-reasoning-config':
      if (asked.reasoningConfig?.type !== 'enabled') return undefined;
      return { style: 'nova', effort: asked.reasoningConfig.maxReasoningEffort ?? 'medium' };
    case 'openai-effort':
      return { style: 'openai', effort: asked.reasoningEffort ?? 'medium' };
    case 'always-on':
      return { style: 'deepseek' };
    default: {
      const _exhaustiveCheck: never = model.capabilities.reasoning;
      return _exhaustiveCheck;
    }
  }
}
