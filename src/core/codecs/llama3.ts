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

/**
 * Meta's native body has no stop-sequence field and no tools. Images stay refused here although Llama 3.2 and
 * later read `images`: AWS documents only "a list of strings" (model-parameters-meta.html), not where an image sits
 * in the prompt template (Llama's `<|image|>` token) nor how the strings are encoded, so a body built from a guess
 * could send an image the model never sees. Converse maps images for these models properly.
 */
const capabilities: FamilyCapabilities = {
  family: 'llama3',
  temperature: { min: 0, max: 1 },
  topP: { min: 0, max: 1 },
  tools: false,
};

const llamaStopReasons: StopReasonMapping = {
  source: 'llama3',
  reasons: { stop: 'end_turn', length: 'max_tokens' },
};

function checkSupported(request: GenerateRequest, options: NativeBodyOptions = {}): void {
  checkFamilyCapabilities(capabilities, request, options.model);
}

function header(role: string): string {
  return `<|start_header_id|>${role}<|end_header_id|>\n\n`;
}

/**
 * Renders the Llama 3 chat template: `<|begin_of_text|>`, an optional system block, one header-and-`<|eot_id|>`
 * block per turn, then an open assistant header for the model to answer in. A conversation ending with an
 * assistant turn leaves that turn open (no `<|eot_id|>`), so the model continues it.
 */
export function buildLlama3Prompt(request: GenerateRequest): string {
  const turns = convertToTextTurns(request.messages);
  let prompt = '<|begin_of_text|>';
  if (request.system) prompt += `${header('system')}${request.system}<|eot_id|>`;
  for (const [index, turn] of turns.entries()) {
    const isOpenAssistantTurn = turn.role === 'assistant' && index === turns.length - 1;
    prompt += `${header(turn.role)}${turn.text}${isOpenAssistantTurn ? '' : '<|eot_id|>'}`;
  }
  if (turns.at(-1)?.role === 'user') prompt += header('assistant');
  return prompt;
}

function toNativeBody(request: GenerateRequest, options: NativeBodyOptions = {}): NativeBody {
  checkSupported(request, options);
  return omitUndefined({
    prompt: buildLlama3Prompt(request),
    max_gen_len: request.maxTokens,
    temperature: request.temperature,
    top_p: request.topP,
  });
}

const llamaBodySchema = z.object({
  generation: z.string(),
  prompt_token_count: z.number().nullish(),
  generation_token_count: z.number().nullish(),
  stop_reason: z.string().nullish(),
});

function fromNativeResponse(body: unknown, usageFromHeaders?: Usage): GenerateResult {
  const response = parseBedrockBody(llamaBodySchema, body, 'a llama3 response body');
  const bodyUsage =
    typeof response.prompt_token_count === 'number' && typeof response.generation_token_count === 'number'
      ? { inputTokens: response.prompt_token_count, outputTokens: response.generation_token_count }
      : undefined;
  return {
    content: [{ type: 'text', text: response.generation }],
    stopReason: mapStopReason(llamaStopReasons, response.stop_reason),
    usage: bodyUsage ?? usageFromHeaders ?? { inputTokens: 0, outputTokens: 0 },
  };
}

/** Stream chunks have the response's shape; the prompt count comes with the first chunk only. */
function createStreamDecoder(): (chunk: unknown) => StreamEvent[] {
  const sequence = createStreamEventSequence();
  let inputTokens = 0;
  return (chunk) => {
    const parsed = parseBedrockBody(llamaBodySchema, chunk, 'a llama3 stream chunk');
    sequence.start();
    if (parsed.prompt_token_count) inputTokens = parsed.prompt_token_count;
    if (parsed.generation) sequence.content({ type: 'text-delta', text: parsed.generation });
    if (parsed.stop_reason) {
      sequence.stop(llamaStopReasons, parsed.stop_reason);
      sequence.usage(
        readInvocationMetrics(chunk) ?? { inputTokens, outputTokens: parsed.generation_token_count ?? 0 },
      );
    }
    return sequence.take();
  };
}

/** Meta Llama 3.x instruct models: the Llama 3 chat template in `prompt`, no stop sequences, no tools. */
export const llama3Codec: FamilyCodec = {
  family: 'llama3',
  maxTokensPath: ['max_gen_len'],
  checkSupported,
  toNativeBody,
  fromNativeResponse,
  createStreamDecoder,
};
