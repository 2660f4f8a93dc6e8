// The placeholders openApiResponses shows for a problem's members when neither the user nor the schema gives an
// example: each must be a value the schema accepts, or none at all.
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { exampleFromSchema } from '../src/schema/example-members.js';
import type { JsonSchema } from '../src/schema/error-schema.js';

const ajv = formats.default(new Ajv2020({ strict: false }));

describe('exampleFromSchema', () => {
  it.each<[string, JsonSchema, unknown]>([
    ['the first of examples', { type: 'number', examples: [7, 8] }, 7],
    ['default', { type: 'string', default: 'eu-west' }, 'eu-west'],
    ['const', { const: 'fixed' }, 'fixed'],
    ['the first enum value', { enum: ['gold', 'silver'] }, 'gold'],
    ['0 when the bounds allow it (zod .int() bounds)', { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 }, 0],
    ['the lower bound above 0', { type: 'number', minimum: 3 }, 3],
    ['an exclusive lower bound plus one', { type: 'integer', exclusiveMinimum: 10 }, 11],
    ['the upper bound below 0', { type: 'number', maximum: -2 }, -2],
    ['a multiple of multipleOf', { type: 'integer', minimum: 5, multipleOf: 4 }, 8],
    ["'string' padded to minLength", { type: 'string', minLength: 9 }, 'stringxxx'],
    ["'string' cut to maxLength", { type: 'string', maxLength: 3 }, 'str'],
    ['a known format', { type: 'string', format: 'email' }, 'user@example.com'],
    ['a known format that meets the pattern beside it', { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, '2026-01-01'],
    ['the first type that is not null', { type: ['null', 'boolean'] }, false],
    ['null', { type: 'null' }, null],
    ['one item per array', { type: 'array', items: { type: 'string' } }, ['string']],
    ['minItems items', { type: 'array', minItems: 2, items: { type: 'integer' } }, [0, 0]],
    ['an empty array when maxItems is 0', { type: 'array', maxItems: 0, items: { type: 'string' } }, []],
    ['the first anyOf branch that can be made', { anyOf: [{ type: 'string', pattern: '^x+$' }, { type: 'integer' }] }, 0],
    [
      'required properties, and optional ones only with an example',
      { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, note: { type: 'string' }, tier: { type: 'string', examples: ['gold'] } } },
      { id: 0, tier: 'gold' },
    ],
  ])('gives %s', (_what, schema, expected) => {
    expect(exampleFromSchema(schema)).toEqual({ value: expected });
    expect(ajv.validate(schema, expected), ajv.errorsText()).toBe(true);
  });

  it.each<[string, JsonSchema]>([
    ['a pattern the placeholder fails', { type: 'string', pattern: '^R-\\d+$' }],
    ['an unknown format', { type: 'string', format: 'iban' }],
    ['a $ref', { $ref: '#/$defs/Node' }],
    ['allOf', { allOf: [{ type: 'string' }, { minLength: 2 }] }],
    ['bounds with no integer between them', { type: 'integer', minimum: 1.2, maximum: 1.8 }],
    ['a maxLength below minLength', { type: 'string', minLength: 4, maxLength: 2 }],
    ['a required property it cannot make', { type: 'object', required: ['ref'], properties: { ref: { type: 'string', pattern: '^R-\\d+$' } } }],
    ['a required property the schema does not list', { type: 'object', required: ['ghost'], properties: {} }],
    ['a schema with no type', { description: 'anything' }],
  ])('gives nothing for %s', (_what, schema) => {
    expect(exampleFromSchema(schema)).toBeUndefined();
  });

  it('stops at a depth instead of following a schema without end', () => {
    let schema: JsonSchema = { type: 'string' };
    for (let depth = 0; depth < 20; depth++) schema = { type: 'object', required: ['next'], properties: { next: schema } };
    expect(exampleFromSchema(schema)).toBeUndefined();
  });
});
