import type { z } from 'zod';
import { createValidationError } from './errors.js';
import { formatValidationIssues, type ValidationStyle } from './format-validation-issues.js';

/** Parses a request body as JSON, turning a syntax error into Bedrock's ValidationException. */
export function parseJsonBody(raw: Uint8Array | string): unknown {
  const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw createValidationError(
      `Malformed input request: the body is not valid JSON (${reason}), please reformat your input and try again.`,
    );
  }
}

/** Validates a parsed body against a schema, throwing a ValidationException worded in Bedrock's style. */
export function validateBody<Schema extends z.ZodType>(
  schema: Schema,
  body: unknown,
  style: ValidationStyle,
): z.output<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw createValidationError(formatValidationIssues(result.error.issues, body, style));
}
