import { applyOutputLimits } from './apply-output-limits.js';
import { GUARDRAIL_BLOCKED_MESSAGE } from './bedrock-messages.js';
import type { TextFamilyName } from './catalogue/foundation-model.js';
import { countInputTokens, measureCachePrefixes } from './count-input-tokens.js';
import type { Directives } from './directives.js';
import { generateJsonValue, generateToolInput } from './generate-tool-input.js';
import type { ModelInput, ReasoningRequest } from './model-input.js';
import type { PromptCache, PromptCacheUsage } from './prompt-cache.js';
import type { GuardrailOutcome, Reply, ReplyReasoning } from './reply.js';
import {
  createRandom,
  hashText,
  pickElement,
  pickIdentifier,
  pickInteger,
  type RandomSource,
} from './seeded-random.js';
import { createReasoningSigner, type ReasoningSigner } from './sign-reasoning.js';
import { sumTokens, type Tokenizer, type TokenPiece, takeTokens } from './tokenizers/tokenizer.js';
import { WORDS } from './word-list.js';

/** The prompt cache a call settles with, and the model's rule for it. */
export interface CacheSettings {
  cache: PromptCache;
  /** The model the cache keys on: its base id, whichever profile was called. */
  modelId: string;
  minimumTokens: number;
}

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
  /** Signs Claude's thinking; the emulator's default secret when not given. */
  signer?: ReasoningSigner;
  /** The prompt cache, when the model has one and the request set cache points. */
  promptCache?: CacheSettings;
}

/** Bounds of a reply's length when no directive sets it. */
const DEFAULT_MINIMUM_TOKENS = 20;
const DEFAULT_MAXIMUM_TOKENS = 60;

/**
 * Reasoning lengths by effort, in tokens (the emulator's own scale: longer for more effort, like real models);
 * `medium` when none is asked. Claude's budget and the max tokens cap them.
 */
const REASONING_TOKENS_BY_EFFORT: Readonly<Record<string, readonly [number, number]>> = {
  low: [16, 32],
  medium: [32, 64],
  high: [64, 128],
  xhigh: [96, 192],
  max: [128, 256],
};

/** Nova 2 shows its reasoning as this text and bills its real length (nova2-userguide/reasoning-capabilities.html). */
export const NOVA_REDACTED_REASONING = '[REDACTED]';

/**
 * The emulated model. Not a language model: the reply is a pure function of the model id, the prompt as the
 * model sees it and the seed, built from a small word list (or the prompt itself for `echo`), then cut by
 * max tokens and stop sequences like a real model. It may reason first (the reasoning counts as output, inside
 * max tokens), call a tool, or answer with JSON that fits a schema; a guardrail may answer for it.
 */
export function generateReply(input: ModelInput, settings: ReplySettings): Reply {
  const { tokenizer } = settings;
  const totalInputTokens = countInputTokens(input, tokenizer, settings.family);
  const guardrail = decideGuardrail(input, settings.directives);
  if (guardrail?.action === 'INTERVENED') return answerForGuardrail(guardrail, tokenizer);
  const cache = settleCache(input, settings, totalInputTokens);
  const inputTokens = totalInputTokens - (cache ? cache.readTokens + cache.writeTokens : 0);
  const random = createRandom(hashText(`${settings.modelId}\n${settings.seed}\n${input.prompt}`));
  const maxTokens = input.maxTokens ?? settings.defaultMaxTokens;
  const reasoning = input.reasoning && composeReasoning(input, input.reasoning, settings, maxTokens);
  const reasoningTokens = reasoning?.tokens ?? 0;
  const common = {
    inputTokens,
    ...(cache ? { cache } : {}),
    ...(reasoning ? { reasoning } : {}),
    ...(guardrail ? { guardrail } : {}),
  };
  const tool = chooseTool(input, settings.directives.tool);
  if (tool) {
    const toolInput = generateToolInput(tool.inputSchema, random);
    const pieces = tokenizer.splitIntoPieces(JSON.stringify(toolInput));
    return {
      text: '',
      toolCall: { id: `tooluse_${pickIdentifier(random, 22)}`, name: tool.name, input: toolInput },
      stopReason: 'tool_use',
      ...common,
      outputTokens: reasoningTokens + sumTokens(pieces),
      pieces,
    };
  }
  const pieces =
    input.outputSchema === undefined
      ? composeText(input, settings, random)
      : tokenizer.splitIntoPieces(JSON.stringify(generateJsonValue(input.outputSchema, random)));
  const limited = applyOutputLimits(
    pieces,
    Math.max(0, maxTokens - reasoningTokens),
    input.stopSequences,
    tokenizer,
  );
  return { ...limited, ...common, outputTokens: reasoningTokens + sumTokens(limited.pieces) };
}

/**
 * A guardrail intervenes when its identifier is `emulatorblock` (any version) or the prompt holds
 * `[[emulator:guardrail=intervene]]`; any other guardrail lets the answer through.
 */
