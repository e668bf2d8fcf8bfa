import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateJsonValue, generateToolInput } from './generate-tool-input.js';
import { createRandom } from './seeded-random.js';

/*
 * The JSON the emulated model answers with validates against the schema it was given: checked by Ajv (draft-07
 * and 2020-12, with ajv-formats), over many seeds per schema.
 */

const addFormats = addFormatsImport as unknown as (ajv: Ajv | Ajv2020) => void;
const draft07 = new Ajv({ strict: false, allErrors: true });
const draft2020 = new Ajv2020({ strict: false, allErrors: true });
addFormats(draft07);
addFormats(draft2020);

const SEEDS = Array.from({ length: 25 }, (_, index) => index + 1);

const SCHEMAS: Array<[string, Record<string, unknown>]> = [
  [
    'an object of every scalar type, required and optional',
    {
      type: 'object',
      properties: {
        name: { type: 'string' },
        age: { type: 'integer' },
        score: { type: 'number' },
        active: { type: 'boolean' },
        nothing: { type: 'null' },
      },
      required: ['name', 'age'],
      additionalProperties: false,
    },
  ],
  [
    'enums, consts and nullable types',
    {
      type: 'object',
      properties: {
        unit: { enum: ['celsius', 'fahrenheit'] },
        version: { const: 2 },
        note: { type: ['string', 'null'] },
      },
      required: ['unit', 'version', 'note'],
      additionalProperties: false,
    },
  ],
  [
    'arrays with minItems, maxItems and uniqueItems',
    {
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string' }, minItems: 3, maxItems: 5, uniqueItems: true },
        flags: { type: 'array', items: { enum: ['a', 'b', 'c'] }, minItems: 2, uniqueItems: true },
        empty: { type: 'array', items: { type: 'integer' }, maxItems: 0 },
      },
      required: ['tags', 'flags', 'empty'],
    },
  ],
  [
    'nested objects and arrays of objects',
    {
      type: 'object',
      properties: {
        invoice: {
          type: 'object',
          properties: {
            lines: {
              type: 'array',
              items: {
                type: 'object',
                properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } },
                required: ['sku', 'quantity'],
                additionalProperties: false,
              },
              minItems: 1,
            },
            total: { type: 'number', minimum: 0 },
          },
          required: ['lines', 'total'],
          additionalProperties: false,
        },
      },
      required: ['invoice'],
      additionalProperties: false,
    },
  ],
  [
    'anyOf, oneOf and allOf',
    {
      type: 'object',
      properties: {
        either: { anyOf: [{ type: 'string', format: 'email' }, { type: 'integer' }] },
        one: { oneOf: [{ type: 'boolean' }, { type: 'string', maxLength: 0 }] },
        both: {
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
            { properties: { b: { type: 'number' } }, required: ['b'] },
          ],
        },
      },
      required: ['either', 'one', 'both'],
    },
  ],
  [
    'numeric bounds, exclusive bounds and multipleOf',
    {
      type: 'object',
      properties: {
        percent: { type: 'number', minimum: 0, maximum: 1 },
        positive: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.5 },
        even: { type: 'integer', multipleOf: 2, minimum: 10, maximum: 20 },
        step: { type: 'number', multipleOf: 0.25, minimum: 1, maximum: 2 },
        negative: { type: 'integer', maximum: -5 },
      },
      required: ['percent', 'positive', 'even', 'step', 'negative'],
    },
  ],
  [
    'string formats and lengths',
    {
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date' },
        time: { type: 'string', format: 'time' },
        email: { type: 'string', format: 'email' },
        link: { type: 'string', format: 'uri' },
        id: { type: 'string', format: 'uuid' },
        host: { type: 'string', format: 'hostname' },
        ipv4: { type: 'string', format: 'ipv4' },
        ipv6: { type: 'string', format: 'ipv6' },
        long: { type: 'string', minLength: 40 },
        short: { type: 'string', maxLength: 3 },
      },
      required: ['when', 'day', 'time', 'email', 'link', 'id', 'host', 'ipv4', 'ipv6', 'long', 'short'],
    },
  ],
  [
    'simple patterns',
    {
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
        slug: { type: 'string', pattern: '^[a-z]+(-[a-z]+)*$' },
        choice: { type: 'string', pattern: '^(yes|no)$' },
      },
      required: ['code', 'slug', 'choice'],
    },
  ],
  [
    'local references and definitions, recursion included',
    {
      type: 'object',
      $defs: {
        node: {
          type: 'object',
          properties: {
            label: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/$defs/node' } },
          },
          required: ['label', 'children'],
          additionalProperties: false,
        },
      },
      properties: { root: { $ref: '#/$defs/node' } },
      required: ['root'],
      additionalProperties: false,
    },
  ],
  [
    'minProperties with additional properties of a schema',
    {
      type: 'object',
      additionalProperties: { type: 'integer' },
      minProperties: 2,
    },
  ],
  [
    'a tuple (prefixItems)',
    {
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }],
      items: false,
      minItems: 3,
    },
  ],
  ['a bare top-level string', { type: 'string', enum: ['only'] }],
  [
    "zod's JSON schema of a typical structured answer (safe-integer bounds, nullable, enum arrays)",
    z.toJSONSchema(
      z.object({
        name: z.string().min(2),
        age: z.number().int().nonnegative(),
        email: z.email().nullable(),
        languages: z.array(z.enum(['en', 'fr', 'de'])).min(1),
        address: z.object({ city: z.string(), zip: z.string().regex(/^\d{5}$/) }).optional(),
        kind: z.discriminatedUnion('type', [
          z.object({ type: z.literal('person'), born: z.iso.date() }),
          z.object({ type: z.literal('company'), founded: z.number().int() }),
        ]),
      }),
      { target: 'draft-7' },
    ) as Record<string, unknown>,
  ],
];

describe('generateJsonValue', () => {
  it.each(SCHEMAS)('generates JSON that validates: %s', (_name, schema) => {
    // Prepare
    const validator = ('prefixItems' in schema ? draft2020 : draft07).compile(schema);

    // Act
    const values = SEEDS.map((seed) => generateJsonValue(schema, createRandom(seed)));

    // Assess
    for (const value of values) {
      const valid = validator(value);
      expect(valid, `${JSON.stringify(value)}: ${JSON.stringify(validator.errors)}`).toBe(true);
    }
  });

  it('validates draft 4 exclusive bounds, given as booleans', () => {
    // Prepare
    const schema = { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true };

    // Act
    const values = SEEDS.map((seed) => generateJsonValue(schema, createRandom(seed)) as number);

    // Assess
    expect(values.every((value) => value > 0 && value < 1)).toBe(true);
  });

  it('fills every declared property of an answer, but only the required arguments of a tool call', () => {
    // Prepare
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      required: ['a'],
    };

    // Act
    const answer = generateJsonValue(schema, createRandom(1));
    const toolInput = generateToolInput(schema, createRandom(1));

    // Assess
    expect(Object.keys(answer as object)).toEqual(['a', 'b']);
    expect(Object.keys(toolInput)).toEqual(['a']);
  });

  it('is deterministic for a seed', () => {
    const schema = SCHEMAS[3]![1];
    expect(generateJsonValue(schema, createRandom(9))).toEqual(generateJsonValue(schema, createRandom(9)));
  });
});
