/**
 * `cosign sign-blob --key` / `verify-blob --key` compatible signatures over arbitrary
 * bytes: the signature is over the file itself (ECDSA hashes it with the curve's hash,
 * SHA-256 for P-256; RSA PKCS#1 v1.5 with SHA-256), printed as standard base64.
 *
 * Ed25519: cosign sign-blob signs pure Ed25519 when it does not upload to a log ("to
 * maintain backwards compatibility", cmd/cosign/cli/sign/sign_blob.go) and Ed25519ph when
 * it does, and `cosign verify-blob --key` checks pure Ed25519. Signet's sign-blob never
 * logs, so it signs pure Ed25519; verification accepts both forms.
 */
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import {
  signData,
  verifySignature,
  type PrivateKey,
  type PublicKey,
} from '../../core/keys/index.js';
import { verifyCosignSignature } from '../verify/index.js';

export function signBlob(key: PrivateKey, blob: Uint8Array): string {
  return encodeBase64(signData(key, blob, { ed25519: 'pure' }));
}

/**
 * The key the base64 `signature` of `blob` verifies with, or undefined. Surrounding
 * whitespace is ignored (signature files end with a newline); anything not base64 is
 * simply not a valid signature.
 */
export function verifyBlob(
  keys: readonly PublicKey[],
  blob: Uint8Array,
  signature: string,
): PublicKey | undefined {
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(signature.trim(), 'blob signature');
  } catch {
    return undefined;
  }
  return keys.find(
    (key) =>
      verifyCosignSignature(key, blob, bytes) ||
      (key.kind === 'ed25519' && verifySignature(key, blob, bytes, { ed25519: 'pure' })),
  );
}
