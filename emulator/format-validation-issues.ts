import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * Bedrock words validation failures in three ways, and the emulator copies each:
 * - `schema`: native InvokeModel bodies of most families are checked against a JSON schema, and the messages are
 *   the schema validator's, e.g. `Malformed input request: #: required key [inputText] not found, please reformat
 *   your input and try again.`
 * - `constraint`: the Converse API's own members, e.g. `1 validation error detected: Value '1.5' at
 *   'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1`.
 * - `anthropic`: Claude's native bodies, checked by Anthropic's validator and relayed bare, first problem only, e.g.
 *   `max_tokens: Field required` or `output_config.effort: Extra inputs are not permitted`
 *   (bedrock-validation.md §6, §15).
 */
export type ValidationStyle = 'schema' | 'constraint' | 'anthropic';

/** Formats zod issues found in `body` as the message of a Bedrock ValidationException. */
export function formatValidationIssues(
  issues: readonly Issue[],
  body: unknown,
  style: ValidationStyle,
): string {
  if (style === 'schema') {
    // The validator concatenates its violations with no separator (langgenius/dify#3326).
    const problems = issues.flatMap((issue) => describeSchemaIssue(issue, body));
    return `Malformed input request: ${problems.join('')}, please reformat your input and try again.`;
  }
  if (style === 'anthropic') return describeAnthropicIssue(issues[0] as Issue, body);
  const problems = issues.map((issue) => describeConstraintIssue(issue, body));
  const count = problems.length === 1 ? '1 validation error' : `${problems.length} validation errors`;
  return `${count} detected: ${problems.join('; ')}`;
}

