/**
 * Signed entry timestamps (SET): the log's promise that it integrated an entry at a time
 * and index (sigstore/rekor pkg/api/entries.go signEntry). The signed bytes are the JCS of
 * exactly {body, integratedTime, logID, logIndex}, signed before `verification` exists,
 * with the log key: ECDSA-SHA256 in DER for a P-256 key (reference section 1.4).
 */
import { verify, type KeyObject } from 'node:crypto';
import { canonicalJsonBytes } from '../../core/canonical-json.js';
import { checkpointKeyKind, type CheckpointSigner } from '../checkpoint/index.js';

export interface SetFields {
  /** base64 of the canonical body. */
  readonly body: string;
  readonly integratedTime: number;
  readonly logID: string;
  readonly logIndex: number;
}

/** The bytes a SET signs. */
export function setPayload(fields: SetFields): Uint8Array {
  return canonicalJsonBytes({
    body: fields.body,
    integratedTime: fields.integratedTime,
    logID: fields.logID,
    logIndex: fields.logIndex,
  });
}

/** Signs a SET with the log's signer (the one that signs its checkpoints). */
export function signEntryTimestamp(signer: CheckpointSigner, fields: SetFields): Uint8Array {
  return signer(setPayload(fields));
}

/** True when `signature` is the log key's SET over `fields`. */
export function verifyEntryTimestamp(
  logPublicKey: KeyObject,
  fields: SetFields,
  signature: Uint8Array,
): boolean {
  const data = setPayload(fields);
  try {
    switch (checkpointKeyKind(logPublicKey, 'public')) {
      case 'ecdsa-p256':
        return verify('sha256', data, { key: logPublicKey, dsaEncoding: 'der' }, signature);
      case 'ed25519':
        return verify(null, data, logPublicKey, signature);
    }
  } catch {
    return false;
  }
}
