import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { hexOf, leafHash } from './hashes.js';
import { InMemoryMerkleTree } from './memory-tree.js';
import { rootOf } from './root.js';

// Leaf inputs and complete-subtree hashes from transparency-dev/merkle testonly/constants.go.
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((input) => leafHash(Buffer.from(input, 'hex')));

const isCode = (code: string) => (e: unknown) => isSignetError(e) && e.code === code;

describe('InMemoryMerkleTree', () => {
  it('numbers appended leaves from 0 and counts them', () => {
    const tree = new InMemoryMerkleTree();
    assert.equal(tree.size, 0);
    assert.deepEqual(
      LEAVES.slice(0, 3).map((h) => tree.append(h)),
      [0, 1, 2],
    );
    assert.equal(tree.size, 3);
  });

  it('stores the complete subtree hashes of the published vectors, level by level', () => {
    const tree = InMemoryMerkleTree.fromLeafHashes(LEAVES);
    const expected: [number, number, string][] = [
      [7, 0, '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1'],
      [0, 1, 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
      [6, 1, 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0'],
      [4, 2, '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
      [0, 3, '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
    ];
    for (const [start, level, hash] of expected) {
      assert.equal(hexOf(tree.subtreeRoot(start, level)), hash, `subtree ${start}/${level}`);
    }
  });

  it('gives the root of every prefix while growing past its initial buffers', () => {
    const leaves = Array.from({ length: 1000 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    const tree = InMemoryMerkleTree.fromLeafHashes(leaves);
    for (const size of [0, 1, 63, 64, 65, 511, 512, 999, 1000]) {
      assert.equal(hexOf(tree.root(size)), hexOf(rootOf(leaves.slice(0, size))), `size ${size}`);
    }
  });

  it('hands out copies, so a caller altering a proof hash cannot corrupt the tree', () => {
    const tree = InMemoryMerkleTree.fromLeafHashes(LEAVES);
    const before = hexOf(tree.root());
    tree.subtreeRoot(0, 2).fill(0);
    tree.subtreeRoot(3, 0).fill(0);
    assert.equal(hexOf(tree.root()), before);
  });

  it('rejects a leaf hash of the wrong length', () => {
    assert.throws(
      () => new InMemoryMerkleTree().append(new Uint8Array(20)),
      isCode('TLOG_PROOF_REQUEST_INVALID'),
    );
  });

  const badSubtrees: [string, number, number][] = [
    ['an unaligned subtree', 1, 1],
    ['a subtree that is not complete yet', 4, 2],
    ['a subtree beyond the last leaf', 8, 0],
    ['a negative start', -2, 1],
    ['a fractional level', 0, 0.5],
  ];
  for (const [name, start, level] of badSubtrees) {
    it(`refuses to return ${name}`, () => {
      const tree = InMemoryMerkleTree.fromLeafHashes(LEAVES.slice(0, 7));
      assert.throws(() => tree.subtreeRoot(start, level), isCode('TLOG_HASH_SOURCE_INVALID'));
    });
  }

  it('refuses the root of a size it does not hold', () => {
    const tree = InMemoryMerkleTree.fromLeafHashes(LEAVES.slice(0, 3));
    assert.throws(() => tree.root(4), isCode('TLOG_PROOF_REQUEST_INVALID'));
  });
});