function describeSchemaIssue(issue: Issue, body: unknown): string[] {
  const value = readAtPath(body, issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${toPointer(issue.path)}: extraneous key [${key}] is not permitted`);
  }
  if (value === undefined && issue.path.length > 0) {
    return [`${toPointer(issue.path.slice(0, -1))}: required key [${String(issue.path.at(-1))}] not found`];
  }
  switch (issue.code) {
    case 'invalid_type':
      return [
        `${toPointer(issue.path)}: expected type: ${toSchemaType(issue.expected)}, found: ${describeType(value)}`,
      ];
    case 'too_small':
      return [`${toPointer(issue.path)}: ${describeBound(value, issue.minimum, 'minimum')}`];
    case 'too_big':
      return [`${toPointer(issue.path)}: ${describeBound(value, issue.maximum, 'maximum')}`];
    case 'invalid_value':
      return [`${toPointer(issue.path)}: ${JSON.stringify(value)} is not a valid enum value`];
    case 'invalid_union':
      return [
        `${toPointer(issue.path)}: no subschema matched out of the total ${issue.errors.length} subschemas`,
      ];
    default:
      return [`${toPointer(issue.path)}: ${issue.message}`];
  }
}

/** Pydantic's wording, as Anthropic's API returns it: `{dotted.path}: {message}`. */
function describeAnthropicIssue(issue: Issue, body: unknown): string {
  const value = readAtPath(body, issue.path);
  if (issue.code === 'unrecognized_keys') {
    return `${toDottedPath([...issue.path, issue.keys[0] as string])}: Extra inputs are not permitted`;
  }
  const location = toDottedPath(issue.path);
  if (value === undefined && issue.path.length > 0) return `${location}: Field required`;
  switch (issue.code) {
    case 'invalid_type':
      return `${location}: Input should be a valid ${toPydanticType(issue.expected)}`;
    case 'too_small':
      return `${location}: ${describePydanticBound(value, issue.minimum, 'greater')}`;
    case 'too_big':
      return `${location}: ${describePydanticBound(value, issue.maximum, 'less')}`;
    case 'invalid_value': {
      const quoted = issue.values.map((allowed) =>
        typeof allowed === 'string' ? `'${allowed}'` : String(allowed),
      );
      const choices = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : quoted[0];
      return `${location}: Input should be ${choices}`;
    }
    default:
      return `${location}: ${issue.message}`;
  }
}

function describePydanticBound(value: unknown, bound: number | bigint, side: 'greater' | 'less'): string {
  if (Array.isArray(value)) {
    return side === 'greater'
      ? `List should have at least ${bound} item${bound === 1 ? '' : 's'} after validation, not ${value.length}`
      : `List should have at most ${bound} items after validation, not ${value.length}`;
  }
  if (typeof value === 'string') {
    return `String should have ${side === 'greater' ? 'at least' : 'at most'} ${bound} characters`;
  }
  return `Input should be ${side} than or equal to ${bound}`;
}

function toPydanticType(expected: string): string {
  const names: Record<string, string> = {
    string: 'string',
    number: 'number',
    int: 'integer',
    boolean: 'boolean',
    array: 'list',
    object: 'dictionary',
  };
  return names[expected] ?? expected;
}

/** `messages.0.content` (Anthropic counts from 0 and joins with dots) */
function toDottedPath(path: Path): string {
  return path.map(String).join('.');
}

function describeBound(value: unknown, bound: number | bigint, side: 'minimum' | 'maximum'): string {
  if (typeof value === 'number') {
    return `${value} is not ${side === 'minimum' ? 'greater' : 'less'} or equal to ${bound}`;
  }
  if (typeof value === 'string')
    return `expected ${side === 'minimum' ? 'minLength' : 'maxLength'}: ${bound}, actual: ${value.length}`;
  const count = Array.isArray(value) ? value.length : 0;
  return `expected ${side} item count: ${bound}, found: ${count}`;
}

function describeConstraintIssue(issue: Issue, body: unknown): string {
  const value = readAtPath(body, issue.path);
  const location = `at '${toMemberPath(issue.path)}'`;
  const shown =
    value === undefined ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  const constraint =
    issue.code === 'custom' ? issue.message : `Member must ${describeConstraint(issue, value)}`;
  return `Value ${shown} ${location} failed to satisfy constraint: ${constraint}`;
}

function describeConstraint(issue: Issue, value: unknown): string {
  if (value === undefined) return 'not be null';
  switch (issue.code) {
    case 'invalid_type':
      return `be of type ${issue.expected}`;
    case 'too_small':
      return typeof value === 'number'
        ? `have value greater than or equal to ${issue.minimum}`
        : `have length greater than or equal to ${issue.minimum}`;
    case 'too_big':
      return typeof value === 'number'
        ? `have value less than or equal to ${issue.maximum}`
        : `have length less than or equal to ${issue.maximum}`;
    case 'invalid_value':
      return `satisfy enum value set: [${issue.values.map(String).join(', ')}]`;
    case 'unrecognized_keys':
      return `not contain the unknown members [${issue.keys.join(', ')}]`;
    case 'invalid_union':
      return 'match one of the allowed shapes';
    default:
      return `be valid (${issue.message})`;
  }
}

/** `#/messages/0/content` */
function toPointer(path: Path): string {
  return path.length === 0 ? '#' : `#/${path.map(String).join('/')}`;
}

/** `messages.1.member.content` (AWS counts list members from 1) */
function toMemberPath(path: Path): string {
  return path
    .map((segment) => (typeof segment === 'number' ? `${segment + 1}.member` : String(segment)))
    .join('.');
}

function toSchemaType(expected: string): string {
  const names: Record<string, string> = {
    string: 'String',
    number: 'Number',
    int: 'Integer',
    boolean: 'Boolean',
    array: 'JSONArray',
    object: 'JSONObject',
  };
  return names[expected] ?? expected;
}

function describeType(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'JSONArray';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
  if (typeof value === 'object') return 'JSONObject';
  return toSchemaType(typeof value);
}

function readAtPath(body: unknown, path: Path): unknown {
  let current = body;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
