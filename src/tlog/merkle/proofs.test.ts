import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isSignetError } from '../../core/errors.js';
import { bytesEqual, emptyRoot, hexOf, leafHash, nodeHash } from './hashes.js';
import type { MerkleHashSource } from './hash-source.js';
import { InMemoryMerkleTree } from './memory-tree.js';
import { consistencyProof, inclusionProof, treeRoot } from './proofs.js';
import { rootOf } from './root.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

// ---- Naive reference: the recursive definitions of RFC 6962 section 2.1, verbatim. ----
// MTH, PATH and PROOF over leaf hashes (MTH({d}) is the leaf hash itself).

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function mth(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return emptyRoot();
  if (d.length === 1) return d[0]!;
  const k = split(d.length);
  return nodeHash(mth(d.slice(0, k)), mth(d.slice(k)));
}

function path(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const k = split(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

function subproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

// ---- Trees under test. ----

const MAX_SIZE = 300;
const LEAVES = Array.from({ length: MAX_SIZE }, (_, i) =>
  leafHash(Uint8Array.of(i & 0xff, i >> 8)),
);
const TREE = InMemoryMerkleTree.fromLeafHashes(LEAVES);

const hexList = (list: Uint8Array[]) => list.map(hexOf);
const flipBit = (bytes: Uint8Array, bit: number) => {
  const copy = new Uint8Array(bytes);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
};
const rejects = (run: () => void) =>
  assert.throws(run, (e: unknown) => isSignetError(e) && e.code === 'TLOG_PROOF_INVALID');

const sizeAndIndex = fc
  .integer({ min: 1, max: MAX_SIZE })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })));
const twoSizes = fc
  .integer({ min: 1, max: MAX_SIZE })
  .chain((n2) => fc.tuple(fc.integer({ min: 1, max: n2 }), fc.constant(n2)));

describe('Merkle roots agree with the RFC 6962 definition', () => {
  it('gives the same root from rootOf, the in-memory tree and MTH for every size up to 300', () => {
    for (let n = 0; n <= MAX_SIZE; n++) {
      const expected = hexOf(mth(LEAVES.slice(0, n)));
      assert.equal(hexOf(rootOf(LEAVES.slice(0, n))), expected, `rootOf, size ${n}`);
      assert.equal(hexOf(treeRoot(n, TREE)), expected, `treeRoot, size ${n}`);
    }
  });
});

