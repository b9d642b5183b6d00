import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JsonSyntaxError, parsePolicyJsonText } from './strict-json.js';

describe('policy.json JSON reader', () => {
  it('reads nested objects into Maps and keeps values', () => {
    const value = parsePolicyJsonText('{"a": [1, "x\\n", true, null, {"b": -2.5e1}]}');
    assert.deepEqual(value, new Map([['a', [1, 'x\n', true, null, new Map([['b', -25]])]]]));
  });

  const bad: [string, RegExp][] = [
    ['{"a": 1, "a": 2}', /duplicate key "a"/],
    ['{"a": 1,}', /expected a member name/],
    ['[1 2]', /expected "," or "]"/],
    ['{"a": 1} x', /invalid JSON|after the JSON value/],
    ['{"a": ', /end of JSON/],
    ["{'a': 1}", /expected a member name/],
    ['{"a": 01}', /invalid JSON|expected/],
    ['['.repeat(40), /nesting deeper/],
    ['{\n  "a": 1,\n  "a": 2\n}', /duplicate key "a" \(line 3\)/],
  ];
  for (const [text, pattern] of bad) {
    it(`refuses ${JSON.stringify(text.slice(0, 20))}`, () => {
      assert.throws(
        () => parsePolicyJsonText(text),
        (e: unknown) => e instanceof JsonSyntaxError && pattern.test(e.message),
      );
    });
  }

  it('gives an object key named __proto__ no special meaning', () => {
    const value = parsePolicyJsonText('{"__proto__": {"polluted": true}}') as Map<string, unknown>;
    assert.ok(value.has('__proto__'));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
