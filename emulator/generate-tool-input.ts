import { pickElement, pickInteger, type RandomSource } from './seeded-random.js';
import { WORDS } from './word-list.js';

type Schema = Record<string, unknown>;

/** Deeper schemas are cut short: past it, objects get their required properties only and arrays their minimum. */
const MAX_DEPTH = 6;
/** `$ref`s followed in a row before a schema is treated as any value: recursive schemas end. */
const MAX_REFERENCES = 32;

/** Which properties of an object the generator fills. */
export interface GenerationOptions {
  /**
   * `required`: the required ones (all of them when none is required), as a model calling a tool does;
   * `all`: every declared property, as a structured answer does.
   */
  properties: 'required' | 'all';
}

/**
 * Generates tool-call arguments that fit a JSON schema: objects with their required properties (all
 * properties when none are required). Deterministic for a given random source. See generateJsonValue.
 */
export function generateToolInput(schema: unknown, random: RandomSource): Record<string, unknown> {
  const value = generateJsonValue(schema, random, { properties: 'required' });
  return isPlainObject(value) ? value : {};
}

/**
 * Generates a JSON value that validates against a JSON schema (drafts 4 to 2020-12), deterministically for a given
 * random source: types and type lists, `const`, `enum`, `anyOf`/`oneOf` (the first branch), `allOf` (merged),
 * local `$ref`s (`#/$defs/...`, `#/definitions/...`), objects (`properties`, `required`, `additionalProperties`,
 * `minProperties`), arrays (`items`, `prefixItems`, tuple `items`, `minItems`, `maxItems`, `uniqueItems`),
 * numbers (`minimum`, `maximum`, exclusive bounds in both drafts' forms, `multipleOf`), strings (`minLength`,
 * `maxLength`, the common `format`s and simple `pattern`s). `not`, `if`/`then`/`else` and `contains` are not
 * understood.
 */
export function generateJsonValue(
  schema: unknown,
  random: RandomSource,
  options: GenerationOptions = { properties: 'all' },
): unknown {
  const context: GenerationContext = { root: asSchema(schema), random, options };
  return generateValue(context, asSchema(schema), 0);
}

interface GenerationContext {
  root: Schema;
  random: RandomSource;
  options: GenerationOptions;
}

function generateValue(context: GenerationContext, raw: Schema, depth: number): unknown {
  const schema = normalize(context, raw);
  if (schema === undefined) return null;
  const { random } = context;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pickElement(random, schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches) && branches.length > 0) {
    const { anyOf: _anyOf, oneOf: _oneOf, ...base } = schema;
    const branch = depth > MAX_DEPTH ? chooseShallowBranch(context, branches) : branches[0];
    return generateValue(context, mergeSchemas(base, asSchema(branch)), depth + 1);
  }
  switch (readType(schema)) {
    case 'object':
      return generateObject(context, schema, depth);
    case 'array':
      return generateArray(context, schema, depth);
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

/** Resolves `$ref`s and merges `allOf`, so the rest of the generator sees one plain schema. */
function normalize(context: GenerationContext, raw: Schema): Schema | undefined {
  let schema = raw;
  for (let references = 0; typeof schema.$ref === 'string'; references++) {
    if (references >= MAX_REFERENCES) return undefined;
    const { $ref, ...siblings } = schema;
    schema = mergeSchemas(resolveReference(context.root, $ref as string), siblings);
  }
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...base } = schema;
    schema = allOf.reduce<Schema>(
      (merged, part) => mergeSchemas(merged, normalize(context, asSchema(part)) ?? {}),
      base,
    );
  }
  return schema;
}

/** A local JSON pointer (`#/$defs/Name`); an unknown or remote one is any value. */
function resolveReference(root: Schema, reference: string): Schema {
  if (!reference.startsWith('#')) return {};
  const segments = reference
    .slice(1)
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~'));
  let current: unknown = root;
  for (const segment of segments) current = isPlainObject(current) ? current[segment] : undefined;
  return asSchema(current);
}

