import { z } from 'zod';
import type { GenerateRequest } from '../generate-request.js';
import type { GenerateResult, Usage } from '../generate-result.js';
import type { StreamEvent } from '../stream-event.js';
import { checkFamilyCapabilities, type FamilyCapabilities } from './check-family-capabilities.js';
import { convertToTextTurns } from './convert-to-text-turns.js';
import type { FamilyCodec, NativeBody, NativeBodyOptions } from './family-codec.js';
import { mapStopReason, type StopReasonMapping } from './map-stop-reason.js';
import { omitUndefined } from './omit-undefined.js';
import { parseBedrockBody } from './parse-bedrock-body.js';
import { readInvocationMetrics } from './read-invocation-metrics.js';
import { createStreamEventSequence } from './stream-event-sequence.js';

/** The text-completion body takes up to 10 stop sequences and no tools. */
const capabilities: FamilyCapabilities = {
  family: 'mistral',
  temperature: { min: 0, max: 1 },
  topP: { min: 0, max: 1 },
  stopSequences: { maxCount: 10 },
  tools: false,
};

/** `model_length` (the context window ran out) reads as `max_tokens` to clients. */
const mistralStopReasons: StopReasonMapping = {
  source: 'mistral',
  reasons: { stop: 'end_turn', length: 'max_tokens', model_length: 'max_tokens' },
};

const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0 };

function checkSupported(request: GenerateRequest, options: NativeBodyOptions = {}): void {
  checkFamilyCapabilities(capabilities, request, options.model);
}

/**
 * Renders Mistral's instruct template: `<s>[INST] {user} [/INST] {assistant}</s>[INST] {user} [/INST]`.
 * The template has no system role, so the system prompt opens the first user turn, followed by a blank line.
 * A conversation ending with an assistant turn leaves it open (no `</s>`), so the model continues it.
 */
export function buildMistralPrompt(request: GenerateRequest): string {
  const turns = convertToTextTurns(request.messages);
  let prompt = '<s>';
  for (const [index, turn] of turns.entries()) {
    if (turn.role === 'user') {
      const text = index === 0 && request.system ? `${request.system}\n\n${turn.text}` : turn.text;
      prompt += `[INST] ${text} [/INST]`;
    } else {
      prompt += ` ${turn.text}${index === turns.length - 1 ? '' : '</s>'}`;
    }
  }
  return prompt;
}

function toNativeBody(request: GenerateRequest, options: NativeBodyOptions = {}): NativeBody {
  checkSupported(request, options);
  return omitUndefined({
    prompt: buildMistralPrompt(request),
    max_tokens: request.maxTokens,
    stop: request.stopSequences?.length ? request.stopSequences : undefined,
    temperature: request.temperature,
    top_p: request.topP,
  });
}

const mistralBodySchema = z.object({
  outputs: z.array(z.object({ text: z.string(), stop_reason: z.string().nullish() })).min(1),
});

/** The body carries no token counts: usage comes from Bedrock's headers, or is zero without them. */
function fromNativeResponse(body: unknown, usageFromHeaders?: Usage): GenerateResult {
  const output = parseBedrockBody(mistralBodySchema, body, 'a mistral response body').outputs[0]!;
  return {
    content: [{ type: 'text', text: output.text }],
    stopReason: mapStopReason(mistralStopReasons, output.stop_reason),
    usage: usageFromHeaders ?? ZERO_USAGE,
  };
}

/** Usage comes only from the last chunk's `amazon-bedrock-invocationMetrics`. */
function createStreamDecoder(): (chunk: unknown) => StreamEvent[] {
  const sequence = createStreamEventSequence();
  return (chunk) => {
    const output = parseBedrockBody(mistralBodySchema, chunk, 'a mistral stream chunk').outputs[0]!;
    sequence.start();
    if (output.text) sequence.content({ type: 'text-delta', text: output.text });
    if (output.stop_reason) {
      sequence.stop(mistralStopReasons, output.stop_reason);
      sequence.usage(readInvocationMetrics(chunk) ?? ZERO_USAGE);
    }
    return sequence.take();
  };
}

/** Mistral AI text completion (Mistral 7B, Mixtral 8x7B, Large, Small): the `[INST]` template in `prompt`. */
export const mistralCodec: FamilyCodec = {
  family: 'mistral',
  maxTokensPath: ['max_tokens'],
  checkSupported,
  toNativeBody,
  fromNativeResponse,
  createStreamDecoder,
};
