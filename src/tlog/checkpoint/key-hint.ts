/**
 * Key hints: the 4 bytes before each signature in a note that say which key made it.
 *
 * Two rules exist, and they differ only for Ed25519:
 * - Rekor v1 (`getPublicKeyHash` in sigstore/rekor pkg/util/signed_note.go) uses
 *   SHA-256(DER SubjectPublicKeyInfo)[:4] for every key type; that is logID[0:4], which
 *   is what sigstore-js compares against its trusted root (reference section 1.5).
 * - C2SP signed-note uses SHA-256(name || 0x0A || 0x01 || 32-byte key)[:4] for Ed25519
 *   and, for ECDSA (signature type 0x02), SHA-256(DER SPKI)[:4], the same as Rekor v1
 *   (reference section 1.7; Rekor v2 follows this rule).
 * Signet's log is Rekor v1 compatible, so 'rekor-v1' is the default everywhere.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { KEY_HINT_BYTES } from './note.js';
import { checkpointKeyKind } from './log-key.js';

export type KeyHintRule = 'rekor-v1' | 'c2sp';

/** SHA-256(DER SPKI)[:4]: the Rekor v1 hint for any key, and the first 4 bytes of its logID. */
export function rekorKeyHint(publicKey: KeyObject): Uint8Array {
  checkpointKeyKind(publicKey, 'public');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return truncatedHash(spki);
}

/** The C2SP signed-note key ID of `publicKey` under key name `name`. */
export function c2spKeyHint(name: string, publicKey: KeyObject): Uint8Array {
  switch (checkpointKeyKind(publicKey, 'public')) {
    case 'ecdsa-p256':
      return rekorKeyHint(publicKey);
    case 'ed25519': {
      const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
      return truncatedHash(
        Buffer.concat([Buffer.from(name, 'utf8'), Uint8Array.of(0x0a, 0x01), raw]),
      );
    }
  }
}

export function keyHintFor(publicKey: KeyObject, name: string, rule: KeyHintRule): Uint8Array {
  switch (rule) {
    case 'rekor-v1':
      return rekorKeyHint(publicKey);
    case 'c2sp':
      return c2spKeyHint(name, publicKey);
  }
}

function truncatedHash(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest().subarray(0, KEY_HINT_BYTES));
}
