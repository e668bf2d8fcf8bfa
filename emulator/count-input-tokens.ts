import type { FamilyName } from './catalogue/foundation-model.js';
import type { ModelInput } from './model-input.js';
import type { Tokenizer } from './tokenizers/tokenizer.js';

/**
 * Claude's hidden tool-use system prompt, which Anthropic adds (and bills) whenever a request offers tools:
 * 496 tokens with tool choice `auto` or `none`, 588 with `any` or `tool`, for Claude Sonnet 4.5, Haiku 4.5
 * and Opus 4.5 (https://platform.claude.com/docs/en/agents-and-tools/tool-use/overview#pricing).
 */
export const CLAUDE_TOOL_USE_SYSTEM_PROMPT_TOKENS = { auto: 496, forced: 588 } as const;

/**
 * The input tokens Bedrock bills for a request, the same for the reply's usage and for CountTokens: the prompt
 * as the model sees it, each tool definition (name, description and schema as JSON), and for Claude the
 * tool-use system prompt.
 */
export function countInputTokens(
  input: Pick<ModelInput, 'prompt' | 'tools' | 'toolChoice'>,
  tokenizer: Tokenizer,
  family: FamilyName,
): number {
  let total = tokenizer.countTokens(input.prompt);
  for (const tool of input.tools) {
    const definition = { name: tool.name, description: tool.description, input_schema: tool.inputSchema };
    total += tokenizer.countTokens(JSON.stringify(definition));
  }
  if (family === 'anthropic' && input.tools.length > 0) {
    const forced = input.toolChoice?.type === 'any' || input.toolChoice?.type === 'tool';
    total += forced ? CLAUDE_TOOL_USE_SYSTEM_PROMPT_TOKENS.forced : CLAUDE_TOOL_USE_SYSTEM_PROMPT_TOKENS.auto;
  }
  return total;
}
