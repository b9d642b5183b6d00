import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  checkpointSigner,
  formatCheckpoint,
  rekorKeyHint,
  signCheckpoint,
} from '../checkpoint/index.js';
import { InMemoryMerkleTree, consistencyProof, inclusionProof, leafHash } from '../merkle/index.js';
import {
  checkConsistent,
  prefixRootFromInclusion,
  verifyLogCheckpoint,
  type ObservedCheckpoint,
} from './consistency.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function treeOf(size: number, salt = ''): InMemoryMerkleTree {
  const tree = new InMemoryMerkleTree();
  for (let i = 0; i < size; i++) tree.append(leafHash(Buffer.from(`${salt}leaf ${i}`)));
  return tree;
}

function note(size: number, root: Uint8Array, origin = 'log.test - 7', key = privateKey) {
  const body = formatCheckpoint({ origin, size, rootHash: root, otherContent: [] });
  const pub = key === privateKey ? publicKey : other.publicKey;
  return signCheckpoint(body, checkpointSigner(key), origin.split(' - ')[0]!, rekorKeyHint(pub));
}

function observed(tree: InMemoryMerkleTree, size: number, origin?: string): ObservedCheckpoint {
  return verifyLogCheckpoint(note(size, tree.root(size), origin), publicKey);
}

describe('verifyLogCheckpoint', () => {
  it('returns the size and root of a note signed by the log key', () => {
    const tree = treeOf(5);
    const checkpoint = verifyLogCheckpoint(note(5, tree.root()), publicKey);
    assert.equal(checkpoint.size, 5);
    assert.deepEqual(Buffer.from(checkpoint.rootHash), Buffer.from(tree.root()));
  });

  it('rejects a note signed by another key', () => {
    assert.throws(
      () => verifyLogCheckpoint(note(1, treeOf(1).root(), undefined, other.privateKey), publicKey),
      {
        code: 'TLOG_CHECKPOINT_UNSIGNED',
      },
    );
  });
});

describe('checkConsistent', () => {
  const tree = treeOf(40);
  const proofBetween = (a: number, b: number) => consistencyProof(a, b, tree);

  it('accepts growth with a valid consistency proof, and the same checkpoint twice', () => {
    for (const [a, b] of [
      [1, 2],
      [3, 17],
      [16, 40],
      [39, 40],
    ] as const) {
      checkConsistent(observed(tree, a), observed(tree, b), proofBetween(a, b));
    }
    checkConsistent(observed(tree, 9), observed(tree, 9), []);
  });

  it('accepts any tree after the empty one', () => {
    checkConsistent(observed(tree, 0), observed(tree, 12), []);
  });

  const forked = treeOf(40, 'fork ');
  const cases: [string, () => void, RegExp][] = [
    [
      'two roots at one size',
      () => checkConsistent(observed(tree, 12), observed(forked, 12), []),
      /two different roots for the same tree size 12/,
    ],
    [
      'a shrinking tree',
      () => checkConsistent(observed(tree, 12), observed(tree, 11), []),
      /the tree shrank from 12 to 11/,
    ],
    [
      'another origin',
      () =>
        checkConsistent(observed(tree, 3), observed(tree, 4, 'log.test - 8'), proofBetween(3, 4)),
      /instead of "log.test - 7"/,
    ],
    [
      'a rewritten history',
      () =>
        checkConsistent(observed(tree, 12), observed(forked, 20), consistencyProof(12, 20, forked)),
      /consistency proof from size 12 to 20 does not verify/,
    ],
    [
      'a truncated proof',
      () => checkConsistent(observed(tree, 12), observed(tree, 20), proofBetween(12, 20).slice(1)),
      /does not verify/,
    ],
  ];
  for (const [name, check, message] of cases) {
    it(`reports ${name} as a split view naming both checkpoints`, () => {
      assert.throws(check, (error: Error & { code: string }) => {
        assert.equal(error.code, 'TLOG_CONSISTENCY_FAILED');
        assert.match(error.message, /^SPLIT VIEW OR REWRITTEN HISTORY/);
        assert.match(error.message, message);
        assert.match(
          error.message,
          /Trusted checkpoint: "log\.test - 7" size \d+ root [0-9a-f]{64}; new checkpoint: /,
        );
        return true;
      });
    });
  }
});

describe('prefixRootFromInclusion', () => {
  it('gives the root of every prefix from any later tree', () => {
    const tree = treeOf(70);
    for (const size of [1, 2, 3, 5, 8, 13, 32, 33, 64, 69, 70]) {
      for (const treeSize of [size, size + 1, 70].filter((s) => s <= 70)) {
        const index = size - 1;
        const root = prefixRootFromInclusion(
          tree.subtreeRoot(index, 0),
          index,
          treeSize,
          inclusionProof(index, treeSize, tree),
          tree.root(treeSize),
        );
        assert.deepEqual(Buffer.from(root), Buffer.from(tree.root(size)), `${size} in ${treeSize}`);
      }
    }
  });

  it('refuses a proof that does not lead to the given root', () => {
    const tree = treeOf(10);
    assert.throws(
      () =>
        prefixRootFromInclusion(
          tree.subtreeRoot(4, 0),
          4,
          10,
          inclusionProof(4, 10, tree),
          tree.root(9),
        ),
      { code: 'TLOG_PROOF_INVALID' },
    );
  });
});
