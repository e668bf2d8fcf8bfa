import type { Context } from 'hono';
import type { z } from 'zod';
import { InvalidRequestError } from '../core/errors.js';

/**
 * The issue a client should hear about. A union (`string | parts[]`, items told apart by `type`) that fails
 * reports every branch; when all but one branch failed on the value's type alone, the one that got further says
 * what is wrong, at its full path.
 */
function findSpecificIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const branches = issue.errors
    .map((branch) => branch[0])
    .filter((first) => first !== undefined && !(first.code === 'invalid_type' && first.path.length === 0));
  const [only] = branches;
  if (branches.length !== 1 || !only) return issue;
  const specific = findSpecificIssue(only);
  return { ...specific, path: [...issue.path, ...specific.path] };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  if (issue.code === 'unrecognized_keys') {
    return `${field === 'body' ? 'the body' : field} has unknown field(s): ${issue.keys.join(', ')}`;
  }
  return `${field}: ${issue.message}`;
}

/**
 * Reads the body as JSON, whatever the content type (the seeds' curl sends `-d` as form-encoded), and
 * validates it. Malformed JSON and schema failures are 400s whose message names the field.
 */
export async function readJsonBody<Schema extends z.ZodType>(
  c: Context,
  schema: Schema,
): Promise<z.output<Schema>> {
  const text = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidRequestError('invalid_json', 'The request body is not valid JSON.');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const first = findSpecificIssue(result.error.issues[0]!);
    const param = first.path.length > 0 ? first.path.join('.') : undefined;
    // A schema may name a more precise code for its own checks, e.g. `missing_prompt`.
    const code =
      first.code === 'custom' && typeof first.params?.code === 'string' ? first.params.code : 'invalid_body';
    throw new InvalidRequestError(code, `Invalid request: ${describeIssue(first)}.`, param ? { param } : {});
  }
  return result.data;
}