function decideGuardrail(input: ModelInput, directives: Directives): GuardrailOutcome | undefined {
  const guardrail = input.guardrail;
  if (!guardrail || guardrail.identifier === '') return undefined;
  const blocks = /(^|\/)emulatorblock$/.test(guardrail.identifier) || directives.guardrail === 'intervene';
  return {
    identifier: guardrail.identifier,
    ...(guardrail.version === undefined ? {} : { version: guardrail.version }),
    action: blocks ? 'INTERVENED' : 'NONE',
    trace: guardrail.trace,
  };
}

/**
 * The guardrail's blocked message in place of an answer. The emulator's guardrail assesses the input, so the model
 * never runs: no model tokens are billed (UNCONFIRMED: no capture of Bedrock's usage for a blocked input was found).
 */
function answerForGuardrail(guardrail: GuardrailOutcome, tokenizer: Tokenizer): Reply {
  const pieces = tokenizer
    .splitIntoPieces(GUARDRAIL_BLOCKED_MESSAGE)
    .map((piece) => ({ text: piece.text, tokens: 0 }));
  return {
    text: GUARDRAIL_BLOCKED_MESSAGE,
    stopReason: 'guardrail_intervened',
    inputTokens: 0,
    outputTokens: 0,
    pieces,
    guardrail,
  };
}

function settleCache(
  input: ModelInput,
  settings: ReplySettings,
  totalInputTokens: number,
): PromptCacheUsage | undefined {
  if (!input.cache) return undefined;
  const none: PromptCacheUsage = { readTokens: 0, writeTokens: 0, writeTokensByTtl: { '5m': 0, '1h': 0 } };
  if (!settings.promptCache) return none;
  const { cache, modelId, minimumTokens } = settings.promptCache;
  const prefix = measureCachePrefixes(input, settings.tokenizer, settings.family, modelId, totalInputTokens);
  return cache.settle({
    prefix,
    points: input.cache.points.map((point) => ({ prefix: point.boundary, ttl: point.ttl })),
    minimumTokens,
  });
}

/**
 * The reasoning before the answer: deterministic word salad of the length the effort (or the `reasoning_tokens`
 * directive) sets, within Claude's budget and the max tokens. Claude signs it, or returns it redacted under
 * `[[emulator:redact_reasoning]]`, or omits its text (`display: "omitted"`); Nova 2 shows `[REDACTED]`.
 */
function composeReasoning(
  input: ModelInput,
  request: ReasoningRequest,
  settings: ReplySettings,
  maxTokens: number,
): ReplyReasoning {
  const { tokenizer, directives } = settings;
  const random = createRandom(hashText(`reasoning\n${settings.modelId}\n${settings.seed}\n${input.prompt}`));
  const [low, high] = REASONING_TOKENS_BY_EFFORT[request.effort ?? 'medium'] ?? [32, 64];
  const wanted = directives.reasoningTokens ?? pickInteger(random, low, high);
  const length = Math.min(wanted, request.budgetTokens ?? wanted, maxTokens);
  const lead = 'Reasoning about the request:';
  const pieces = takeTokens(
    tokenizer.splitIntoPieces(lead + composeSentences(random, Math.max(length, 1))),
    length,
  );
  const text = pieces.map((piece) => piece.text).join('');
  const tokens = sumTokens(pieces);
  const signer = settings.signer ?? createReasoningSigner();
  if (request.style === 'claude' && directives.redactReasoning) {
    return { kind: 'redacted', data: signer.seal(tokens, hashText(text).toString(36)), tokens };
  }
  if (request.style === 'nova') {
    return {
      kind: 'text',
      text: NOVA_REDACTED_REASONING,
      pieces: [{ text: NOVA_REDACTED_REASONING, tokens }],
      tokens,
    };
  }
  if (request.style === 'claude' && request.omitted) {
    return { kind: 'text', text: '', signature: signer.sign(''), pieces: [], tokens };
  }
  return {
    kind: 'text',
    text,
    ...(request.style === 'claude' ? { signature: signer.sign(text) } : {}),
    pieces,
    tokens,
  };
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
      ? `Emulated reply from ${settings.modelId}${describeMedia(input)}:`
      : `Emulated reply from ${settings.modelId} to the tool result: ${input.toolResultText}`;
  const length =
    tokens ??
    Math.max(
      pickInteger(random, DEFAULT_MINIMUM_TOKENS, DEFAULT_MAXIMUM_TOKENS),
      tokenizer.countTokens(lead) + 5,
    );
  return takeTokens(tokenizer.splitIntoPieces(lead + composeSentences(random, length)), length);
}

/** What the reply says it saw, so a test can tell the media reached the model: ` about 1 image and 2 documents`. */
function describeMedia(input: ModelInput): string {
  const media = input.media ?? [];
  const images = media.filter((item) => item.kind === 'image').length;
  const documents = media.length - images;
  const parts = [
    ...(images > 0 ? [`${images} image${images === 1 ? '' : 's'}`] : []),
    ...(documents > 0 ? [`${documents} document${documents === 1 ? '' : 's'}`] : []),
  ];
  return parts.length === 0 ? '' : ` about ${parts.join(' and ')}`;
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
