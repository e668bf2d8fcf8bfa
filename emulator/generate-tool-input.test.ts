import { describe, expect, it } from 'vitest';
import { generateToolInput } from './generate-tool-input.js';
import { createRandom } from './seeded-random.js';

describe('generateToolInput', () => {
  it('fills the required properties with values of their types and ranges', () => {
    // Prepare
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 12 },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
        ratio: { type: 'number', minimum: 0, maximum: 1 },
        detailed: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 3 },
        location: {
          type: 'object',
          properties: { lat: { type: 'number' }, when: { type: 'string', format: 'date' } },
          required: ['lat', 'when'],
        },
        optional: { type: 'string' },
      },
      required: ['city', 'unit', 'days', 'ratio', 'detailed', 'tags', 'location'],
    };

    // Act
    const input = generateToolInput(schema, createRandom(1));

    // Assess
    expect(Object.keys(input).sort()).toEqual([
      'city',
      'days',
      'detailed',
      'location',
      'ratio',
      'tags',
      'unit',
    ]);
    expect((input.city as string).length).toBeGreaterThanOrEqual(12);
    expect(['celsius', 'fahrenheit']).toContain(input.unit);
    expect(Number.isInteger(input.days)).toBe(true);
    expect(input.days).toBeGreaterThanOrEqual(1);
    expect(input.days).toBeLessThanOrEqual(7);
    expect(input.ratio).toBeGreaterThanOrEqual(0);
    expect(input.ratio).toBeLessThanOrEqual(1);
    expect(typeof input.detailed).toBe('boolean');
    expect((input.tags as string[]).length).toBeGreaterThanOrEqual(2);
    expect((input.tags as string[]).length).toBeLessThanOrEqual(3);
    expect(input.location).toEqual({ lat: expect.any(Number), when: '2024-01-01' });
  });

  it('fills every property when none is required', () => {
    // Act
    const input = generateToolInput(
      { properties: { a: { type: 'string' }, b: { const: 3 } } },
      createRandom(2),
    );

    // Assess
    expect(input).toEqual({ a: expect.any(String), b: 3 });
  });

  it('is deterministic for a seed', () => {
    // Prepare
    const schema = { type: 'object', properties: { n: { type: 'integer' }, s: { type: 'string' } } };

    // Act
    const first = generateToolInput(schema, createRandom(5));
    const second = generateToolInput(schema, createRandom(5));

    // Assess
    expect(second).toEqual(first);
  });

  it('returns an empty object for a schema that is not an object', () => {
    expect(generateToolInput(undefined, createRandom(1))).toEqual({});
    expect(generateToolInput({ type: 'string' }, createRandom(1))).toEqual({});
  });
});
