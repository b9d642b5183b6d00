/**
 * Which subtree hashes make up an inclusion or consistency proof, without reading any.
 *
 * These are the recursive PATH and PROOF definitions of RFC 9162 sections 2.1.3.1 and
 * 2.1.4.1 (RFC 6962 sections 2.1.1 and 2.1.2) unrolled into loops: each step splits the
 * current range D[a:b] at k, the largest power of two below b - a, and records the
 * sibling range it does not descend into. Rows come out root-first, so they are reversed
 * to the leaf-to-root order the verifiers expect. Preconditions (checked by the callers
 * in proofs.ts): 0 <= leafIndex < treeSize, and 0 < size1 <= size2.
 */
import type { ProofPlan } from './hash-source.js';
import { rangeSubtrees, splitPoint, type SubtreeId } from './subtrees.js';

/** PATH(m, D[n]): the audit path of leaf m in the tree of n leaves. */
export function inclusionProofPlan(leafIndex: number, treeSize: number): ProofPlan {
  const rows: SubtreeId[][] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (leafIndex < start + k.size) {
      // PATH(m, D[0:k]) ++ [MTH(D[k:n])]
      rows.push(rangeSubtrees(start + k.size, end));
      end = start + k.size;
    } else {
      // PATH(m - k, D[k:n]) ++ [MTH(D[0:k])]
      rows.push([{ start, level: k.level }]);
      start += k.size;
    }
  }
  return rows.reverse();
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true): proves the tree of size1 is a prefix of size2. */
export function consistencyProofPlan(size1: number, size2: number): ProofPlan {
  const rows: SubtreeId[][] = [];
  let start = 0;
  let end = size2;
  // `completeOld` is the RFC's flag b: true while D[start:end] may still be the old tree
  // itself, whose root the verifier already has and which is therefore left out.
  let completeOld = true;
  // Invariant: start < size1 <= end, so the loop ends when the old tree's edge is reached.
  while (size1 !== end) {
    const k = splitPoint(end - start);
    if (size1 <= start + k.size) {
      // SUBPROOF(m, D[0:k], b) ++ [MTH(D[k:n])]
      rows.push(rangeSubtrees(start + k.size, end));
      end = start + k.size;
    } else {
      // SUBPROOF(m - k, D[k:n], false) ++ [MTH(D[0:k])]
      rows.push([{ start, level: k.level }]);
      start += k.size;
      completeOld = false;
    }
  }
  // SUBPROOF(m, D[m], false) = [MTH(D[m])]; with b true it is empty.
  if (!completeOld) rows.push(rangeSubtrees(start, end));
  return rows.reverse();
}
