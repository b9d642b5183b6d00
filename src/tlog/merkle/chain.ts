/**
 * The hash-chaining steps shared by inclusion and consistency verification, exactly as
 * RFC 9162 sections 2.1.3.2 and 2.1.4.2 describe them in their bit-twiddling form
 * (the same steps as transparency-dev/merkle proof/verify.go).
 *
 * Indices are BigInt here: tree sizes in a proof are attacker-chosen and may exceed
 * 2^32, where JavaScript's bit operators would silently truncate.
 */
import { nodeHash } from './hashes.js';

/** Lengths of the two parts of the audit path of leaf `index` in a tree of `size`. */
export interface ProofShape {
  /** Hashes below the point where the paths to `index` and to the last leaf diverge. */
  readonly inner: number;
  /** Hashes of left siblings along the tree's right border above that point. */
  readonly border: number;
}

export function decomposeInclusionProof(index: bigint, size: bigint): ProofShape {
  const inner = bitLength(index ^ (size - 1n));
  const border = popCount(index >> BigInt(inner));
  return { inner, border };
}

/** Chains `seed` up the inner part: the bit of `index` at each level says which side it is on. */
export function chainInner(
  seed: Uint8Array,
  proof: readonly Uint8Array[],
  index: bigint,
): Uint8Array {
  let hash = seed;
  proof.forEach((sibling, level) => {
    hash = bitAt(index, level) ? nodeHash(sibling, hash) : nodeHash(hash, sibling);
  });
  return hash;
}

/**
 * Like chainInner but only takes the left siblings, which yields the root of the same
 * subtree as it was in the older, smaller tree (consistency verification).
 */
export function chainInnerRight(
  seed: Uint8Array,
  proof: readonly Uint8Array[],
  index: bigint,
): Uint8Array {
  let hash = seed;
  proof.forEach((sibling, level) => {
    if (bitAt(index, level)) hash = nodeHash(sibling, hash);
  });
  return hash;
}

/** Chains along the right border, where every remaining sibling is on the left. */
export function chainBorderRight(seed: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  let hash = seed;
  for (const sibling of proof) hash = nodeHash(sibling, hash);
  return hash;
}

export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

export function popCount(value: bigint): number {
  let count = 0;
  for (const digit of value.toString(2)) if (digit === '1') count += 1;
  return count;
}

/** Number of trailing zero bits; precondition value > 0. */
export function trailingZeros(value: bigint): number {
  let count = 0;
  for (let rest = value; (rest & 1n) === 0n; rest >>= 1n) count += 1;
  return count;
}

function bitAt(value: bigint, position: number): boolean {
  return ((value >> BigInt(position)) & 1n) === 1n;
}
