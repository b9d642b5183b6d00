import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isSignetError } from '../../core/errors.js';
import { leafHash, nodeHash } from './hashes.js';
import { InMemoryMerkleTree } from './memory-tree.js';
import { consistencyProof, inclusionProof } from './proofs.js';
import {
  rootFromConsistencyProof,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './verify.js';

/** transparency-dev/merkle testdata, shared outside the repository (fixtures README). */
const FIXTURES = resolve(process.env.SIGNET_FIXTURES ?? join(process.cwd(), '../shared/fixtures'));
const MERKLE_FIXTURES = join(FIXTURES, 'merkle');

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return jsonFilesUnder(path);
      return name.endsWith('.json') ? [path] : [];
    });
}

const b64 = (value: string) => new Uint8Array(Buffer.from(value, 'base64'));
const hashes = (values: string[] | null) => (values ?? []).map(b64);

/** Field names of transparency-dev/merkle testdata (cmd/proofgen); hashes are base64. */
interface InclusionVector extends Vector {
  readonly leafIdx: number;
  readonly treeSize: number;
  readonly root: string;
  readonly leafHash: string;
  readonly proof: string[] | null;
}

interface ConsistencyVector extends Vector {
  readonly size1: number;
  readonly size2: number;
  readonly root1: string;
  readonly root2: string;
  readonly proof: string[] | null;
}

function isProofRejection(error: unknown): boolean {
  return (
    isSignetError(error) && error.code === 'TLOG_PROOF_INVALID' && error.category === 'verification'
  );
}

interface Vector {
  readonly desc: string;
  readonly wantErr: boolean;
  readonly [field: string]: unknown;
}

function vectorCases<V extends Vector>(
  kind: 'inclusion' | 'consistency',
  check: (vector: V) => void,
): void {
  const dir = join(MERKLE_FIXTURES, kind);
  if (!existsSync(dir)) {
    it(`passes the transparency-dev/merkle ${kind} vectors`, (t) => {
      t.skip(`fixture folder ${dir} is absent; set SIGNET_FIXTURES to run these vectors`);
    });
    return;
  }
  const files = jsonFilesUnder(dir);
  it(`finds the ${kind} vectors`, () => assert.ok(files.length >= 90, `${files.length} files`));
  for (const file of files) {
    const vector = JSON.parse(readFileSync(file, 'utf8')) as V;
    const name = `${relative(dir, file)} (${vector.desc})`;
    if (vector.wantErr) {
      it(`rejects ${name}`, () => assert.throws(() => check(vector), isProofRejection));
    } else {
      it(`accepts ${name}`, () => check(vector));
    }
  }
}

describe('verifyInclusion against transparency-dev/merkle vectors', () => {
  vectorCases<InclusionVector>('inclusion', (v) =>
    verifyInclusion(b64(v.leafHash), v.leafIdx, v.treeSize, hashes(v.proof), b64(v.root)),
  );
});

describe('verifyConsistency against transparency-dev/merkle vectors', () => {
  vectorCases<ConsistencyVector>('consistency', (v) =>
    verifyConsistency(v.size1, v.size2, hashes(v.proof), b64(v.root1), b64(v.root2)),
  );
});

