import type { z } from 'zod';
import { UpstreamError } from '../errors.js';

/**
 * Parses something Bedrock sent back with a lenient schema. A value that does not fit is Bedrock's fault,
 * not the client's: it becomes a 502 whose message names what was malformed, never the upstream content.
 *
 * @param description - what was parsed, for the message, e.g. `"an anthropic response body"`.
 */
export function parseBedrockBody<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  description: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new UpstreamError(
      502,
      'upstream_malformed_response',
      `Bedrock returned ${description} that does not have the expected shape.`,
      { cause: result.error },
    );
  }
  return result.data;
}
