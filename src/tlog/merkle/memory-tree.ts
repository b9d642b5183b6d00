/**
 * An append-only Merkle tree held in memory, storing the root of every complete subtree
 * level by level, so that any root or proof needs O(log n) lookups.
 *
 * Level l holds floor(size / 2^l) hashes back to back in one flat buffer: one Buffer
 * per hash costs about 0.9 GB of heap at 2^20 leaves, a flat buffer about 64 MB
 * (measurements in the transparency-log reference, section 5.5). Used by tests and
 * small logs; the database-backed store keeps the same subtree roots as rows.
 */
import { merkleError } from './errors.js';
import { HASH_SIZE, nodeHash } from './hashes.js';
import type { MerkleHashSource } from './hash-source.js';
import { treeRoot } from './proofs.js';

/**
 * 2^24 leaves keep the tree under about 1 GiB (2 hashes of 32 bytes per leaf); a
 * larger log belongs in the database-backed store.
 */
export const MAX_IN_MEMORY_LEAVES = 2 ** 24;

/** Initial capacity, in hashes, of each level; levels double when full. */
const INITIAL_CAPACITY = 64;

export class InMemoryMerkleTree implements MerkleHashSource {
  private readonly levels: Buffer[] = [];
  private leaves = 0;

  /** Builds a tree holding the given leaf hashes, in order. */
  static fromLeafHashes(leafHashes: Iterable<Uint8Array>): InMemoryMerkleTree {
    const tree = new InMemoryMerkleTree();
    for (const hash of leafHashes) tree.append(hash);
    return tree;
  }

  get size(): number {
    return this.leaves;
  }

  /** Appends one leaf hash (leafHash of the entry) and returns its index. */
  append(hash: Uint8Array): number {
    if (hash.length !== HASH_SIZE) {
      throw merkleError(
        'TLOG_PROOF_REQUEST_INVALID',
        `a leaf hash has ${hash.length} bytes, expected ${HASH_SIZE}`,
      );
    }
    if (this.leaves >= MAX_IN_MEMORY_LEAVES) {
      throw merkleError(
        'TLOG_HASH_SOURCE_INVALID',
        `the in-memory Merkle tree is full (${MAX_IN_MEMORY_LEAVES} leaves); use the database-backed store`,
      );
    }
    const index = this.leaves;
    this.write(0, index, hash);
    // Each time a right child is written, its parent becomes complete: hash it upwards.
    let level = 0;
    let position = index;
    while (position % 2 === 1) {
      const parent = nodeHash(this.read(level, position - 1), this.read(level, position));
      position = (position - 1) / 2;
      level += 1;
      this.write(level, position, parent);
    }
    this.leaves += 1;
    return index;
  }

  subtreeRoot(start: number, level: number): Uint8Array {
    const width = 2 ** level;
    if (
      !Number.isSafeInteger(start) ||
      !Number.isSafeInteger(level) ||
      start < 0 ||
      level < 0 ||
      start % width !== 0 ||
      start + width > this.leaves
    ) {
      throw merkleError(
        'TLOG_HASH_SOURCE_INVALID',
        `the in-memory Merkle tree of ${this.leaves} leaves holds no complete subtree of 2^${level} leaves at ${start}`,
      );
    }
    // A copy, so that a caller mutating a proof cannot corrupt the tree.
    return new Uint8Array(this.read(level, start / width));
  }

  /** MTH of the first `treeSize` leaves (default: all of them). */
  root(treeSize: number = this.leaves): Uint8Array {
    return treeRoot(treeSize, this);
  }

  private read(level: number, position: number): Buffer {
    const offset = position * HASH_SIZE;
    return this.levels[level]!.subarray(offset, offset + HASH_SIZE);
  }

  private write(level: number, position: number, hash: Uint8Array): void {
    let buffer = this.levels[level] ?? Buffer.alloc(INITIAL_CAPACITY * HASH_SIZE);
    const offset = position * HASH_SIZE;
    if (offset + HASH_SIZE > buffer.length) {
      const grown = Buffer.alloc(buffer.length * 2);
      buffer.copy(grown);
      buffer = grown;
    }
    this.levels[level] = buffer;
    buffer.set(hash, offset);
  }
}
