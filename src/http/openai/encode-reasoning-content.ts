import { z } from 'zod';
import { InvalidRequestError } from '../../core/errors.js';
import type { ReasoningPart, RedactedReasoningPart } from '../../core/generate-request.js';

/**
 * A reasoning item's `encrypted_content`, as the gateway defines it. OpenAI's is the model's reasoning,
 * encrypted, for stateless clients to send back ("reasoning.encrypted_content: Includes an encrypted version of
 * reasoning tokens in reasoning item outputs. This enables reasoning items to be used in multi-turn
 * conversations when using the Responses API statelessly", openai SDK 6.x `ResponseCreateParamsBase.include`).
 * Bedrock's counterpart is the block itself: Claude's thinking with its signature, which Bedrock needs back
 * unchanged in a tool loop, or its redacted thinking.
 *
 * So the content is the whole block, text and signature, as base64url JSON behind a version prefix. It is not
 * encrypted: it holds the same text as the item's summary. Claude's signature is what protects it, and Bedrock
 * refuses a block whose text or signature was changed. Keeping the text in it means the block goes back
 * exactly as it came, whatever a client does to the summary.
 */

const PREFIX = 'bgw-reasoning-1.';

const blockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('reasoning'), text: z.string(), signature: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal('redacted'), data: z.string().min(1) }),
]);

/** A reasoning block as the `encrypted_content` of its reasoning item. */
export function encodeReasoningContent(part: ReasoningPart | RedactedReasoningPart): string {
  const block: z.input<typeof blockSchema> =
    part.type === 'redacted-reasoning'
      ? { type: 'redacted', data: part.data }
      : {
          type: 'reasoning',
          text: part.text,
          ...(part.signature === undefined ? {} : { signature: part.signature }),
        };
  return PREFIX + Buffer.from(JSON.stringify(block), 'utf8').toString('base64url');
}

/**
 * The block an `encrypted_content` holds, or a 400 naming `param` when it is none the gateway wrote (OpenAI's
 * own encrypted reasoning cannot be read by any other model).
 */
export function decodeReasoningContent(
  content: string,
  param: string,
): ReasoningPart | RedactedReasoningPart {
  const invalid = () =>
    new InvalidRequestError(
      'invalid_reasoning_content',
      `${param} is not reasoning content this gateway returned: send back the reasoning item as it came, or leave it out.`,
      { param },
    );
  if (!content.startsWith(PREFIX)) throw invalid();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(content.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = blockSchema.safeParse(json);
  if (!parsed.success) throw invalid();
  const block = parsed.data;
  if (block.type === 'redacted') return { type: 'redacted-reasoning', data: block.data };
  return {
    type: 'reasoning',
    text: block.text,
    ...(block.signature === undefined ? {} : { signature: block.signature }),
  };
}
