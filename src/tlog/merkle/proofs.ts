/**
 * Proof generation over a MerkleHashSource (RFC 9162 sections 2.1.3.1 and 2.1.4.1).
 *
 * The log server calls these with sizes and indices taken from client requests, so every
 * argument is checked against the tree before any hash is read.
 */
import { merkleError } from './errors.js';
import { emptyRoot } from './hashes.js';
import { foldRow, resolveProofPlan, type MerkleHashSource } from './hash-source.js';
import { consistencyProofPlan, inclusionProofPlan } from './proof-plan.js';
import { isTreeCount, rangeSubtrees } from './subtrees.js';

/** The audit path of leaf `leafIndex` in the tree of the first `treeSize` leaves, leaf to root. */
export function inclusionProof(
  leafIndex: number,
  treeSize: number,
  source: MerkleHashSource,
): Uint8Array[] {
  requireTreeSize(treeSize, source, 'tree size');
  if (!isTreeCount(leafIndex) || leafIndex >= treeSize) {
    throw merkleError(
      'TLOG_PROOF_REQUEST_INVALID',
      `cannot prove inclusion of leaf ${leafIndex} in a tree of size ${treeSize}: the leaf index must be between 0 and ${treeSize - 1}`,
    );
  }
  return resolveProofPlan(inclusionProofPlan(leafIndex, treeSize), source);
}

/**
 * The proof that the tree of the first `size1` leaves is a prefix of the tree of the
 * first `size2`. Empty when the sizes are equal. A proof from the empty tree is
 * refused: it would prove nothing, and verifiers reject it (transparency-dev/merkle).
 */
export function consistencyProof(
  size1: number,
  size2: number,
  source: MerkleHashSource,
): Uint8Array[] {
  requireTreeSize(size2, source, 'second tree size');
  if (!isTreeCount(size1) || size1 < 1 || size1 > size2) {
    throw merkleError(
      'TLOG_PROOF_REQUEST_INVALID',
      `cannot prove consistency from tree size ${size1} to ${size2}: the first size must be between 1 and ${size2}`,
    );
  }
  if (size1 === size2) return [];
  return resolveProofPlan(consistencyProofPlan(size1, size2), source);
}

/** MTH of the first `treeSize` leaves of the source, with O(log n) lookups. */
export function treeRoot(treeSize: number, source: MerkleHashSource): Uint8Array {
  requireTreeSize(treeSize, source, 'tree size');
  return treeSize === 0 ? emptyRoot() : foldRow(rangeSubtrees(0, treeSize), source);
}

function requireTreeSize(size: number, source: MerkleHashSource, label: string): void {
  if (!isTreeCount(size) || size > source.size) {
    throw merkleError(
      'TLOG_PROOF_REQUEST_INVALID',
      `${label} ${size} is not available: the log holds ${source.size} entries`,
    );
  }
}
