/**
 * The storage a transparency log needs, implemented by SQLite and PostgreSQL. Tables are
 * append-only: entries, the roots of complete Merkle subtrees (so a proof is a handful of
 * indexed lookups), checkpoints, and search keys. One `append` is one transaction that
 * holds a whole batch with its subtree hashes and its checkpoint, so a batch is either
 * fully durable or absent.
 */
import type { SubtreeId } from '../merkle/index.js';

export interface StoredEntry {
  readonly logIndex: number;
  /** hex RFC 6962 leaf hash of `body`. */
  readonly uuid: string;
  /** The canonical body (leaf bytes). */
  readonly body: Uint8Array;
  /** Unix seconds. */
  readonly integratedTime: number;
  readonly kind: string;
  readonly apiVersion: string;
  /** The log's SET over {body, integratedTime, logID, logIndex}. */
  readonly signedEntryTimestamp: Uint8Array;
}

export interface NewEntry extends StoredEntry {
  readonly searchKeys: readonly string[];
}

export interface StoredCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The signed note. */
  readonly note: string;
}

export interface SubtreeHash extends SubtreeId {
  readonly hash: Uint8Array;
}

export interface AppendBatch {
  /** Consecutive indices starting at the current size. */
  readonly entries: readonly NewEntry[];
  /** Every complete subtree the batch completes (level 0 included). */
  readonly subtrees: readonly SubtreeHash[];
  /** The signed tree head after the batch. */
  readonly checkpoint: StoredCheckpoint;
}

/** Facts fixed when the log is created. */
export interface LogIdentity {
  /** Decimal tree ID (Rekor LogInfo.treeID). */
  readonly treeId: string;
  /** hex SHA-256 of the log key's DER SPKI. */
  readonly logId: string;
}

export type SearchOperator = 'and' | 'or';

export interface LogStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Returns the stored identity, or stores `proposed` when the log is new. */
  identity(proposed: LogIdentity): Promise<LogIdentity>;
  /** The checkpoint with the largest size, undefined for a log never written. */
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** Roots of the given subtrees, keyed `${level}/${start}`; absent ones are missing. */
  subtreeHashes(ids: readonly SubtreeId[]): Promise<Map<string, Uint8Array>>;
  entriesByUuid(uuids: readonly string[]): Promise<StoredEntry[]>;
  entriesByIndex(indexes: readonly number[]): Promise<StoredEntry[]>;
  /** UUIDs of entries indexed under the keys, oldest first, at most `limit`. */
  search(keys: readonly string[], operator: SearchOperator, limit: number): Promise<string[]>;
  /** Writes a batch in one transaction; TLOG_STORE_CONFLICT if the log is not at its start. */
  append(batch: AppendBatch): Promise<void>;
  close(): Promise<void>;
}

export function subtreeKey(id: SubtreeId): string {
  return `${id.level}/${id.start}`;
}
