import { pickElement, pickInteger, type RandomSource } from './seeded-random.js';
import { WORDS } from './word-list.js';

type Schema = Record<string, unknown>;

/** Deeper schemas are cut short: the generator exists to satisfy tests, not to explore recursive types. */
const MAX_DEPTH = 6;

/**
 * Generates tool-call arguments that fit a JSON schema: objects with their required properties (all
 * properties when none are required), strings, numbers, integers, booleans, enums, consts and arrays.
 * Deterministic for a given random source.
 */
export function generateToolInput(schema: unknown, random: RandomSource): Record<string, unknown> {
  const value = generateValue(asSchema(schema), random, 0);
  return isPlainObject(value) ? value : {};
}

function generateValue(schema: Schema, random: RandomSource, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pickElement(random, schema.enum);
  const branches = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (Array.isArray(branches) && branches.length > 0) {
    return generateValue(asSchema(branches[0]), random, depth + 1);
  }
  switch (readType(schema)) {
    case 'object':
      return generateObject(schema, random, depth);
    case 'array':
      return generateArray(schema, random, depth);
    case 'integer':
      return generateInteger(schema, random);
    case 'number':
      return generateNumber(schema, random);
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    default:
      return generateString(schema, random);
  }
}

function readType(schema: Schema): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((entry) => entry !== 'null') ?? 'null';
  return isPlainObject(schema.properties) ? 'object' : 'string';
}

function generateObject(schema: Schema, random: RandomSource, depth: number): Record<string, unknown> {
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required)
    ? schema.required.filter((key) => typeof key === 'string')
    : [];
  const keys = required.length > 0 ? required : Object.keys(properties);
  const result: Record<string, unknown> = {};
  for (const key of keys) result[key] = generateValue(asSchema(properties[key]), random, depth + 1);
  return result;
}

function generateArray(schema: Schema, random: RandomSource, depth: number): unknown[] {
  const minimum = readNumber(schema.minItems) ?? 1;
  const maximum = readNumber(schema.maxItems) ?? Math.max(minimum, 2);
  const length = pickInteger(random, minimum, Math.max(minimum, maximum));
  return Array.from({ length }, () => generateValue(asSchema(schema.items), random, depth + 1));
}

function readBounds(schema: Schema): { minimum: number; maximum: number } {
  const exclusiveMinimum = readNumber(schema.exclusiveMinimum);
  const exclusiveMaximum = readNumber(schema.exclusiveMaximum);
  const minimum = readNumber(schema.minimum) ?? (exclusiveMinimum === undefined ? 0 : exclusiveMinimum + 1);
  const maximum =
    readNumber(schema.maximum) ?? (exclusiveMaximum === undefined ? minimum + 100 : exclusiveMaximum - 1);
  return { minimum, maximum: Math.max(minimum, maximum) };
}

function generateInteger(schema: Schema, random: RandomSource): number {
  const { minimum, maximum } = readBounds(schema);
  return pickInteger(random, Math.ceil(minimum), Math.floor(maximum));
}

function generateNumber(schema: Schema, random: RandomSource): number {
  const { minimum, maximum } = readBounds(schema);
  return Math.round((minimum + random() * (maximum - minimum)) * 100) / 100;
}

const FORMATTED_STRINGS: Readonly<Record<string, string>> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00',
  email: 'emulated@example.com',
  uri: 'https://example.com/emulated',
  uuid: '00000000-0000-4000-8000-000000000000',
};

function generateString(schema: Schema, random: RandomSource): string {
  const formatted = typeof schema.format === 'string' ? FORMATTED_STRINGS[schema.format] : undefined;
  let text = formatted ?? pickElement(random, WORDS);
  const minimumLength = readNumber(schema.minLength) ?? 0;
  while (text.length < minimumLength) text += `-${pickElement(random, WORDS)}`;
  const maximumLength = readNumber(schema.maxLength);
  return maximumLength === undefined ? text : text.slice(0, maximumLength);
}

function readNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function asSchema(value: unknown): Schema {
  return isPlainObject(value) ? value : {};
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
