/**
 * A log entry as the Rekor v1 API returns it (openapi.yaml definitions.LogEntry): the
 * response is a map from the 80-hex entry ID to this object.
 */

export interface InclusionProofJson {
  /** Index inside the tree; equal to the entry's logIndex for an unsharded log. */
  readonly logIndex: number;
  /** hex root of the tree of `treeSize` leaves. */
  readonly rootHash: string;
  readonly treeSize: number;
  /** hex hashes, leaf to root. */
  readonly hashes: readonly string[];
  /** Signed note of that tree head. */
  readonly checkpoint: string;
}

export interface LogEntryJson {
  /** base64 of the canonical body (the leaf bytes). */
  readonly body: string;
  /** Unix seconds at which the log sequenced the entry. */
  readonly integratedTime: number;
  /** hex SHA-256 of the log key's DER SPKI. */
  readonly logID: string;
  readonly logIndex: number;
  readonly verification?: {
    /** base64 DER signature by the log key over the SET payload (set.ts). */
    readonly signedEntryTimestamp?: string;
    readonly inclusionProof?: InclusionProofJson;
  };
}

/** The response map: exactly one member, keyed by entry ID. */
export type LogEntryResponse = Readonly<Record<string, LogEntryJson>>;
