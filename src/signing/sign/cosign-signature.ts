/**
 * Signatures in cosign's schemes for `.sig` layers and `sign-blob` (sigstore/cosign
 * pkg/cosign/keys.go): ECDSA DER over the curve's hash of the data, RSA PKCS#1 v1.5 with
 * SHA-256, Ed25519 in its prehash form Ed25519ph (cosign loads Ed25519 keys that way).
 */
import { encodeBase64 } from '../../core/base64.js';
import { signData, type PrivateKey } from '../../core/keys/index.js';
import { COSIGN_ED25519_MODE } from '../cosign/index.js';

/** The signature bytes, as the transparency log records them. */
export function cosignSignature(key: PrivateKey, data: Uint8Array): Uint8Array {
  return signData(key, data, { ed25519: COSIGN_ED25519_MODE });
}

/** Standard base64 of the signature, as the `dev.cosignproject.cosign/signature` annotation holds it. */
export function cosignSignatureOf(key: PrivateKey, data: Uint8Array): string {
  return encodeBase64(cosignSignature(key, data));
}
