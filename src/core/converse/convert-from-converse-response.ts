import { z } from 'zod';
import { mapStopReason } from '../codecs/map-stop-reason.js';
import { parseBedrockBody } from '../codecs/parse-bedrock-body.js';
import type { ReasoningPart, RedactedReasoningPart, TextPart, ToolCallPart } from '../generate-request.js';
import type { GenerateResult, Usage } from '../generate-result.js';
import { converseStopReasons } from './converse-stop-reasons.js';
import { base64BytesSchema, converseUsageSchema } from './convert-converse-usage.js';

const KNOWN_BLOCK_KEYS = ['text', 'toolUse', 'reasoningContent'];

/** Text, tool use and reasoning become canonical parts; other blocks (images, citations) are skipped. */
const contentBlockSchema = z.union([
  z.object({ text: z.string() }).transform((block): TextPart => ({ type: 'text', text: block.text })),
  z.object({ toolUse: z.object({ toolUseId: z.string(), name: z.string(), input: z.unknown() }) }).transform(
    ({ toolUse }): ToolCallPart => ({
      type: 'tool-call',
      toolCallId: toolUse.toolUseId,
      toolName: toolUse.name,
      input: toolUse.input ?? {},
    }),
  ),
  z
    .object({
      reasoningContent: z.union([
        z.object({ reasoningText: z.object({ text: z.string(), signature: z.string().optional() }) }),
        z.object({ redactedContent: base64BytesSchema }),
      ]),
    })
    .transform(({ reasoningContent }): ReasoningPart | RedactedReasoningPart =>
      'reasoningText' in reasoningContent
        ? {
            type: 'reasoning',
            text: reasoningContent.reasoningText.text,
            ...(reasoningContent.reasoningText.signature === undefined
              ? {}
              : { signature: reasoningContent.reasoningText.signature }),
          }
        : { type: 'redacted-reasoning', data: reasoningContent.redactedContent },
    ),
  z
    .looseObject({})
    .refine((block) => !KNOWN_BLOCK_KEYS.some((key) => key in block))
    .transform(() => undefined),
]);

const converseResponseSchema = z.object({
  output: z.object({
    message: z.object({ content: z.array(contentBlockSchema) }),
  }),
  stopReason: z.string().nullish(),
  usage: converseUsageSchema.optional(),
});

/**
 * Converse response JSON (or the SDK's deserialised output, or Amazon Nova's native response) -> canonical result.
 * Lenient: unknown fields and unknown content blocks are ignored. Throws UpstreamError (502,
 * `upstream_malformed_response`) when the body lacks the shape, and (502, `upstream_generation_failed`)
 * for the `malformed_*` stop reasons (see `converseStopReasons`).
 *
 * @param usageFromHeaders - used when the body carries no `usage`.
 */
export function convertFromConverseResponse(body: unknown, usageFromHeaders?: Usage): GenerateResult {
  const response = parseBedrockBody(converseResponseSchema, body, 'a Converse response');
  return {
    content: response.output.message.content.filter((part) => part !== undefined),
    stopReason: mapStopReason(converseStopReasons, response.stopReason),
    usage: response.usage ?? usageFromHeaders ?? { inputTokens: 0, outputTokens: 0 },
  };
}
