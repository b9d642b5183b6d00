/**
 * The right border of an append-only RFC 6962 tree: the complete subtrees whose sizes
 * are the binary digits of the tree size (a "compact range"). Appending a leaf merges
 * equal-sized neighbours, which yields exactly the complete subtrees the store must save,
 * and the root is these border hashes folded right to left. O(log n) memory and work.
 */
import { emptyRoot, nodeHash, type SubtreeId } from '../merkle/index.js';
import type { SubtreeHash } from './log-store.js';

export class MerkleFrontier {
  private readonly border: SubtreeHash[];
  private leaves: number;

  /** `border` must be the subtrees of rangeSubtreesOf(size), left to right. */
  constructor(size: number, border: readonly SubtreeHash[]) {
    this.leaves = size;
    this.border = [...border];
  }

  /** The border subtrees a frontier of `size` leaves is built from. */
  static borderOf(size: number): SubtreeId[] {
    return rangeSubtreesOf(size);
  }

  get size(): number {
    return this.leaves;
  }

  /** Appends a leaf hash; returns the subtrees it completes, the leaf itself first. */
  append(leafHash: Uint8Array): SubtreeHash[] {
    const completed: SubtreeHash[] = [{ start: this.leaves, level: 0, hash: leafHash }];
    this.border.push(completed[0]!);
    this.leaves += 1;
    for (;;) {
      const right = this.border[this.border.length - 1];
      const left = this.border[this.border.length - 2];
      if (right === undefined || left === undefined || left.level !== right.level) break;
      const merged = {
        start: left.start,
        level: left.level + 1,
        hash: nodeHash(left.hash, right.hash),
      };
      this.border.splice(-2, 2, merged);
      completed.push(merged);
    }
    return completed;
  }

  /** MTH of the whole tree. */
  root(): Uint8Array {
    if (this.border.length === 0) return emptyRoot();
    let hash = this.border[this.border.length - 1]!.hash;
    for (let i = this.border.length - 2; i >= 0; i--) hash = nodeHash(this.border[i]!.hash, hash);
    return hash;
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier(this.leaves, this.border);
  }
}

/** The complete subtrees, left to right, that make up the tree of `size` leaves. */
function rangeSubtreesOf(size: number): SubtreeId[] {
  const out: SubtreeId[] = [];
  let start = 0;
  let remaining = size;
  while (remaining > 0) {
    let width = 1;
    let level = 0;
    while (width * 2 <= remaining) {
      width *= 2;
      level += 1;
    }
    out.push({ start, level });
    start += width;
    remaining -= width;
  }
  return out;
}
