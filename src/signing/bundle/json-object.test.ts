import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonObject } from './json-object.js';

const encoder = new TextEncoder();
const invalid = (problem: string) => new Error(`bundle 1: ${problem}`);

describe('parseJsonObject', () => {
  it('reads a JSON object', () => {
    assert.deepEqual(parseJsonObject(encoder.encode('{"a":[1]}'), 100, invalid), { a: [1] });
  });

  const bad: [string, Uint8Array, string][] = [
    [
      'bytes beyond the bound, unparsed',
      encoder.encode(`{"a":"${'x'.repeat(20)}"}`),
      'larger than 16 bytes',
    ],
    ['text that is not JSON', encoder.encode('{"a":'), 'not UTF-8 JSON'],
    ['bytes that are not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'not UTF-8 JSON'],
    ['an array', encoder.encode('[]'), 'not a JSON object'],
    ['null', encoder.encode('null'), 'not a JSON object'],
  ];
  for (const [name, bytes, problem] of bad) {
    it(`refuses ${name}`, () => {
      assert.throws(() => parseJsonObject(bytes, 16, invalid), {
        message: `bundle 1: ${problem}`,
      });
    });
  }
});
