/**
 * Stored entries as the Rekor v1 API returns them: `{<entryID>: {body, integratedTime,
 * logID, logIndex, verification: {signedEntryTimestamp, inclusionProof}}}`, hashes in hex,
 * the SET in base64, the proof against the given checkpoint.
 */
import { encodeBase64 } from '../../core/base64.js';
import { entryIdOf, type LogEntryJson } from '../entry/index.js';
import { hexOf } from '../merkle/index.js';
import type { StoredCheckpoint, StoredEntry } from '../store/index.js';

export interface EntryView {
  readonly entryId: string;
  readonly json: LogEntryJson;
}

export function entryView(
  entry: StoredEntry,
  checkpoint: StoredCheckpoint,
  proof: readonly Uint8Array[],
  identity: { readonly treeId: string; readonly logId: string },
): EntryView {
  return {
    entryId: entryIdOf(identity.treeId, entry.uuid),
    json: {
      body: encodeBase64(entry.body),
      integratedTime: entry.integratedTime,
      logID: identity.logId,
      logIndex: entry.logIndex,
      verification: {
        signedEntryTimestamp: encodeBase64(entry.signedEntryTimestamp),
        inclusionProof: {
          logIndex: entry.logIndex,
          rootHash: hexOf(checkpoint.rootHash),
          treeSize: checkpoint.size,
          hashes: proof.map(hexOf),
          checkpoint: checkpoint.note,
        },
      },
    },
  };
}
