import { ANTHROPIC_MESSAGES, describeExtraneousKey, MODEL_ERRORS_PREFIX } from './bedrock-messages.js';
import type { TextFamilyName, TextModel } from './catalogue/foundation-model.js';
import { createValidationError } from './errors.js';

/**
 * The `additionalModelRequestFields` keys each family's native body takes beyond what Converse maps itself.
 * Bedrock merges the fields into the native body, so the model's own validator refuses the rest
 * (bedrock-validation.md §6).
 */
function listAdditionalFields(model: TextModel): readonly string[] {
  const byFamily: Record<TextFamilyName, readonly string[]> = {
    // Claude body keys that Converse does not map (its tools and tool_choice carry provider-defined tools, as
    // @ai-sdk/amazon-bedrock sends them). `inferenceConfig`, `reasoning` and `guardrails` are refused
    // (code id 68831394214, BerriAI/litellm#13609, #13825).
    anthropic: [
      'top_k',
      'thinking',
      'anthropic_beta',
      'output_config',
      'context_management',
      'metadata',
      'tools',
      'tool_choice',
    ],
    // Nova takes top_k in `inferenceConfig.topK`, and Nova 2 its `reasoningConfig` (nova2 core-inference.html).
    nova:
      model.capabilities.reasoning === 'nova-reasoning-config'
        ? ['inferenceConfig', 'reasoningConfig']
        : ['inferenceConfig'],
    // gpt-oss takes `reasoning_effort` flat (vercel/ai amazon-bedrock-chat-language-model.ts).
    'openai-chat': model.capabilities.reasoning === 'openai-effort' ? ['reasoning_effort'] : [],
    // Mistral's text-completion body has top_k (model-parameters-mistral-text-completion.html).
    mistral: ['top_k'],
    // No others known: UNCONFIRMED for these families' Converse routes.
    'mistral-chat': [],
    llama3: [],
    'deepseek-r1': [],
  };
  return byFamily[model.family];
}

/**
 * Refuses an `additionalModelRequestFields` key the model's native body does not take, in its validator's words
 * after Converse's prefix: Anthropic's `{key}: Extra inputs are not permitted` for Claude, Bedrock's JSON-schema
 * validator (`#: extraneous key [key] is not permitted`) for the others. Nova's wording is captured
 * (BerriAI/litellm#9128); Llama's and Cohere's too (§6); Mistral's, gpt-oss's and DeepSeek's are UNCONFIRMED.
 */
export function checkAdditionalFields(model: TextModel, fields: Record<string, unknown> | undefined): void {
  if (fields === undefined) return;
  const allowed = listAdditionalFields(model);
  const unknown = Object.keys(fields).find((key) => !allowed.includes(key));
  if (unknown === undefined) return;
  const message =
    model.family === 'anthropic'
      ? ANTHROPIC_MESSAGES.extraInputs(unknown)
      : describeExtraneousKey('#', unknown);
  throw createValidationError(`${MODEL_ERRORS_PREFIX}${message}`);
}
