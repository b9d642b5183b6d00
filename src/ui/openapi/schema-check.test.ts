import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkSchema, type Schema } from './schema-check.js';

const definitions: Record<string, Schema> = {
  Item: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 5 },
      size: { type: 'integer', minimum: 0 },
    },
    additionalProperties: false,
  },
};
const list: Schema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', items: { $ref: '#/components/schemas/Item' }, maxItems: 2 },
    at: { type: 'string', format: 'date-time' },
    kind: { type: ['string', 'null'], enum: ['a', null] },
  },
};
const paths = (value: unknown) => checkSchema(value, list, definitions).map((p) => p.path);

describe('OpenAPI schema check', () => {
  it('accepts a value that fits', () => {
    assert.deepEqual(
      checkSchema(
        { items: [{ name: 'a', size: 1 }], at: '2026-12-06T10:00:00.000Z', kind: null },
        list,
        definitions,
      ),
      [],
    );
  });

  it('names the field of each problem, through references and arrays', () => {
    assert.deepEqual(paths({ items: [{ name: 'a' }, { name: '' }] }), ['items[1].name']);
    assert.deepEqual(paths({ items: [{ name: 'a', size: 1.5 }] }), ['items[0].size']);
    assert.deepEqual(paths({ items: [{ name: 'a', size: -1 }] }), ['items[0].size']);
    assert.deepEqual(paths({ items: [{ name: 'toolong' }] }), ['items[0].name']);
    assert.deepEqual(paths({ items: [{}] }), ['items[0].name']);
    assert.deepEqual(paths({ items: [{ name: 'a', extra: 1 }] }), ['items[0].extra']);
    assert.deepEqual(paths({}), ['items']);
    assert.deepEqual(paths({ items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }), ['items']);
    assert.deepEqual(paths({ items: [], at: '6 Dec 2026' }), ['at']);
    assert.deepEqual(paths({ items: [], at: '2026-13-45T99:00:00Z' }), ['at']);
    assert.deepEqual(paths({ items: [], kind: 'b' }), ['kind']);
    assert.deepEqual(paths([]), ['']);
  });

  it('says what was expected in the message', () => {
    const [problem] = checkSchema({ items: 'x' }, list, definitions);
    assert.equal(problem?.message, 'items must be array, not string');
  });

  it('refuses schemas outside the checked subset instead of passing them', () => {
    assert.throws(
      () => checkSchema(1, { oneOf: [] } as unknown as Schema, {}),
      /outside the checked subset/,
    );
    assert.throws(
      () => checkSchema(1, { $ref: '#/components/schemas/Missing' }, {}),
      /unresolvable/,
    );
  });
});
