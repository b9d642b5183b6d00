import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { InMemoryMerkleTree } from '../merkle/index.js';
import { MerkleFrontier } from './frontier.js';

const leaf = (i: number) => createHash('sha256').update(`leaf ${i}`).digest();

describe('MerkleFrontier', () => {
  it('has the same root as the reference tree at every size up to 200', () => {
    const frontier = new MerkleFrontier(0, []);
    const tree = new InMemoryMerkleTree();
    assert.deepEqual(frontier.root(), tree.root());
    for (let i = 0; i < 200; i++) {
      frontier.append(leaf(i));
      tree.append(leaf(i));
      assert.deepEqual(Buffer.from(frontier.root()), Buffer.from(tree.root()), `size ${i + 1}`);
    }
  });

  it('reports exactly the complete subtrees each append finishes', () => {
    const frontier = new MerkleFrontier(0, []);
    const tree = new InMemoryMerkleTree();
    for (let i = 0; i < 64; i++) {
      tree.append(leaf(i));
      const completed = frontier.append(leaf(i));
      // Leaf i completes one subtree per trailing 1 bit of i, plus the leaf itself.
      let expected = 1;
      for (let n = i; n % 2 === 1; n = (n - 1) / 2) expected += 1;
      assert.equal(completed.length, expected);
      for (const s of completed)
        assert.deepEqual(Buffer.from(s.hash), Buffer.from(tree.subtreeRoot(s.start, s.level)));
    }
  });

  it('resumes from a border read back from storage', () => {
    const tree = InMemoryMerkleTree.fromLeafHashes([...Array(77).keys()].map(leaf));
    const border = MerkleFrontier.borderOf(77).map((id) => ({
      ...id,
      hash: tree.subtreeRoot(id.start, id.level),
    }));
    assert.deepEqual(
      border.map((b) => b.level),
      [6, 3, 2, 0],
    );
    const frontier = new MerkleFrontier(77, border);
    frontier.append(leaf(77));
    tree.append(leaf(77));
    assert.deepEqual(Buffer.from(frontier.root()), Buffer.from(tree.root()));
  });
});
