/**
 * Proofs over a LogStore: plan the subtrees a proof needs (src/tlog/merkle), fetch them
 * all in one store call, and resolve the plan. A missing subtree means the store is
 * damaged, never that the client asked for something odd (requests are checked first).
 */
import {
  consistencyProof,
  consistencyProofPlan,
  inclusionProof,
  inclusionProofPlan,
  resolveProofPlan,
  subtreesOf,
  type MerkleHashSource,
  type ProofPlan,
  treeRoot,
} from '../merkle/index.js';
import { MerkleFrontier } from './frontier.js';
import { storeError } from './errors.js';
import { subtreeKey, type LogStore } from './log-store.js';

/** Inclusion proofs of several leaves in the tree of `treeSize`, with one fetch. */
export async function inclusionProofs(
  store: LogStore,
  leafIndexes: readonly number[],
  treeSize: number,
): Promise<Uint8Array[][]> {
  // The merkle module validates arguments; this throws TLOG_PROOF_REQUEST_INVALID early.
  const validator: MerkleHashSource = { size: treeSize, subtreeRoot: () => new Uint8Array(32) };
  for (const index of leafIndexes) inclusionProof(index, treeSize, validator);
  const plans = leafIndexes.map((index) => inclusionProofPlan(index, treeSize));
  const source = await fetchSource(store, plans, treeSize);
  return plans.map((plan) => resolveProofPlan(plan, source));
}

export async function consistencyProofOf(
  store: LogStore,
  size1: number,
  size2: number,
): Promise<Uint8Array[]> {
  const validator: MerkleHashSource = { size: size2, subtreeRoot: () => new Uint8Array(32) };
  consistencyProof(size1, size2, validator);
  if (size1 === size2) return [];
  const plan = consistencyProofPlan(size1, size2);
  return resolveProofPlan(plan, await fetchSource(store, [plan], size2));
}

async function fetchSource(
  store: LogStore,
  plans: readonly ProofPlan[],
  size: number,
): Promise<MerkleHashSource> {
  const ids = subtreesOf(plans.flat());
  const hashes = await store.subtreeHashes(ids);
  return {
    size,
    subtreeRoot(start, level) {
      const hash = hashes.get(subtreeKey({ start, level }));
      if (hash === undefined) {
        throw storeError(
          'TLOG_STORE_CORRUPT',
          `the log database lacks the subtree hash of 2^${level} leaves at ${start}`,
        );
      }
      return hash;
    },
  };
}

/** MTH of the first `size` leaves of the stored tree. */
export async function treeRootOf(store: LogStore, size: number): Promise<Uint8Array> {
  const validator: MerkleHashSource = { size, subtreeRoot: () => new Uint8Array(32) };
  treeRoot(size, validator);
  const ids = MerkleFrontier.borderOf(size);
  const source = await fetchSource(store, [ids.map((id) => [id])], size);
  return treeRoot(size, source);
}
