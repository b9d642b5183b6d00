/**
 * Checks a cosign `.sig` layer signature (base64 annotation) over the payload bytes with
 * the schemes cosign signs them with (sigstore/cosign pkg/cosign/keys.go, sigstore/sigstore
 * pkg/signature).
 */
import { verifySignature, type HashName, type PublicKey } from '../../core/keys/index.js';
import { COSIGN_ED25519_MODE } from '../cosign/signature-layer.js';

/**
 * Hashes to try per key kind. P-384 and P-521 signatures are made with the curve's hash
 * by current cosign, but cosign before v2.5 hashed with SHA-256 for every key (its
 * `LoadPublicKey` hard-codes crypto.SHA256), so those signatures remain valid too.
 * ECDSA with SHA-256 on P-384/P-521 is not weaker than on P-256.
 */
function hashesFor(key: PublicKey): readonly HashName[] {
  switch (key.kind) {
    case 'ecdsa-p256':
    case 'rsa':
      return ['sha256'];
    case 'ecdsa-p384':
      return ['sha384', 'sha256'];
    case 'ecdsa-p521':
      return ['sha512', 'sha256'];
    case 'ed25519':
      return ['sha512'];
  }
}

/** True when `signature` over `payload` verifies with `key` under a cosign scheme. */
export function verifyCosignSignature(
  key: PublicKey,
  payload: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (key.kind === 'ed25519')
    return verifySignature(key, payload, signature, { ed25519: COSIGN_ED25519_MODE });
  return hashesFor(key).some((hash) => verifySignature(key, payload, signature, { hash }));
}

/** The first key `signature` verifies with, or undefined. */
export function findSigningKey(
  keys: readonly PublicKey[],
  payload: Uint8Array,
  signature: Uint8Array,
): PublicKey | undefined {
  return keys.find((key) => verifyCosignSignature(key, payload, signature));
}
