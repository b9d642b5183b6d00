import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bytesEqual, describeHash, emptyRoot, hexOf, leafHash, nodeHash } from './hashes.js';

const hex = (value: string) => Buffer.from(value, 'hex');

describe('RFC 6962 hashes', () => {
  it('hashes the empty tree to SHA-256 of the empty string', () => {
    assert.equal(
      hexOf(emptyRoot()),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('prefixes leaves with 0x00 (transparency-dev/merkle testonly vectors)', () => {
    assert.equal(
      hexOf(leafHash(new Uint8Array())),
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    assert.equal(
      hexOf(leafHash(hex('00'))),
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    );
  });

  it('prefixes interior nodes with 0x01', () => {
    const left = leafHash(new Uint8Array());
    const right = leafHash(hex('00'));
    assert.equal(
      hexOf(nodeHash(left, right)),
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    );
  });

  it('keeps a leaf distinct from a node over the same bytes', () => {
    const a = leafHash(hex('01'));
    const b = leafHash(hex('02'));
    const concatenated = Buffer.concat([a, b]);
    assert.ok(!bytesEqual(leafHash(concatenated), nodeHash(a, b)));
  });

  it('returns a fresh empty root each time, so callers cannot alter a shared constant', () => {
    const first = emptyRoot();
    first[0] = 0;
    assert.equal(emptyRoot()[0], 0xe3);
  });

  it('compares bytes by length and content', () => {
    assert.ok(bytesEqual(hex('0102'), Uint8Array.of(1, 2)));
    assert.ok(!bytesEqual(hex('0102'), hex('0103')));
    assert.ok(!bytesEqual(hex('0102'), hex('010200')));
  });

  it('describes malformed attacker-supplied hashes by length without echoing them whole', () => {
    assert.equal(describeHash(new Uint8Array()), '<0 bytes>');
    assert.equal(describeHash(new Uint8Array(1000).fill(0xab)), '<1000 bytes abababababababab…>');
    assert.equal(describeHash(new Uint8Array(32)), '00'.repeat(32));
  });
});
