import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonBounded, type JsonBounds, type JsonBoundsProblem } from './bounded-json.js';

const BOUNDS: JsonBounds = { maxChars: 10_000, maxDepth: 8, maxValues: 100 };

function refusal(text: string, bounds: JsonBounds = BOUNDS): JsonBoundsProblem | 'accepted' {
  const result = parseJsonBounded(text, bounds);
  return result.ok ? 'accepted' : result.error.problem;
}

describe('parseJsonBounded', () => {
  it('returns the value of a text within every bound', () => {
    const result = parseJsonBounded('{"a": [1, "two", {"b": null}], "c": true}', BOUNDS);
    assert.deepEqual(result, { ok: true, value: { a: [1, 'two', { b: null }], c: true } });
  });

  it('refuses a text longer than maxChars before scanning it', () => {
    const result = parseJsonBounded(`"${'x'.repeat(20)}"`, { ...BOUNDS, maxChars: 10 });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.problem, 'too-large');
    assert.match(!result.ok ? result.error.message : '', /22 characters exceeds the limit of 10/);
  });

  it('accepts nesting at maxDepth and refuses one level more, naming the offset', () => {
    assert.equal(refusal(`${'['.repeat(8)}${']'.repeat(8)}`), 'accepted');
    const result = parseJsonBounded(`${'['.repeat(9)}${']'.repeat(9)}`, BOUNDS);
    assert.equal(!result.ok && result.error.problem, 'too-deep');
    assert.equal(!result.ok && result.error.offset, 8);
  });

  it('refuses a value nested 100,000 levels deep without overflowing the stack', () => {
    const deep = `{"apiVersion":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const bounds = { maxChars: 1_000_000, maxDepth: 64, maxValues: 1_000_000 };
    assert.equal(refusal(deep, bounds), 'too-deep');
    assert.equal(refusal(`[${'['.repeat(100_000)}`, bounds), 'too-deep');
  });

  it('ignores brackets, commas and escaped quotes inside strings', () => {
    const text = JSON.stringify({
      s: '[[[[[[[[[[{{{{,,,,::::\\"]]]',
      t: 'a\\\\',
      u: '\\"[[[[[[[[[',
    });
    assert.equal(refusal(text, { ...BOUNDS, maxValues: 7 }), 'accepted');
  });

  it('counts values so that many empty objects are refused before they are built', () => {
    const items = (n: number) => `[${Array.from({ length: n }, () => '{}').join(',')}]`;
    // One array, 49 objects counted twice (empty) and 48 commas: 1 + 49 + 48 + 1 = 99.
    assert.equal(refusal(items(49)), 'accepted');
    assert.equal(refusal(items(51)), 'too-many-values');
    assert.equal(refusal(items(900_000), { ...BOUNDS, maxChars: 3_000_000 }), 'too-many-values');
  });

  it('counts member names and values of objects', () => {
    // {"a":1,"b":2}: the object, two names, two values.
    assert.equal(refusal('{"a":1,"b":2}', { ...BOUNDS, maxValues: 5 }), 'accepted');
    assert.equal(refusal('{"a":1,"b":2,"c":3}', { ...BOUNDS, maxValues: 5 }), 'too-many-values');
  });

  const malformed: Array<[string, string]> = [
    ['a truncated object', '{"apiVersion": '],
    ['a trailing comma', '[1,2,]'],
    ['a comment', '{"a": 1 /* no */}'],
    ['single quotes', "{'a': 1}"],
    ['an unterminated string', '"abc'],
    ['unbalanced closing brackets', ']]]]'],
    ['an empty text', ''],
    ['two values', '{} {}'],
  ];
  for (const [name, text] of malformed) {
    it(`refuses ${name} as a syntax error with a bounded message`, () => {
      const result = parseJsonBounded(text, BOUNDS);
      assert.equal(!result.ok && result.error.problem, 'syntax');
      assert.ok(!result.ok && result.error.message.length < 300);
    });
  }

  it('keeps __proto__ as an own member name, never as a prototype', () => {
    const result = parseJsonBounded('{"__proto__": {"polluted": true}}', BOUNDS);
    assert.ok(result.ok);
    const value = result.value as Record<string, unknown>;
    assert.ok(Object.hasOwn(value, '__proto__'));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
});
