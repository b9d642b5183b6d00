/**
 * Signs the log's tree heads: one checkpoint per batch, in the layout Rekor v1 emits
 * (origin "<hostname> - <decimal tree ID>", key name = hostname, Rekor key hint).
 */
import { formatCheckpoint, signCheckpoint, type CheckpointSigner } from '../checkpoint/index.js';
import type { StoredCheckpoint } from './log-store.js';

export interface CheckpointIssuer {
  readonly signer: CheckpointSigner;
  /** "<hostname> - <decimal tree ID>". */
  readonly origin: string;
  /** The signature line's key name: the hostname clients find in their trusted baseUrl. */
  readonly keyName: string;
  /** rekorKeyHint(log public key): logID[0:4]. */
  readonly keyHint: Uint8Array;
}

export function issueCheckpoint(
  issuer: CheckpointIssuer,
  size: number,
  rootHash: Uint8Array,
): StoredCheckpoint {
  const body = formatCheckpoint({ origin: issuer.origin, size, rootHash, otherContent: [] });
  return {
    size,
    rootHash,
    note: signCheckpoint(body, issuer.signer, issuer.keyName, issuer.keyHint),
  };
}
