import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bitLength, decomposeInclusionProof, popCount, trailingZeros } from './chain.js';

describe('proof shape arithmetic', () => {
  const big = 2n ** 40n;
  const cases: [string, () => number, number][] = [
    ['bitLength of 0', () => bitLength(0n), 0],
    ['bitLength of 2^40', () => bitLength(big), 41],
    ['popCount of 2^40 + 5', () => popCount(big + 5n), 3],
    ['trailingZeros of 2^40', () => trailingZeros(big), 40],
    ['trailingZeros of 6', () => trailingZeros(6n), 1],
  ];
  for (const [name, run, expected] of cases) {
    it(`computes ${name} without 32-bit truncation`, () => assert.equal(run(), expected));
  }

  it('splits the audit path of leaf 5 in a tree of 8 at the level where it leaves the last leaf', () => {
    // Paths to leaves 5 and 7 share the subtree [4, 8): two hashes below it, one beside it.
    assert.deepEqual(decomposeInclusionProof(5n, 8n), { inner: 2, border: 1 });
  });

  it('splits the audit path of leaf 4 in a tree of 5 into no inner hash and one border hash', () => {
    assert.deepEqual(decomposeInclusionProof(4n, 5n), { inner: 0, border: 1 });
  });
});