/** Both schemas' constraints: properties merged, required lists joined, the rest from the later one. */
function mergeSchemas(first: Schema, second: Schema): Schema {
  const merged: Schema = { ...first, ...second };
  if (isPlainObject(first.properties) && isPlainObject(second.properties)) {
    merged.properties = { ...first.properties, ...second.properties };
  }
  if (Array.isArray(first.required) && Array.isArray(second.required)) {
    merged.required = [...new Set([...first.required, ...second.required])];
  }
  if (first.type !== undefined && second.type === undefined) merged.type = first.type;
  return merged;
}

/** Past the depth limit, a branch that does not recurse: a scalar or null first. */
function chooseShallowBranch(context: GenerationContext, branches: unknown[]): unknown {
  const scalar = branches.find((branch) => {
    const type = readType(normalize(context, asSchema(branch)) ?? {});
    return type !== 'object' && type !== 'array';
  });
  return scalar ?? branches[0];
}

function readType(schema: Schema): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((entry) => entry !== 'null') ?? 'null';
  if (
    isPlainObject(schema.properties) ||
    Array.isArray(schema.required) ||
    'additionalProperties' in schema
  ) {
    return 'object';
  }
  if ('items' in schema || 'prefixItems' in schema || 'minItems' in schema) return 'array';
  if ('minimum' in schema || 'maximum' in schema || 'multipleOf' in schema) return 'number';
  return 'string';
}

function generateObject(context: GenerationContext, schema: Schema, depth: number): Record<string, unknown> {
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required)
    ? schema.required.filter((key): key is string => typeof key === 'string')
    : [];
  const declared = Object.keys(properties);
  const everything = context.options.properties === 'all' && depth <= MAX_DEPTH;
  const keys = everything
    ? [...new Set([...declared, ...required])]
    : required.length > 0
      ? required
      : depth <= MAX_DEPTH
        ? declared
        : [];
  const extra = isPlainObject(schema.additionalProperties) ? schema.additionalProperties : {};
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const propertySchema = key in properties ? asSchema(properties[key]) : extra;
    result[key] = generateValue(context, propertySchema, depth + 1);
  }
  const minimum = readNumber(schema.minProperties) ?? 0;
  for (let index = 0; Object.keys(result).length < minimum; index++) {
    const key = declared.find((name) => !(name in result)) ?? `property_${index}`;
    result[key] = generateValue(context, key in properties ? asSchema(properties[key]) : extra, depth + 1);
  }
  return result;
}

function generateArray(context: GenerationContext, schema: Schema, depth: number): unknown[] {
  const tuple = Array.isArray(schema.prefixItems)
    ? schema.prefixItems
    : Array.isArray(schema.items)
      ? schema.items
      : [];
  const rest = Array.isArray(schema.items) ? asSchema(schema.additionalItems) : asSchema(schema.items);
  const maxItems = readNumber(schema.maxItems);
  const preferred = depth > MAX_DEPTH ? 0 : Math.max(1, tuple.length);
  const minimum = readNumber(schema.minItems) ?? Math.min(preferred, maxItems ?? preferred);
  const maximum = maxItems ?? Math.max(minimum, tuple.length, 2);
  const length =
    depth > MAX_DEPTH ? minimum : pickInteger(context.random, minimum, Math.max(minimum, maximum));
  const unique = schema.uniqueItems === true;
  const values: unknown[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < length; index++) {
    const itemSchema = index < tuple.length ? asSchema(tuple[index]) : rest;
    let value = generateValue(context, itemSchema, depth + 1);
    for (let attempt = 0; unique && seen.has(JSON.stringify(value)) && attempt < 16; attempt++) {
      value = generateValue(context, itemSchema, depth + 1);
    }
    if (unique && seen.has(JSON.stringify(value))) break;
    seen.add(JSON.stringify(value));
    values.push(value);
  }
  return values;
}

