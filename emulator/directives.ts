import { createValidationError, EXCEPTION_NAMES, type ExceptionName, isExceptionName } from './errors.js';

/** A `fail=` directive: answer with this exception, optionally only for model ids containing a text. */
export interface FailDirective {
  exceptionName: ExceptionName;
  /** From `fail=Name@text`; the directive applies only when the model id contains this text. */
  modelIdContains?: string;
}

/** A `cut_after=` directive: end a stream with a modelled exception after this many content chunks. */
export interface CutDirective {
  afterChunks: number;
  /** The exception to send; in the stream it becomes its camelCase member, e.g. `modelStreamErrorException`. */
  exceptionName: ExceptionName;
}

/** What the `[[emulator:...]]` directives found in a prompt ask for. */
export interface Directives {
  /** Reply with the prompt as the model sees it. */
  echo: boolean;
  /** Reply with exactly this many output tokens (unless max tokens is lower). */
  tokens?: number;
  /** Every `fail=` directive, in prompt order; the first that applies to the model wins. */
  fail: FailDirective[];
  /** Wait this long before a reply, and between stream chunks. */
  delayMs?: number;
  cutAfter?: CutDirective;
  /** Call this tool, if the request offers it. */
  tool?: string;
  /** Overrides the emulator's seed for this request. */
  seed?: number;
  /** When the model reasons, its reasoning is exactly this many tokens (within Claude's budget and max tokens). */
  reasoningTokens?: number;
  /** Claude returns its thinking as a `redacted_thinking` block (Converse `redactedContent`). */
  redactReasoning: boolean;
  /** With any guardrail set, `intervene` makes it block the request. */
  guardrail?: 'intervene';
}

const DIRECTIVE_PATTERN = /\[\[emulator:([a-z_]+)(?:=([^\]]*))?\]\]/g;

/**
 * Exceptions an event stream can carry as a modelled member, for `cut_after=N:type`.
 * Others would reach the SDK as an unknown exception, so they are refused up front.
 */
export const STREAM_EXCEPTION_NAMES: readonly ExceptionName[] = [
  'ModelStreamErrorException',
  'ThrottlingException',
  'InternalServerException',
  'ServiceUnavailableException',
  'ValidationException',
  'ModelTimeoutException',
];

/**
 * Finds the `[[emulator:NAME]]` and `[[emulator:NAME=VALUE]]` directives anywhere in a text.
 * Unknown names and bad values are a ValidationException, so a typo in a test fails loudly
 * instead of being ignored.
 */
export function parseDirectives(text: string): Directives {
  const directives: Directives = { echo: false, fail: [], redactReasoning: false };
  for (const match of text.matchAll(DIRECTIVE_PATTERN)) {
    const name = match[1] as string;
    const value = match[2]?.trim();
    applyDirective(directives, name, value);
  }
  return directives;
}

function applyDirective(directives: Directives, name: string, value: string | undefined): void {
  switch (name) {
    case 'echo':
      directives.echo = true;
      return;
    case 'tokens':
      directives.tokens = readCount(name, value);
      return;
    case 'delay_ms':
      directives.delayMs = readCount(name, value);
      return;
    case 'seed':
      directives.seed = readCount(name, value);
      return;
    case 'tool':
      directives.tool = readText(name, value);
      return;
    case 'fail':
      directives.fail.push(readFailDirective(readText(name, value)));
      return;
    case 'cut_after':
      directives.cutAfter = readCutDirective(readText(name, value));
      return;
    case 'reasoning_tokens':
      directives.reasoningTokens = readCount(name, value);
      return;
    case 'redact_reasoning':
      directives.redactReasoning = true;
      return;
    case 'guardrail':
      if (readText(name, value) !== 'intervene') {
        throw createValidationError(
          `Emulator directive [[emulator:guardrail=${value}]] is unknown. Known: [[emulator:guardrail=intervene]].`,
        );
      }
      directives.guardrail = 'intervene';
      return;
    default:
      throw createValidationError(
        `Unknown emulator directive [[emulator:${name}]]. Known: echo, tokens, fail, delay_ms, cut_after, tool, seed, reasoning_tokens, redact_reasoning, guardrail.`,
      );
  }
}

function readText(name: string, value: string | undefined): string {
  if (!value) throw createValidationError(`Emulator directive [[emulator:${name}=...]] needs a value.`);
  return value;
}

function readCount(name: string, value: string | undefined): number {
  const text = readText(name, value);
  if (!/^\d+$/.test(text)) {
    throw createValidationError(`Emulator directive [[emulator:${name}=${text}]] needs a whole number.`);
  }
  return Number(text);
}

function readExceptionName(text: string): ExceptionName {
  const pascalCase = text.charAt(0).toUpperCase() + text.slice(1);
  if (isExceptionName(pascalCase)) return pascalCase;
  throw createValidationError(
    `Unknown exception name '${text}' in an emulator directive. Known: ${EXCEPTION_NAMES.join(', ')}.`,
  );
}

function readFailDirective(text: string): FailDirective {
  const [name = '', modelIdContains] = text.split('@', 2);
  const exceptionName = readExceptionName(name.trim());
  return modelIdContains ? { exceptionName, modelIdContains: modelIdContains.trim() } : { exceptionName };
}

function readCutDirective(text: string): CutDirective {
  const [count = '', type] = text.split(':', 2);
  const afterChunks = readCount('cut_after', count.trim());
  const exceptionName = type ? readExceptionName(type.trim()) : 'ModelStreamErrorException';
  if (!STREAM_EXCEPTION_NAMES.includes(exceptionName)) {
    throw createValidationError(
      `cut_after cannot send ${exceptionName} inside a stream. Use one of: ${STREAM_EXCEPTION_NAMES.join(', ')}.`,
    );
  }
  return { afterChunks, exceptionName };
}

/** The `fail=` directive that applies to a model id, if any. */
export function selectFailure(directives: Directives, modelId: string): FailDirective | undefined {
  return directives.fail.find(
    (directive) => directive.modelIdContains === undefined || modelId.includes(directive.modelIdContains),
  );
}
