/**
 * The Merkle tree of Signet's transparency log: RFC 6962 / RFC 9162 section 2 with
 * SHA-256. Pure and synchronous: hashing, proof generation over a hash source, and
 * proof verification.
 */
export { MERKLE_ERRORS } from './errors.js';
export { HASH_SIZE, leafHash, nodeHash, emptyRoot, hexOf } from './hashes.js';
export { rootOf } from './root.js';
export type { SubtreeId } from './subtrees.js';
export {
  subtreesOf,
  resolveProofPlan,
  type MerkleHashSource,
  type ProofPlan,
} from './hash-source.js';
export { inclusionProofPlan, consistencyProofPlan } from './proof-plan.js';
export { inclusionProof, consistencyProof, treeRoot } from './proofs.js';
export { InMemoryMerkleTree, MAX_IN_MEMORY_LEAVES } from './memory-tree.js';
export {
  verifyInclusion,
  verifyConsistency,
  rootFromInclusionProof,
  rootFromConsistencyProof,
} from './verify.js';
