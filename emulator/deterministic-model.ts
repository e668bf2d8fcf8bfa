import { applyOutputLimits } from './apply-output-limits.js';
import type { TextFamilyName } from './catalogue/foundation-model.js';
import { countInputTokens } from './count-input-tokens.js';
import type { Directives } from './directives.js';
import { generateToolInput } from './generate-tool-input.js';
import type { ModelInput } from './model-input.js';
import type { Reply } from './reply.js';
import {
  createRandom,
  hashText,
  pickElement,
  pickIdentifier,
  pickInteger,
  type RandomSource,
} from './seeded-random.js';
import { sumTokens, type Tokenizer, type TokenPiece, takeTokens } from './tokenizers/tokenizer.js';
import { WORDS } from './word-list.js';

/** What, besides the request, decides a reply. */
export interface ReplySettings {
  /** The model id as called (after ARN extraction); it appears in the reply and seeds the text. */
  modelId: string;
  seed: number;
  directives: Directives;
  /** The output cap when the request sets none. */
  defaultMaxTokens: number;
  family: TextFamilyName;
  /** The family's tokenizer: every count and cut of the reply is made with it. */
  tokenizer: Tokenizer;
}

/** Bounds of a reply's length when no directive sets it. */
const DEFAULT_MINIMUM_TOKENS = 20;
const DEFAULT_MAXIMUM_TOKENS = 60;

/**
 * The emulated model. Not a language model: the reply is a pure function of the model id, the prompt as the
 * model sees it and the seed, built from a small word list (or the prompt itself for `echo`), then cut by
 * max tokens and stop sequences like a real model.
 */
export function generateReply(input: ModelInput, settings: ReplySettings): Reply {
  const { tokenizer } = settings;
  const inputTokens = countInputTokens(input, tokenizer, settings.family);
  const random = createRandom(hashText(`${settings.modelId}\n${settings.seed}\n${input.prompt}`));
  const tool = chooseTool(input, settings.directives.tool);
  if (tool) {
    const toolInput = generateToolInput(tool.inputSchema, random);
    const pieces = tokenizer.splitIntoPieces(JSON.stringify(toolInput));
    return {
      text: '',
      toolCall: { id: `tooluse_${pickIdentifier(random, 22)}`, name: tool.name, input: toolInput },
      stopReason: 'tool_use',
      inputTokens,
      outputTokens: sumTokens(pieces),
      pieces,
    };
  }
  const pieces = composeText(input, settings, random);
  const limited = applyOutputLimits(
    pieces,
    input.maxTokens ?? settings.defaultMaxTokens,
    input.stopSequences,
    tokenizer,
  );
  return { ...limited, inputTokens, outputTokens: sumTokens(limited.pieces) };
}

/**
 * The tool the model calls: one the request forces, else the one a `tool=` directive names.
 * Once the last user turn carries a tool result the model answers in text, so a round trip ends.
 */
function chooseTool(input: ModelInput, requestedName: string | undefined) {
  if (input.toolResultText !== undefined || input.toolChoice?.type === 'none') return undefined;
  const find = (name: string | undefined) => input.tools.find((tool) => tool.name === name);
  if (input.toolChoice?.type === 'tool') return find(input.toolChoice.name);
  return find(requestedName) ?? (input.toolChoice?.type === 'any' ? input.tools[0] : undefined);
}

/** The reply before limits, as tokens: the echo, or a lead line and word salad, cut to the `tokens` asked. */
function composeText(input: ModelInput, settings: ReplySettings, random: RandomSource): TokenPiece[] {
  const { tokenizer } = settings;
  const { tokens, echo } = settings.directives;
  if (echo) {
    const pieces = tokenizer.splitIntoPieces(input.prompt);
    return tokens === undefined ? pieces : takeTokens(pieces, tokens);
  }
  const lead =
    input.toolResultText === undefined
      ? `Emulated reply from ${settings.modelId}:`
      : `Emulated reply from ${settings.modelId} to the tool result: ${input.toolResultText}`;
  const length =
    tokens ??
    Math.max(
      pickInteger(random, DEFAULT_MINIMUM_TOKENS, DEFAULT_MAXIMUM_TOKENS),
      tokenizer.countTokens(lead) + 5,
    );
  return takeTokens(tokenizer.splitIntoPieces(lead + composeSentences(random, length)), length);
}

/** Word salad in sentences: every word is at least one token, so `wordCount` words are enough tokens. */
function composeSentences(random: RandomSource, wordCount: number): string {
  let text = '';
  let wordsLeftInSentence = 0;
  for (let index = 0; index < wordCount; index++) {
    const word = pickElement(random, WORDS);
    const startsSentence = wordsLeftInSentence === 0;
    if (startsSentence) wordsLeftInSentence = pickInteger(random, 6, 12);
    wordsLeftInSentence--;
    const endsSentence = wordsLeftInSentence === 0 || index === wordCount - 1;
    text += ` ${startsSentence ? word.charAt(0).toUpperCase() + word.slice(1) : word}${endsSentence ? '.' : ''}`;
  }
  return text;
}
