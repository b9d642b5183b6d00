/**
 * A Rekor v1 log entry as the `verificationMaterial.tlogEntries[]` member of a Sigstore
 * bundle (protobuf-specs TransparencyLogEntry, protobuf JSON mapping: int64 as decimal
 * strings, bytes as base64 where the Rekor API uses hex), as sigstore-js
 * toTransparencyLogEntry writes it (reference section 3.2).
 */
import { decodeBase64 } from '../../core/base64.js';
import type { LogEntryJson } from '../../tlog/entry/index.js';

const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

export function transparencyLogEntryJson(entry: LogEntryJson): Record<string, unknown> {
  const body = JSON.parse(new TextDecoder().decode(decodeBase64(entry.body, 'log entry body'))) as {
    kind?: unknown;
    apiVersion?: unknown;
  };
  const set = entry.verification?.signedEntryTimestamp;
  const proof = entry.verification?.inclusionProof;
  return {
    logIndex: String(entry.logIndex),
    logId: { keyId: b64(entry.logID) },
    kindVersion: { kind: String(body.kind), version: String(body.apiVersion) },
    integratedTime: String(entry.integratedTime),
    ...(set === undefined ? {} : { inclusionPromise: { signedEntryTimestamp: set } }),
    ...(proof === undefined
      ? {}
      : {
          inclusionProof: {
            logIndex: String(proof.logIndex),
            rootHash: b64(proof.rootHash),
            treeSize: String(proof.treeSize),
            hashes: proof.hashes.map(b64),
            checkpoint: { envelope: proof.checkpoint },
          },
        }),
    canonicalizedBody: entry.body,
  };
}