describe('inclusion proofs', () => {
  it('equal the RFC audit path PATH(m, D[n]) and verify against MTH', () => {
    fc.assert(
      fc.property(sizeAndIndex, ([n, m]) => {
        const proof = inclusionProof(m, n, TREE);
        assert.deepEqual(hexList(proof), hexList(path(m, LEAVES.slice(0, n))));
        verifyInclusion(LEAVES[m]!, m, n, proof, mth(LEAVES.slice(0, n)));
      }),
      { numRuns: 300 },
    );
  });

  it('fail to verify after any single-bit flip in the proof, the leaf or the root', () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(), fc.nat(255), ([n, m], pick, bit) => {
        const proof = inclusionProof(m, n, TREE);
        const root = treeRoot(n, TREE);
        const target = pick % (proof.length + 2);
        if (target < proof.length) {
          const bad = proof.map((h, i) => (i === target ? flipBit(h, bit) : h));
          rejects(() => verifyInclusion(LEAVES[m]!, m, n, bad, root));
        } else if (target === proof.length) {
          rejects(() => verifyInclusion(flipBit(LEAVES[m]!, bit), m, n, proof, root));
        } else {
          rejects(() => verifyInclusion(LEAVES[m]!, m, n, proof, flipBit(root, bit)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fail to verify for any other leaf index', () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(), ([n, m], other) => {
        fc.pre(n > 1);
        const wrong = (m + 1 + (other % (n - 1))) % n;
        const proof = inclusionProof(m, n, TREE);
        rejects(() => verifyInclusion(LEAVES[m]!, wrong, n, proof, treeRoot(n, TREE)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('consistency proofs', () => {
  it('equal the RFC PROOF(m, D[n]) and verify between the two MTH roots', () => {
    fc.assert(
      fc.property(twoSizes, ([n1, n2]) => {
        const proof = consistencyProof(n1, n2, TREE);
        const expected = n1 === n2 ? [] : subproof(n1, LEAVES.slice(0, n2), true);
        assert.deepEqual(hexList(proof), hexList(expected));
        verifyConsistency(n1, n2, proof, mth(LEAVES.slice(0, n1)), mth(LEAVES.slice(0, n2)));
      }),
      { numRuns: 300 },
    );
  });

  it('fail to verify after any single-bit flip in the proof or either root', () => {
    fc.assert(
      fc.property(twoSizes, fc.nat(), fc.nat(255), ([n1, n2], pick, bit) => {
        fc.pre(n1 < n2);
        const proof = consistencyProof(n1, n2, TREE);
        const root1 = treeRoot(n1, TREE);
        const root2 = treeRoot(n2, TREE);
        const target = pick % (proof.length + 2);
        if (target < proof.length) {
          const bad = proof.map((h, i) => (i === target ? flipBit(h, bit) : h));
          rejects(() => verifyConsistency(n1, n2, bad, root1, root2));
        } else if (target === proof.length) {
          rejects(() => verifyConsistency(n1, n2, proof, flipBit(root1, bit), root2));
        } else {
          rejects(() => verifyConsistency(n1, n2, proof, root1, flipBit(root2, bit)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fail to verify when the first size is changed', () => {
    fc.assert(
      fc.property(twoSizes, fc.nat(), ([n1, n2], other) => {
        fc.pre(n1 < n2 && n2 > 2);
        const wrong = 1 + ((n1 + other) % (n2 - 1));
        fc.pre(wrong !== n1);
        const proof = consistencyProof(n1, n2, TREE);
        rejects(() => verifyConsistency(wrong, n2, proof, treeRoot(n1, TREE), treeRoot(n2, TREE)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('proof generation refuses requests outside the tree', () => {
  const cases: [string, () => unknown, string][] = [
    [
      'a leaf index equal to the tree size',
      () => inclusionProof(8, 8, TREE),
      'cannot prove inclusion of leaf 8 in a tree of size 8: the leaf index must be between 0 and 7',
    ],
    [
      'a negative leaf index',
      () => inclusionProof(-1, 8, TREE),
      'cannot prove inclusion of leaf -1 in a tree of size 8: the leaf index must be between 0 and 7',
    ],
    [
      'a tree size larger than the log',
      () => inclusionProof(0, 301, TREE),
      'tree size 301 is not available: the log holds 300 entries',
    ],
    [
      'a first size of zero',
      () => consistencyProof(0, 8, TREE),
      'cannot prove consistency from tree size 0 to 8: the first size must be between 1 and 8',
    ],
    [
      'a first size above the second',
      () => consistencyProof(9, 8, TREE),
      'cannot prove consistency from tree size 9 to 8: the first size must be between 1 and 8',
    ],
    [
      'a second size larger than the log',
      () => consistencyProof(1, 1000, TREE),
      'second tree size 1000 is not available: the log holds 300 entries',
    ],
    [
      'a fractional tree size',
      () => treeRoot(2.5, TREE),
      'tree size 2.5 is not available: the log holds 300 entries',
    ],
  ];
  for (const [name, run, message] of cases) {
    it(`rejects ${name}`, () => {
      assert.throws(
        run,
        (e: unknown) =>
          isSignetError(e) &&
          e.code === 'TLOG_PROOF_REQUEST_INVALID' &&
          e.category === 'usage' &&
          e.message === message,
      );
    });
  }

  it('returns an empty consistency proof between equal sizes', () => {
    assert.deepEqual(consistencyProof(8, 8, TREE), []);
  });

  it('reports a hash store that returns a hash of the wrong length', () => {
    const broken: MerkleHashSource = { size: 4, subtreeRoot: () => new Uint8Array(31) };
    assert.throws(
      () => inclusionProof(1, 4, broken),
      (e: unknown) =>
        isSignetError(e) && e.code === 'TLOG_HASH_SOURCE_INVALID' && e.category === 'internal',
    );
  });
});

describe('proof generation cost', () => {
  // 2^17 + 12345 leaves: large enough for 18-level proofs, quick enough to build in a test.
  const size = 2 ** 17 + 12345;
  const big = InMemoryMerkleTree.fromLeafHashes(
    Array.from({ length: size }, (_, i) => leafHash(Buffer.from(String(i)))),
  );
  let lookups = 0;
  const counting: MerkleHashSource = {
    get size() {
      return big.size;
    },
    subtreeRoot(start, level) {
      lookups += 1;
      return big.subtreeRoot(start, level);
    },
  };
  const bound = 2 * Math.ceil(Math.log2(size)) + 2;

  it(`reads at most ${bound} stored hashes per proof and the proofs verify`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: size }), fc.nat(), (n, seed) => {
        const m = seed % n;
        lookups = 0;
        const proof = inclusionProof(m, n, counting);
        assert.ok(lookups <= bound, `inclusion ${m}/${n}: ${lookups} lookups`);
        verifyInclusion(big.subtreeRoot(m, 0), m, n, proof, big.root(n));

        const n1 = 1 + (seed % n);
        lookups = 0;
        const consistency = consistencyProof(n1, n, counting);
        assert.ok(lookups <= bound, `consistency ${n1}->${n}: ${lookups} lookups`);
        verifyConsistency(n1, n, consistency, big.root(n1), big.root(n));
      }),
      { numRuns: 100 },
    );
  });

  it('computes any prefix root from O(log n) stored hashes', () => {
    lookups = 0;
    const root = treeRoot(size - 1, counting);
    assert.ok(lookups <= Math.ceil(Math.log2(size)), `${lookups} lookups`);
    assert.ok(bytesEqual(root, big.root(size - 1)));
  });
});
