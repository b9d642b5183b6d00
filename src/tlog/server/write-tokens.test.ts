import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWriteTokens } from './write-tokens.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(20);

describe('write tokens', () => {
  it('identifies each listed bearer token, stably, without revealing it', () => {
    const tokens = parseWriteTokens(`# CI writers\n\n${A}\r\n  ${B}  \n`, 'tokens.txt');
    assert.equal(tokens.count, 2);
    const a = tokens.identify(`Bearer ${A}`);
    assert.match(a!, /^token:[0-9a-f]{12}$/);
    assert.ok(!a!.includes(A.slice(0, 8)));
    assert.equal(tokens.identify(`bearer ${A}`), a);
    assert.notEqual(tokens.identify(`Bearer ${B}`), a);
  });

  it('identifies nobody without a listed token', () => {
    const tokens = parseWriteTokens(`${A}\n`, 'tokens.txt');
    for (const header of [
      undefined,
      '',
      A,
      `Basic ${A}`,
      `Bearer ${A}x`,
      `Bearer ${B}`,
      `Bearer ${A} ${A}`,
    ]) {
      assert.equal(tokens.identify(header), undefined, String(header));
    }
  });

  const bad: [string, string][] = [
    ['no token', '# nothing\n\n'],
    ['a short token', `${A}\nshort\n`],
    ['a token with a space', `${A}\n${'c'.repeat(10)} ${'c'.repeat(10)}\n`],
  ];
  for (const [name, text] of bad) {
    it(`refuses a file with ${name}, naming the file but no token`, () => {
      assert.throws(
        () => parseWriteTokens(text, 'tokens.txt'),
        (error: Error & { code: string }) => {
          assert.equal(error.code, 'TLOG_WRITE_TOKENS_INVALID');
          assert.match(error.message, /tokens\.txt/);
          assert.ok(!error.message.includes(A));
          return true;
        },
      );
    });
  }
});
