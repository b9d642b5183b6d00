/**
 * The storage abstraction behind proof generation: anything that can return the root of
 * a complete subtree. A database store keeps those roots as rows; `InMemoryMerkleTree`
 * keeps them level by level in flat buffers.
 */
import { merkleError } from './errors.js';
import { HASH_SIZE, nodeHash } from './hashes.js';
import type { SubtreeId } from './subtrees.js';

export interface MerkleHashSource {
  /** Number of leaves stored; proofs can be made for any tree size up to this. */
  readonly size: number;
  /**
   * Root of the complete subtree over leaves [start, start + 2^level). Callers only ask
   * for aligned subtrees (start is a multiple of 2^level) that lie within `size`.
   */
  subtreeRoot(start: number, level: number): Uint8Array;
}

/**
 * One proof hash, described as the row of complete subtrees that make it up (left to
 * right). Most rows have one subtree; only ranges on the tree's right border have more.
 */
export type ProofPlan = readonly (readonly SubtreeId[])[];

/**
 * Every distinct subtree a plan needs, so that an asynchronous store can fetch them in
 * one query and then resolve the plan through a synchronous map-backed source.
 */
export function subtreesOf(plan: ProofPlan): SubtreeId[] {
  const seen = new Map<string, SubtreeId>();
  for (const row of plan) for (const id of row) seen.set(`${id.level}/${id.start}`, id);
  return [...seen.values()];
}

/** Turns a plan into hashes: each row's subtree roots folded right to left. */
export function resolveProofPlan(plan: ProofPlan, source: MerkleHashSource): Uint8Array[] {
  return plan.map((row) => foldRow(row, source));
}

/** MTH of a row of complete subtrees (RFC 6962 section 2.1: the right part hashes last). */
export function foldRow(row: readonly SubtreeId[], source: MerkleHashSource): Uint8Array {
  let hash: Uint8Array | undefined;
  for (let i = row.length - 1; i >= 0; i--) {
    const id = row[i]!;
    const root = source.subtreeRoot(id.start, id.level);
    if (root.length !== HASH_SIZE) {
      throw merkleError(
        'TLOG_HASH_SOURCE_INVALID',
        `hash storage returned ${root.length} bytes for the subtree of 2^${id.level} leaves at ${id.start}, expected ${HASH_SIZE}`,
      );
    }
    hash = hash === undefined ? root : nodeHash(root, hash);
  }
  if (hash === undefined) throw new Error('foldRow: empty row (a bug in the proof planner)');
  return hash;
}
