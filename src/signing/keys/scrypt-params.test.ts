import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { deriveKey, isAcceptedScryptParams } from './scrypt-params.js';

describe('isAcceptedScryptParams', () => {
  it('accepts exactly the go-securesystemslib parameter sets', () => {
    for (const N of [32768, 65536, 131072])
      assert.equal(isAcceptedScryptParams({ N, r: 8, p: 1 }), true);
    for (const params of [
      { N: 16384, r: 8, p: 1 },
      { N: 262144, r: 8, p: 1 },
      { N: 65536, r: 16, p: 1 },
      { N: 65536, r: 8, p: 2 },
    ]) {
      assert.equal(isAcceptedScryptParams(params), false, JSON.stringify(params));
    }
  });
});

describe('deriveKey', () => {
  it('derives the 32-byte key scrypt defines', async () => {
    const password = new TextEncoder().encode('pw');
    const salt = new Uint8Array(32).fill(1);
    const expected = scryptSync(password, salt, 32, {
      N: 32768,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    });
    assert.deepEqual(await deriveKey(password, salt, 32768), new Uint8Array(expected));
  });

  it('has the memory allowance for N=131072 (128 MiB)', async () => {
    assert.equal((await deriveKey(new Uint8Array(), new Uint8Array(32), 131072)).length, 32);
  });
});
