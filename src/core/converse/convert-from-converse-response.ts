import { z } from 'zod';
import { mapStopReason } from '../codecs/map-stop-reason.js';
import { parseBedrockBody } from '../codecs/parse-bedrock-body.js';
import type { TextPart, ToolCallPart } from '../generate-request.js';
import type { GenerateResult, Usage } from '../generate-result.js';
import { converseStopReasons } from './converse-stop-reasons.js';

const KNOWN_BLOCK_KEYS = ['text', 'toolUse'];

/** Text and tool use become canonical parts; other blocks (reasoning, images, citations) are skipped. */
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
    .looseObject({})
    .refine((block) => !KNOWN_BLOCK_KEYS.some((key) => key in block))
    .transform(() => undefined),
]);

const converseResponseSchema = z.object({
  output: z.object({
    message: z.object({ content: z.array(contentBlockSchema) }),
  }),
  stopReason: z.string().nullish(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).optional(),
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
    usage: response.usage
      ? { inputTokens: response.usage.inputTokens, outputTokens: response.usage.outputTokens }
      : (usageFromHeaders ?? { inputTokens: 0, outputTokens: 0 }),
  };
}
