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
 * Titan Text Express validates each stop sequence against `^(\|+|User:)$` and takes at most one
 * (boto/boto3#3993: "expected maximum item count: 1").
 */
const capabilities: FamilyCapabilities = {
  family: 'titan-text',
  temperature: { min: 0, max: 1 },
  topP: { min: 0, max: 1 },
  stopSequences: {
    maxCount: 1,
    allowed: { pattern: /^(\|+|User:)$/, description: "'User:' or a run of '|'" },
  },
  tools: false,
};

/** Titan's documentation lists `FINISHED` where real responses say `FINISH`; both are accepted. */
const titanStopReasons: StopReasonMapping = {
  source: 'titan-text',
  reasons: {
    FINISH: 'end_turn',
    FINISHED: 'end_turn',
    LENGTH: 'max_tokens',
    STOP_CRITERIA_MET: 'stop_sequence',
    CONTENT_FILTERED: 'content_filtered',
  },
  failures: { RAG_QUERY_WHEN_RAG_DISABLED: 'the query needs a feature that is disabled' },
};

function checkSupported(request: GenerateRequest, options: NativeBodyOptions = {}): void {
  checkFamilyCapabilities(capabilities, request, options.model);
}

/**
 * Builds Titan's conversational `inputText`: `User: ...` and `Bot: ...` lines, ending with `Bot:` so the model
 * answers on the next line. Titan has no system field, so a system prompt leads the text as a plain paragraph.
 * A conversation ending with an assistant turn is left open after `Bot: {text}`, for the model to continue.
 */
export function buildTitanInputText(request: GenerateRequest): string {
  const turns = convertToTextTurns(request.messages);
  const lines = turns.map((turn) => `${turn.role === 'user' ? 'User' : 'Bot'}: ${turn.text}`);
  if (turns.at(-1)?.role === 'user') lines.push('Bot:');
  const conversation = lines.join('\n');
  return request.system ? `${request.system}\n\n${conversation}` : conversation;
}

function toNativeBody(request: GenerateRequest, options: NativeBodyOptions = {}): NativeBody {
  checkSupported(request, options);
  return {
    inputText: buildTitanInputText(request),
    textGenerationConfig: omitUndefined({
      maxTokenCount: request.maxTokens,
      temperature: request.temperature,
      topP: request.topP,
      stopSequences: request.stopSequences?.length ? request.stopSequences : undefined,
    }),
  };
}

const responseSchema = z.object({
  inputTextTokenCount: z.number().nullish(),
  results: z
    .array(
      z.object({
        tokenCount: z.number().nullish(),
        outputText: z.string(),
        completionReason: z.string().nullish(),
      }),
    )
    .min(1),
});

function fromNativeResponse(body: unknown, usageFromHeaders?: Usage): GenerateResult {
  const response = parseBedrockBody(responseSchema, body, 'a titan-text response body');
  const result = response.results[0]!;
  const bodyUsage =
    typeof response.inputTextTokenCount === 'number' && typeof result.tokenCount === 'number'
      ? { inputTokens: response.inputTextTokenCount, outputTokens: result.tokenCount }
      : undefined;
  return {
    content: [{ type: 'text', text: result.outputText }],
    stopReason: mapStopReason(titanStopReasons, result.completionReason),
    usage: bodyUsage ?? usageFromHeaders ?? { inputTokens: 0, outputTokens: 0 },
  };
}

const streamChunkSchema = z.object({
  outputText: z.string().nullish(),
  totalOutputTextTokenCount: z.number().nullish(),
  completionReason: z.string().nullish(),
  inputTextTokenCount: z.number().nullish(),
});

function createStreamDecoder(): (chunk: unknown) => StreamEvent[] {
  const sequence = createStreamEventSequence();
  let inputTokens = 0;
  return (chunk) => {
    const parsed = parseBedrockBody(streamChunkSchema, chunk, 'a titan-text stream chunk');
    sequence.start();
    if (parsed.inputTextTokenCount) inputTokens = parsed.inputTextTokenCount;
    if (parsed.outputText) sequence.content({ type: 'text-delta', text: parsed.outputText });
    if (parsed.completionReason) {
      sequence.stop(titanStopReasons, parsed.completionReason);
      sequence.usage(
        readInvocationMetrics(chunk) ?? { inputTokens, outputTokens: parsed.totalOutputTextTokenCount ?? 0 },
      );
    }
    return sequence.take();
  };
}

/** Amazon Titan Text (Express, Lite, Premier): a prompt in `inputText`, no tools, restricted stop sequences. */
export const titanTextCodec: FamilyCodec = {
  family: 'titan-text',
  maxTokensPath: ['textGenerationConfig', 'maxTokenCount'],
  checkSupported,
  toNativeBody,
  fromNativeResponse,
  createStreamDecoder,
};
