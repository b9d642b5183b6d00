/**
 * Inclusion and consistency proof verification, following RFC 9162 sections 2.1.3.2
 * and 2.1.4.2 (bit-twiddling form) and the acceptance rules of transparency-dev/merkle,
 * whose test vectors these functions pass.
 *
 * Every argument is attacker-controlled (it comes from a log response or a bundle):
 * indices and sizes are range-checked, proof lengths must be exactly what the tree
 * shape requires, and every proof hash must be 32 bytes, before any hashing.
 */
import {
  chainBorderRight,
  chainInner,
  chainInnerRight,
  decomposeInclusionProof,
  trailingZeros,
} from './chain.js';
import { merkleError } from './errors.js';
import { HASH_SIZE, bytesEqual, describeHash } from './hashes.js';
import { isTreeCount } from './subtrees.js';

/** The root that an inclusion proof for `leafHash` at `leafIndex` leads to. */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  leafIndex: number,
  treeSize: number,
  proof: readonly Uint8Array[],
): Uint8Array {
  const what = `inclusion proof for leaf ${leafIndex} in tree of size ${treeSize}`;
  requireCount(treeSize, what, 'tree size');
  requireCount(leafIndex, what, 'leaf index');
  if (leafIndex >= treeSize) {
    throw merkleError('TLOG_PROOF_INVALID', `${what}: the leaf index is outside the tree`);
  }
  if (leafHash.length !== HASH_SIZE) {
    throw merkleError(
      'TLOG_PROOF_INVALID',
      `${what}: the leaf hash has ${leafHash.length} bytes, expected ${HASH_SIZE}`,
    );
  }
  const index = BigInt(leafIndex);
  const { inner, border } = decomposeInclusionProof(index, BigInt(treeSize));
  requireProofHashes(proof, inner + border, what);
  const hash = chainInner(leafHash, proof.slice(0, inner), index);
  return chainBorderRight(hash, proof.slice(inner));
}

/** Throws TLOG_PROOF_INVALID unless the proof shows `leafHash` at `leafIndex` under `root`. */
export function verifyInclusion(
  leafHash: Uint8Array,
  leafIndex: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  const computed = rootFromInclusionProof(leafHash, leafIndex, treeSize, proof);
  requireMatch(
    computed,
    root,
    `inclusion proof for leaf ${leafIndex} in tree of size ${treeSize}`,
    'root',
    'the entry is not proven to be in that tree',
  );
}

/**
 * The root of the size2 tree that a consistency proof leads to from the size1 tree
 * with root `root1`, after checking that the proof also rebuilds `root1`.
 */
export function rootFromConsistencyProof(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
): Uint8Array {
  const what = `consistency proof from tree size ${size1} to ${size2}`;
  requireCount(size1, what, 'first tree size');
  requireCount(size2, what, 'second tree size');
  if (size2 < size1) {
    throw merkleError('TLOG_PROOF_INVALID', `${what}: the second tree is smaller than the first`);
  }
  // Checked before equal sizes, as transparency-dev/merkle does: nothing is proven
  // about an empty tree, so a caller relying on such a proof is making a mistake.
  if (size1 === 0) {
    throw merkleError(
      'TLOG_PROOF_INVALID',
      `${what}: a consistency proof from the empty tree proves nothing`,
    );
  }
  // Equal sizes: the roots must simply be equal, which verifyConsistency checks.
  if (size1 === size2) {
    requireProofHashes(proof, 0, what);
    return root1;
  }
  const m = BigInt(size1);
  const shape = decomposeInclusionProof(m - 1n, BigInt(size2));
  const shift = trailingZeros(m);
  const inner = shape.inner - shift; // shift < inner whenever size1 < size2
  // When size1 is a power of two its root is a node of the new tree and seeds the
  // chain; otherwise the proof starts with the root of the subtree of size 2^shift.
  const seededByRoot1 = m === 1n << BigInt(shift);
  const start = seededByRoot1 ? 0 : 1;
  requireProofHashes(proof, start + inner + shape.border, what);
  const seed = seededByRoot1 ? root1 : proof[0]!;
  const path = proof.slice(start);
  const mask = (m - 1n) >> BigInt(shift);

  const hash1 = chainBorderRight(
    chainInnerRight(seed, path.slice(0, inner), mask),
    path.slice(inner),
  );
  requireMatch(hash1, root1, what, 'first root', OLD_ROOT_CONSEQUENCE);
  return chainBorderRight(chainInner(seed, path.slice(0, inner), mask), path.slice(inner));
}

/** Throws TLOG_PROOF_INVALID unless the size1 tree with root1 is a prefix of the size2 tree with root2. */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  const computed = rootFromConsistencyProof(size1, size2, proof, root1);
  requireMatch(
    computed,
    root2,
    `consistency proof from tree size ${size1} to ${size2}`,
    'second root',
    OLD_ROOT_CONSEQUENCE,
  );
}

/** A split view: the log showed two tree heads that cannot both be honest. */
const OLD_ROOT_CONSEQUENCE =
  'the log is not proven append-only between these tree heads; keep both as evidence';

function requireCount(value: number, what: string, label: string): void {
  if (!isTreeCount(value)) {
    throw merkleError(
      'TLOG_PROOF_INVALID',
      `${what}: the ${label} must be a whole number between 0 and 2^53 - 1`,
    );
  }
}

function requireProofHashes(proof: readonly Uint8Array[], expected: number, what: string): void {
  if (proof.length !== expected) {
    throw merkleError(
      'TLOG_PROOF_INVALID',
      `${what} has ${proof.length} hashes, expected ${expected}`,
      { details: { hashes: proof.length, expected } },
    );
  }
  proof.forEach((hash, position) => {
    if (hash.length !== HASH_SIZE) {
      throw merkleError(
        'TLOG_PROOF_INVALID',
        `${what}: hash ${position} has ${hash.length} bytes, expected ${HASH_SIZE}`,
      );
    }
  });
}

function requireMatch(
  computed: Uint8Array,
  expected: Uint8Array,
  what: string,
  label: string,
  consequence: string,
): void {
  if (!bytesEqual(computed, expected)) {
    throw merkleError(
      'TLOG_PROOF_INVALID',
      `${what} leads to ${label} ${describeHash(computed)}, not the expected ${describeHash(expected)}: ${consequence}`,
      { details: { computed: describeHash(computed), expected: describeHash(expected) } },
    );
  }
}
