import { describe, expect, it } from 'vitest';
import { adaptSchemaForClaude } from './adapt-schema-for-claude.js';

describe('adaptSchemaForClaude', () => {
  it('moves the bounds Claude refuses into descriptions and closes every object', () => {
    // Act: a zod-like schema with an integer, a bounded string and a nested object
    const adapted = adaptSchemaForClaude({
      type: 'object',
      properties: {
        age: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
        name: { type: 'string', minLength: 1, description: 'Full name' },
        tags: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string' } } },
          minItems: 2,
        },
      },
      required: ['age', 'name', 'tags'],
    });

    // Assess
    expect(adapted).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        age: { type: 'integer', description: '(maximum: 9007199254740991, minimum: -9007199254740991)' },
        name: { type: 'string', description: 'Full name (minLength: 1)' },
        tags: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, properties: { id: { type: 'string' } } },
          description: '(minItems: 2)',
        },
      },
      required: ['age', 'name', 'tags'],
    });
  });

  it('leaves a schema Claude takes as it is', () => {
    const schema = { type: 'object', additionalProperties: false, properties: { ok: { type: 'boolean' } } };
    expect(adaptSchemaForClaude(schema)).toEqual(schema);
  });
});