describe('proof verification rejects malformed proofs with a precise message', () => {
  const tree = InMemoryMerkleTree.fromLeafHashes(
    Array.from({ length: 8 }, (_, i) => leafHash(Uint8Array.of(i))),
  );
  const leaf5 = leafHash(Uint8Array.of(5));
  const proof5 = inclusionProof(5, 8, tree);
  const root8 = tree.root();

  const inclusionCases: [string, () => unknown, string][] = [
    [
      'a proof one hash short',
      () => verifyInclusion(leaf5, 5, 8, proof5.slice(1), root8),
      'inclusion proof for leaf 5 in tree of size 8 has 2 hashes, expected 3',
    ],
    [
      'a leaf index equal to the tree size',
      () => verifyInclusion(leaf5, 8, 8, proof5, root8),
      'inclusion proof for leaf 8 in tree of size 8: the leaf index is outside the tree',
    ],
    [
      'a negative leaf index',
      () => verifyInclusion(leaf5, -1, 8, proof5, root8),
      'inclusion proof for leaf -1 in tree of size 8: the leaf index must be a whole number between 0 and 2^53 - 1',
    ],
    [
      'a fractional tree size',
      () => verifyInclusion(leaf5, 5, 8.5, proof5, root8),
      'inclusion proof for leaf 5 in tree of size 8.5: the tree size must be a whole number between 0 and 2^53 - 1',
    ],
    [
      'an empty tree',
      () => rootFromInclusionProof(leaf5, 0, 0, []),
      'inclusion proof for leaf 0 in tree of size 0: the leaf index is outside the tree',
    ],
    [
      'a leaf hash of 31 bytes',
      () => verifyInclusion(leaf5.subarray(1), 5, 8, proof5, root8),
      'inclusion proof for leaf 5 in tree of size 8: the leaf hash has 31 bytes, expected 32',
    ],
    [
      'a proof hash of 33 bytes',
      () => verifyInclusion(leaf5, 5, 8, [proof5[0]!, proof5[1]!, new Uint8Array(33)], root8),
      'inclusion proof for leaf 5 in tree of size 8: hash 2 has 33 bytes, expected 32',
    ],
  ];
  for (const [name, run, message] of inclusionCases) {
    it(`rejects an inclusion proof with ${name}`, () => {
      assert.throws(
        run,
        (error: unknown) => isProofRejection(error) && (error as Error).message === message,
      );
    });
  }

  it('names both roots when an inclusion proof leads elsewhere', () => {
    const other = leafHash(Uint8Array.of(9));
    assert.throws(
      () => verifyInclusion(other, 5, 8, proof5, root8),
      (error: unknown) =>
        isProofRejection(error) &&
        /leads to root [0-9a-f]{64}, not the expected [0-9a-f]{64}: the entry is not proven/.test(
          (error as Error).message,
        ),
    );
  });

  const proof3to8 = consistencyProof(3, 8, tree);
  const root3 = tree.root(3);
  const consistencyCases: [string, () => unknown, string][] = [
    [
      'a first size above the second',
      () => verifyConsistency(8, 3, proof3to8, root8, root3),
      'consistency proof from tree size 8 to 3: the second tree is smaller than the first',
    ],
    [
      'a first size of zero and a non-empty proof',
      () => verifyConsistency(0, 8, proof3to8, root3, root8),
      'consistency proof from tree size 0 to 8: a consistency proof from the empty tree proves nothing',
    ],
    [
      'equal sizes and a non-empty proof',
      () => verifyConsistency(8, 8, proof3to8, root8, root8),
      'consistency proof from tree size 8 to 8 has 4 hashes, expected 0',
    ],
    [
      'a proof one hash short',
      () => verifyConsistency(3, 8, proof3to8.slice(0, 3), root3, root8),
      'consistency proof from tree size 3 to 8 has 3 hashes, expected 4',
    ],
    [
      'an empty proof between different sizes',
      () => rootFromConsistencyProof(3, 8, [], root3),
      'consistency proof from tree size 3 to 8 has 0 hashes, expected 4',
    ],
    [
      'a size beyond 2^53',
      () => verifyConsistency(3, 2 ** 60, proof3to8, root3, root8),
      `consistency proof from tree size 3 to ${2 ** 60}: the second tree size must be a whole number between 0 and 2^53 - 1`,
    ],
  ];
  for (const [name, run, message] of consistencyCases) {
    it(`rejects a consistency proof with ${name}`, () => {
      assert.throws(
        run,
        (error: unknown) => isProofRejection(error) && (error as Error).message === message,
      );
    });
  }

  it('tells a split view apart in the message when the old root does not match', () => {
    assert.throws(
      () => verifyConsistency(3, 8, proof3to8, nodeHash(root3, root3), root8),
      (error: unknown) =>
        isProofRejection(error) &&
        (error as Error).message.includes('leads to first root') &&
        (error as Error).message.includes('not proven append-only'),
    );
  });

  it('verifies proofs for trees larger than 2^32 leaves without 32-bit truncation', () => {
    // Leaf 2^32 + 5 of a tree of 2^32 + 8 leaves: its path is 3 inner hashes plus the root
    // of the left complete subtree of 2^32 leaves. Built by hand, chained the RFC way.
    const size = 2 ** 32 + 8;
    const left = leafHash(Uint8Array.of(0xaa));
    const siblings = [1, 2, 3].map((i) => leafHash(Uint8Array.of(i)));
    const leaf = leafHash(Uint8Array.of(0xbb));
    // Index 5 within the right subtree of 8: bits 1,0,1 → right, left, right child.
    let hash = nodeHash(siblings[0]!, leaf);
    hash = nodeHash(hash, siblings[1]!);
    hash = nodeHash(siblings[2]!, hash);
    const root = nodeHash(left, hash);
    verifyInclusion(leaf, 2 ** 32 + 5, size, [...siblings, left], root);
    assert.throws(
      () => verifyInclusion(leaf, 5, size, [...siblings, left], root),
      isProofRejection,
    );
  });
});
