import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isJsonObject, parseStrictJson } from './strict-json.js';

describe('parseStrictJson', () => {
  it('reads every JSON value kind, objects as Maps', () => {
    const value = parseStrictJson(' {"a":[1,-2.5e3,true,false,null],"b":{"c":"x\\n\\u00e9\\/"}} ');
    assert.ok(isJsonObject(value));
    assert.deepEqual(value.get('a'), [1, -2500, true, false, null]);
    const b = value.get('b');
    assert.ok(isJsonObject(b));
    assert.equal(b.get('c'), 'x\né/');
  });

  it('keeps "__proto__" as an ordinary member', () => {
    const value = parseStrictJson('{"__proto__":{"polluted":true}}');
    assert.ok(isJsonObject(value));
    assert.ok(isJsonObject(value.get('__proto__')));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  const rejected: [input: string, problem: RegExp][] = [
    ['{"a":1,"a":2}', /duplicate key "a"/],
    ['{"o":{"k":1,"k":1}}', /duplicate key "k"/],
    ['{"a":1} x', /unexpected data after/],
    ['{"a":1}{}', /unexpected data after/],
    ['{"a":1,}', /expected a member name/],
    ['[1,]', /unexpected "]"/],
    ['{"a" 1}', /expected ":"/],
    ['{"a":1 "b":2}', /expected "," or "}"/],
    ['"tab\there"', /control character/],
    ['"\\x"', /bad escape/],
    ['"\\u12"', /bad \\u escape/],
    ['"open', /unterminated string/],
    ['01', /unexpected data after/],
    ['NaN', /unexpected "N"/],
    ['', /unexpected end of JSON/],
    ['['.repeat(100) + ']'.repeat(100), /nesting deeper than 64/],
  ];
  for (const [input, problem] of rejected) {
    it(`rejects ${JSON.stringify(input.slice(0, 30))}`, () => {
      assert.throws(
        () => parseStrictJson(input),
        (error: Error) => error instanceof SyntaxError && problem.test(error.message),
      );
    });
  }
});
