/**
 * The key types a checkpoint can be signed with, and how node:crypto signs and verifies
 * with each. Keys arrive as KeyObjects, parsed once by the caller (re-parsing a PEM per
 * verification costs 2.5x; transparency-log reference, section 5.5).
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { checkpointError } from './errors.js';

/**
 * ECDSA P-256 is what a Rekor v1 log uses (cosign's legacy SET check accepts only ECDSA);
 * Ed25519 is the C2SP signed-note default and Rekor v2's key type.
 */
export type CheckpointKeyKind = 'ecdsa-p256' | 'ed25519';

/** The kind of `key`, which must be a `role` key; TLOG_CHECKPOINT_KEY_UNSUPPORTED otherwise. */
export function checkpointKeyKind(key: KeyObject, role: 'public' | 'private'): CheckpointKeyKind {
  if (key.type !== role) {
    throw checkpointError(
      'TLOG_CHECKPOINT_KEY_UNSUPPORTED',
      `the checkpoint key is a ${key.type} key, but a ${role} key is needed here`,
    );
  }
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return 'ecdsa-p256';
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  throw checkpointError(
    'TLOG_CHECKPOINT_KEY_UNSUPPORTED',
    `checkpoint keys must be ECDSA P-256 or Ed25519, not ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` (${curve})` : ''}`,
  );
}

/** Signs `data` as a checkpoint signer: ECDSA-SHA256 in ASN.1 DER, or pure Ed25519. */
export function signWithKey(privateKey: KeyObject, data: Uint8Array): Uint8Array {
  switch (checkpointKeyKind(privateKey, 'private')) {
    case 'ecdsa-p256':
      return sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
    case 'ed25519':
      return sign(null, data, privateKey);
  }
}

/** True when `signature` is a valid signature of `data` under `publicKey`. */
export function verifyWithKey(
  kind: CheckpointKeyKind,
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  switch (kind) {
    case 'ecdsa-p256':
      return verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature);
    case 'ed25519':
      return verify(null, data, publicKey, signature);
  }
}
