import { z } from 'zod';
import { InvalidRequestError } from '../errors.js';
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
 * Command R takes `p` from 0.01 to 0.99 and up to 4 stop sequences. Its native tools have their own format
 * (`parameter_definitions`, `tool_results`), which this codec does not translate: tools are rejected.
 */
const capabilities: FamilyCapabilities = {
  family: 'cohere-command-r',
  temperature: { min: 0, max: 1 },
  topP: { min: 0.01, max: 0.99 },
  stopSequences: { maxCount: 4 },
  tools: false,
};

/** `ERROR_LIMIT` means the context ran out, which clients know as `max_tokens`. */
const cohereStopReasons: StopReasonMapping = {
  source: 'cohere-command-r',
  reasons: {
    COMPLETE: 'end_turn',
    MAX_TOKENS: 'max_tokens',
    STOP_SEQUENCE: 'stop_sequence',
    ERROR_TOXIC: 'content_filtered',
    ERROR_LIMIT: 'max_tokens',
    USER_CANCEL: 'end_turn',
  },
  failures: { ERROR: 'the generation failed' },
};

function checkSupported(request: GenerateRequest, options: NativeBodyOptions = {}): void {
  checkFamilyCapabilities(capabilities, request, options.model);
}

/**
 * Canonical -> Command R chat body: the last user turn is `message`, earlier turns are `chat_history`
 * (`USER` / `CHATBOT`), the system prompt is `preamble`. The model cannot continue an assistant turn, so a
 * conversation must end with a user turn (InvalidRequestError, param `messages`).
 */
function toNativeBody(request: GenerateRequest, options: NativeBodyOptions = {}): NativeBody {
  checkSupported(request, options);
  const turns = convertToTextTurns(request.messages);
  const last = turns.at(-1)!;
  if (last.role !== 'user') {
    throw new InvalidRequestError(
      'invalid_conversation',
      "Model family 'cohere-command-r' needs the conversation to end with a user turn through the native InvokeModel API.",
      { param: 'messages' },
    );
  }
  const history = turns.slice(0, -1).map((turn) => ({
    role: turn.role === 'user' ? 'USER' : 'CHATBOT',
    message: turn.text,
  }));
  return omitUndefined({
    message: last.text,
    chat_history: history.length > 0 ? history : undefined,
    preamble: request.system ? request.system : undefined,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    p: request.topP,
    stop_sequences: request.stopSequences?.length ? request.stopSequences : undefined,
  });
}

const billedUnitsSchema = z.object({ input_tokens: z.number(), output_tokens: z.number() });

const responseSchema = z.object({
  text: z.string(),
  finish_reason: z.string().nullish(),
  meta: z.object({ billed_units: billedUnitsSchema.optional() }).nullish(),
});

function usageFromBilledUnits(units: z.output<typeof billedUnitsSchema> | undefined): Usage | undefined {
  return units ? { inputTokens: units.input_tokens, outputTokens: units.output_tokens } : undefined;
}

function fromNativeResponse(body: unknown, usageFromHeaders?: Usage): GenerateResult {
  const response = parseBedrockBody(responseSchema, body, 'a cohere-command-r response body');
  return {
    content: [{ type: 'text', text: response.text }],
    stopReason: mapStopReason(cohereStopReasons, response.finish_reason),
    usage: usageFromBilledUnits(response.meta?.billed_units) ??
      usageFromHeaders ?? { inputTokens: 0, outputTokens: 0 },
  };
}

const streamChunkSchema = z.object({
  event_type: z.string(),
  text: z.string().nullish(),
  finish_reason: z.string().nullish(),
  response: z.object({ meta: z.object({ billed_units: billedUnitsSchema.optional() }).nullish() }).nullish(),
});

/** Reads `stream-start`, `text-generation` and `stream-end`; other event types (citations, tools) are skipped. */
function createStreamDecoder(): (chunk: unknown) => StreamEvent[] {
  const sequence = createStreamEventSequence();
  return (chunk) => {
    const parsed = parseBedrockBody(streamChunkSchema, chunk, 'a cohere-command-r stream chunk');
    sequence.start();
    if (parsed.event_type === 'text-generation' && parsed.text) {
      sequence.content({ type: 'text-delta', text: parsed.text });
    } else if (parsed.event_type === 'stream-end') {
      sequence.stop(cohereStopReasons, parsed.finish_reason);
      sequence.usage(
        readInvocationMetrics(chunk) ??
          usageFromBilledUnits(parsed.response?.meta?.billed_units) ?? { inputTokens: 0, outputTokens: 0 },
      );
    }
    return sequence.take();
  };
}

/** Cohere Command R / R+ chat: `message`, `chat_history` and `preamble`; no tools through this codec. */
export const cohereCommandRCodec: FamilyCodec = {
  family: 'cohere-command-r',
  maxTokensPath: ['max_tokens'],
  checkSupported,
  toNativeBody,
  fromNativeResponse,
  createStreamDecoder,
};