/** Bounds in both drafts' notations: draft 4's boolean `exclusiveMinimum`, draft 6's numeric one. */
function readBounds(schema: Schema): {
  minimum: number;
  maximum: number;
  minimumOpen: boolean;
  maximumOpen: boolean;
} {
  const lower = readNumber(schema.exclusiveMinimum) ?? readNumber(schema.minimum);
  const upper = readNumber(schema.exclusiveMaximum) ?? readNumber(schema.maximum);
  const minimumOpen = readNumber(schema.exclusiveMinimum) !== undefined || schema.exclusiveMinimum === true;
  const maximumOpen = readNumber(schema.exclusiveMaximum) !== undefined || schema.exclusiveMaximum === true;
  const minimum = lower ?? (upper === undefined ? 0 : Math.min(0, upper - 100));
  const maximum = upper ?? minimum + 100;
  return { minimum, maximum: Math.max(minimum, maximum), minimumOpen, maximumOpen };
}

function generateInteger(schema: Schema, random: RandomSource): number {
  const bounds = readBounds(schema);
  const step = readNumber(schema.multipleOf) ?? 1;
  const low = bounds.minimumOpen ? Math.floor(bounds.minimum / step) + 1 : Math.ceil(bounds.minimum / step);
  const high = bounds.maximumOpen ? Math.ceil(bounds.maximum / step) - 1 : Math.floor(bounds.maximum / step);
  const value = pickInteger(random, low, Math.max(low, high)) * step;
  return Number.isInteger(value) ? value : Math.round(value);
}

function generateNumber(schema: Schema, random: RandomSource): number {
  const bounds = readBounds(schema);
  const step = readNumber(schema.multipleOf);
  if (step !== undefined) {
    const low = bounds.minimumOpen ? Math.floor(bounds.minimum / step) + 1 : Math.ceil(bounds.minimum / step);
    const high = bounds.maximumOpen
      ? Math.ceil(bounds.maximum / step) - 1
      : Math.floor(bounds.maximum / step);
    return Number((pickInteger(random, low, Math.max(low, high)) * step).toPrecision(12));
  }
  const span = bounds.maximum - bounds.minimum;
  const rounded = Math.round((bounds.minimum + random() * span) * 100) / 100;
  const inside = (value: number) =>
    (bounds.minimumOpen ? value > bounds.minimum : value >= bounds.minimum) &&
    (bounds.maximumOpen ? value < bounds.maximum : value <= bounds.maximum);
  return inside(rounded) ? rounded : bounds.minimum + span / 2;
}

const FORMATTED_STRINGS: Readonly<Record<string, string>> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  duration: 'P1D',
  email: 'emulated@example.com',
  'idn-email': 'emulated@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/emulated',
  'uri-reference': 'https://example.com/emulated',
  iri: 'https://example.com/emulated',
  'iri-reference': 'https://example.com/emulated',
  'uri-template': 'https://example.com/{id}',
  uuid: '00000000-0000-4000-8000-000000000000',
  'json-pointer': '/emulated',
  'relative-json-pointer': '0/emulated',
  regex: '^emulated$',
  byte: 'ZW11bGF0ZWQ=',
};

function generateString(schema: Schema, random: RandomSource): string {
  const formatted = typeof schema.format === 'string' ? FORMATTED_STRINGS[schema.format] : undefined;
  if (formatted !== undefined) return formatted;
  const minimumLength = readNumber(schema.minLength) ?? 0;
  const maximumLength = readNumber(schema.maxLength);
  if (typeof schema.pattern === 'string') {
    const matching = generateFromPattern(schema.pattern, random, minimumLength, maximumLength);
    if (matching !== undefined) return matching;
  }
  let text = pickElement(random, WORDS);
  while (text.length < minimumLength) text += `-${pickElement(random, WORDS)}`;
  return maximumLength === undefined ? text : text.slice(0, maximumLength);
}

/**
 * A string matching a simple regular expression: literals, escapes (`\d`, `\w`, `\s`, `\.`), classes with ranges,
 * groups with alternatives (the first), and the quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` (their least
 * count, at least one for `+`). Undefined when the pattern uses more, or the result fails the pattern or the
 * length bounds, so the caller falls back to a word.
 */
