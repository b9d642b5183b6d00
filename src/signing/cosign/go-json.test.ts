import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { goJsonMap, goJsonString, isGoEncodable } from './go-json.js';

describe('goJsonString', () => {
  const cases: [string, string][] = [
    ['plain', '"plain"'],
    ['<a href="x">&</a>', '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"'],
    ['line\u2028para\u2029', '"line\\u2028para\\u2029"'],
    ['\b\f\n\r\t\u0001\u007f', '"\\b\\f\\n\\r\\t\\u0001\u007f"'],
    ['é😀', '"é😀"'],
  ];
  for (const [input, expected] of cases) {
    it(`writes ${JSON.stringify(input)} as Go json.Marshal does`, () =>
      assert.equal(goJsonString(input), expected));
  }
});

describe('goJsonMap', () => {
  it('sorts keys by UTF-8 bytes and writes scalars', () => {
    assert.equal(
      goJsonMap({ b: 1, a: true, '\ufb33': 'x', '\u{1f600}': 'y' }),
      '{"a":true,"b":1,"\ufb33":"x","\u{1f600}":"y"}',
    );
  });
});

describe('isGoEncodable', () => {
  it('accepts text and safe integers, refuses what Go would write differently', () => {
    assert.equal(isGoEncodable('ok'), true);
    assert.equal(isGoEncodable(1657296609), true);
    assert.equal(isGoEncodable(false), true);
    assert.equal(isGoEncodable(0.1), false);
    assert.equal(isGoEncodable(2 ** 60), false);
    assert.equal(isGoEncodable('\udc00'), false);
  });
});
