/**
 * Keywords Claude's structured output refuses, by type ("For 'integer' type, properties maximum, minimum are not
 * supported", Anthropic's structured-outputs limits), plus `minItems` above 1.
 */
const UNSUPPORTED_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  number: ['exclusiveMaximum', 'exclusiveMinimum', 'maximum', 'minimum', 'multipleOf'],
  integer: ['exclusiveMaximum', 'exclusiveMinimum', 'maximum', 'minimum', 'multipleOf'],
  string: ['maxLength', 'minLength'],
  array: ['maxItems', 'uniqueItems'],
  object: ['maxProperties', 'minProperties'],
};

const NESTED_LISTS = ['anyOf', 'allOf', 'oneOf', 'prefixItems'] as const;
const NESTED_MAPS = ['properties', '$defs', 'definitions'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON schema as Claude's native structured output takes it, the way Anthropic's own SDK prepares one: the
 * constraints Claude refuses move into the description (the model still reads them, Bedrock no longer
 * refuses the schema), and every object closes with `additionalProperties: false`, which Claude requires.
 * Other models take the schema as the client sent it.
 */
export function adaptSchemaForClaude(schema: Record<string, unknown>): Record<string, unknown> {
  return adaptNode(schema) as Record<string, unknown>;
}

function adaptNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(adaptNode);
  if (!isRecord(node)) return node;
  const result: Record<string, unknown> = { ...node };
  const types = Array.isArray(node.type)
    ? node.type
    : [node.type ?? (isRecord(node.properties) ? 'object' : undefined)];
  const moved: string[] = [];
  for (const type of types) {
    if (typeof type !== 'string') continue;
    for (const keyword of UNSUPPORTED_KEYWORDS[type] ?? []) {
      if (keyword in result) {
        moved.push(`${keyword}: ${JSON.stringify(result[keyword])}`);
        delete result[keyword];
      }
    }
    if (type === 'array' && typeof result.minItems === 'number' && result.minItems > 1) {
      moved.push(`minItems: ${result.minItems}`);
      delete result.minItems;
    }
    if (type === 'object') result.additionalProperties = false;
  }
  if (moved.length > 0) {
    const description = typeof result.description === 'string' ? `${result.description} ` : '';
    result.description = `${description}(${moved.join(', ')})`;
  }
  for (const key of NESTED_MAPS) {
    if (isRecord(result[key])) {
      result[key] = Object.fromEntries(
        Object.entries(result[key] as Record<string, unknown>).map(([name, value]) => [
          name,
          adaptNode(value),
        ]),
      );
    }
  }
  for (const key of NESTED_LISTS) if (Array.isArray(result[key])) result[key] = adaptNode(result[key]);
  if (isRecord(result.items)) result.items = adaptNode(result.items);
  return result;
}
