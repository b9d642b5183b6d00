/**
 * Arithmetic on the complete subtrees of an RFC 6962 tree.
 *
 * Every hash in an inclusion or consistency proof is the root of a range of leaves
 * D[start:end] that the recursive definitions of RFC 9162 sections 2.1.3.1 and 2.1.4.1
 * reach; such a range is a row of complete (perfect) subtrees of decreasing size. A store
 * that keeps the root of every complete subtree can therefore answer any proof with
 * O(log n) lookups. Plain arithmetic (no 32-bit bit operators) keeps sizes exact up to
 * Number.MAX_SAFE_INTEGER.
 */

/** The complete subtree covering leaves [start, start + 2^level). */
export interface SubtreeId {
  readonly start: number;
  readonly level: number;
}

/** The largest power of two strictly below n (n >= 2): the RFC 6962 split point k. */
export function splitPoint(n: number): { readonly size: number; readonly level: number } {
  let size = 1;
  let level = 0;
  while (size * 2 < n) {
    size *= 2;
    level += 1;
  }
  return { size, level };
}

/**
 * The complete subtrees, left to right and of strictly decreasing size, whose hashes
 * folded right to left give MTH(D[start:end]). Precondition: start < end and start is a
 * multiple of the largest power of two not above end - start, which holds for every
 * range the RFC recursion produces.
 */
export function rangeSubtrees(start: number, end: number): SubtreeId[] {
  const out: SubtreeId[] = [];
  let cursor = start;
  while (cursor < end) {
    let size = 1;
    let level = 0;
    while (size * 2 <= end - cursor) {
      size *= 2;
      level += 1;
    }
    out.push({ start: cursor, level });
    cursor += size;
  }
  return out;
}

/** True for the integers a tree size or leaf index can take. */
export function isTreeCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