function generateFromPattern(
  pattern: string,
  random: RandomSource,
  minimumLength: number,
  maximumLength: number | undefined,
): string | undefined {
  let matcher: RegExp;
  try {
    matcher = new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
  const parser = new PatternParser(pattern, random);
  const text = parser.parseAlternatives();
  if (text === undefined || !parser.done) return undefined;
  let padded = text;
  // Stretching works only for patterns that admit it; the final test decides.
  while (padded.length < minimumLength && matcher.test(`${padded}a`)) padded += 'a';
  const fits =
    padded.length >= minimumLength && (maximumLength === undefined || padded.length <= maximumLength);
  return fits && matcher.test(padded) ? padded : undefined;
}

class PatternParser {
  #index = 0;
  readonly #pattern: string;
  readonly #random: RandomSource;

  constructor(pattern: string, random: RandomSource) {
    this.#pattern = pattern;
    this.#random = random;
  }

  get done(): boolean {
    return this.#index >= this.#pattern.length;
  }

  parseAlternatives(): string | undefined {
    const first = this.#parseSequence();
    while (this.#peek() === '|') {
      this.#index++;
      if (this.#parseSequence() === undefined) return undefined;
    }
    return first;
  }

  #parseSequence(): string | undefined {
    let text = '';
    while (!this.done && this.#peek() !== '|' && this.#peek() !== ')') {
      const atom = this.#parseAtom();
      if (atom === undefined) return undefined;
      const count = this.#parseQuantifier();
      if (count === undefined) return undefined;
      for (let repeat = 0; repeat < count; repeat++) text += atom();
    }
    return text;
  }

  /** An atom as a producer, so a quantified class yields varied characters. */
  #parseAtom(): (() => string) | undefined {
    const character = this.#pattern[this.#index++] as string;
    switch (character) {
      case '^':
      case '$':
        return () => '';
      case '.':
        return () => pickElement(this.#random, [...'abcdefghijklmnopqrstuvwxyz']);
      case '(': {
        if (this.#pattern.startsWith('?:', this.#index)) this.#index += 2;
        const inner = this.parseAlternatives();
        if (inner === undefined || this.#pattern[this.#index++] !== ')') return undefined;
        return () => inner;
      }
      case '[':
        return this.#parseClass();
      case '\\':
        return this.#parseEscape();
      case '*':
      case '+':
      case '?':
      case '{':
        return undefined;
      default:
        return () => character;
    }
  }

  #parseEscape(): (() => string) | undefined {
    const escaped = this.#pattern[this.#index++];
    if (escaped === undefined) return undefined;
    const sets: Record<string, string> = {
      d: '0123456789',
      w: 'abcdefghijklmnopqrstuvwxyz0123456789_',
      s: ' ',
    };
    const set = sets[escaped];
    if (set) return () => pickElement(this.#random, [...set]);
    if (/[a-zA-Z0-9]/.test(escaped)) return undefined;
    return () => escaped;
  }

  #parseClass(): (() => string) | undefined {
    if (this.#peek() === '^') return undefined;
    const members: string[] = [];
    while (!this.done && this.#peek() !== ']') {
      let start = this.#pattern[this.#index++] as string;
      if (start === '\\') {
        const escaped = this.#parseEscape();
        if (escaped === undefined) return undefined;
        start = escaped();
      }
      if (this.#peek() === '-' && this.#pattern[this.#index + 1] !== ']') {
        this.#index++;
        const end = this.#pattern[this.#index++] as string;
        for (let code = start.charCodeAt(0); code <= end.charCodeAt(0); code++) {
          members.push(String.fromCharCode(code));
        }
      } else {
        members.push(start);
      }
    }
    if (this.#pattern[this.#index++] !== ']' || members.length === 0) return undefined;
    return () => pickElement(this.#random, members);
  }

  #parseQuantifier(): number | undefined {
    const next = this.#peek();
    if (next === '?' || next === '*') {
      this.#index++;
      return 0;
    }
    if (next === '+') {
      this.#index++;
      return 1;
    }
    if (next === '{') {
      const match = /^\{(\d+)(,\d*)?\}/.exec(this.#pattern.slice(this.#index));
      if (!match) return undefined;
      this.#index += match[0].length;
      return Number(match[1]);
    }
    return 1;
  }

  #peek(): string | undefined {
    return this.#pattern[this.#index];
  }
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
