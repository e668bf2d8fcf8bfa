import { z } from 'zod';

/**
 * A string member with a Smithy `pattern` trait. Bedrock full-matches the pattern and words a failure with the
 * pattern verbatim, without anchors (bedrock-validation.md §18: `'Complete Session'` fails `[a-zA-Z0-9_-]+`).
 * Smithy checks the pattern before the length, so callers add length checks after this one.
 */
export function patternString(pattern: string) {
  const matcher = new RegExp(`^(?:${pattern})$`);
  return z.string().refine((value) => matcher.test(value), {
    message: `Member must satisfy regular expression pattern: ${pattern}`,
    abort: true,
  });
}
