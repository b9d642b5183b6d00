/**
 * Storage of Signet's transparency log: the LogStore interface with SQLite and
 * PostgreSQL implementations, and the sequencer that batches appends into durable
 * transactions with one signed checkpoint each.
 */
export { STORE_ERRORS } from './errors.js';
export type {
  AppendBatch,
  LogIdentity,
  LogStore,
  NewEntry,
  SearchOperator,
  StoredCheckpoint,
  StoredEntry,
  SubtreeHash,
} from './log-store.js';
export { openLogStore } from './open-store.js';
export { openSqliteLogStore } from './sqlite-store.js';
export { openPostgresLogStore } from './postgres-store.js';
export { MerkleFrontier } from './frontier.js';
export { issueCheckpoint, type CheckpointIssuer } from './checkpoint-issuer.js';
export { Sequencer, type Sequenced, type SequencerOptions } from './sequencer.js';
export { consistencyProofOf, inclusionProofs, treeRootOf } from './store-proofs.js';
