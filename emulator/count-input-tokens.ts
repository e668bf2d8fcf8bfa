import { createHash } from 'node:crypto';
import type { FamilyName } from './catalogue/foundation-model.js';
import { countMediaTokens } from './inspect-media.js';
import type { ModelInput } from './model-input.js';
import type { CachePrefix } from './prompt-cache.js';
import type { Tokenizer } from './tokenizers/tokenizer.js';

/**
 * Claude's hidden tool-use system prompt, which Anthropic adds (and bills) whenever a request offers tools:
 * 496 tokens with tool choice `auto` or `none`, 588 with `any` or `tool`, for Claude Sonnet 4.5, Haiku 4.5
 * and Opus 4.5 (https://platform.claude.com/docs/en/agents-and-tools/tool-use/overview#pricing).
 */
export const CLAUDE_TOOL_USE_SYSTEM_PROMPT_TOKENS = { auto: 496, forced: 588 } as const;

type CountedInput = Pick<ModelInput, 'prompt' | 'tools' | 'toolChoice' | 'media'>;

/**
 * The input tokens Bedrock bills for a request, the same for the reply's usage and for CountTokens: the prompt
 * as the model sees it, each tool definition (name, description and schema as JSON), for Claude the tool-use
 * system prompt, and each image and document (inspect-media.ts). Cached tokens are part of it: the reply splits
 * them out, CountTokens reports the total.
 */
export function countInputTokens(input: CountedInput, tokenizer: Tokenizer, family: FamilyName): number {
  return countPrefixTokens(input, tokenizer, family, {
    promptLength: input.prompt.length,
    toolCount: input.tools.length,
    mediaCount: input.media?.length ?? 0,
  });
}

interface PrefixExtent {
  promptLength: number;
  toolCount: number;
  mediaCount: number;
}

function countPrefixTokens(
  input: CountedInput,
  tokenizer: Tokenizer,
  family: FamilyName,
  extent: PrefixExtent,
): number {
  let total = tokenizer.countTokens(input.prompt.slice(0, extent.promptLength));
  for (const tool of input.tools.slice(0, extent.toolCount))
    total += tokenizer.countTokens(describeTool(tool));
  if (family === 'anthropic' && extent.toolCount > 0) {
    const forced = input.toolChoice?.type === 'any' || input.toolChoice?.type === 'tool';
    total += forced ? CLAUDE_TOOL_USE_SYSTEM_PROMPT_TOKENS.forced : CLAUDE_TOOL_USE_SYSTEM_PROMPT_TOKENS.auto;
  }
  for (const item of (input.media ?? []).slice(0, extent.mediaCount))
    total += countMediaTokens(item, tokenizer);
  return total;
}

function describeTool(tool: ModelInput['tools'][number]): string {
  return JSON.stringify({ name: tool.name, description: tool.description, input_schema: tool.inputSchema });
}

/**
 * The prefixes of a request's cache layout, measured lazily (only the cache points and their look-back are ever
 * asked for): each one's tokens, counted like the whole input and never more than it, and its key: the model, the tools, the prompt text and the media digests it covers.
 */
export function measureCachePrefixes(
  input: ModelInput,
  tokenizer: Tokenizer,
  family: FamilyName,
  cacheModelId: string,
  totalTokens: number,
): (boundary: number) => CachePrefix {
  const boundaries = input.cache?.boundaries ?? [];
  const measured = new Map<number, CachePrefix>();
  const measure = (boundary: number): CachePrefix => {
    const known = measured.get(boundary);
    if (known) return known;
    const extent = boundaries[boundary];
    if (extent === undefined) throw new Error(`No prompt boundary ${boundary}`);
    const tokens = Math.min(totalTokens, countPrefixTokens(input, tokenizer, family, extent));
    const key = createHash('sha256')
      .update(cacheModelId)
      .update('\0')
      .update(input.tools.slice(0, extent.toolCount).map(describeTool).join('\n'))
      .update('\0')
      .update(input.prompt.slice(0, extent.promptLength))
      .update('\0')
      .update(
        (input.media ?? [])
          .slice(0, extent.mediaCount)
          .map((item) => item.digest)
          .join(','),
      )
      .digest('hex');
    const prefix = { key, tokens };
    measured.set(boundary, prefix);
    return prefix;
  };
  return measure;
}
