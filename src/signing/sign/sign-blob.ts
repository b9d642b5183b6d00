/**
 * `cosign sign-blob --key` / `verify-blob --key` compatible signatures over arbitrary
 * bytes: the signature is over the file itself (ECDSA hashes it with the curve's hash,
 * SHA-256 for P-256), printed as standard base64.
 */
import { decodeBase64 } from '../../core/base64.js';
import type { PrivateKey, PublicKey } from '../../core/keys/index.js';
import { findSigningKey } from '../verify/index.js';
import { cosignSignatureOf } from './cosign-signature.js';

export function signBlob(key: PrivateKey, blob: Uint8Array): string {
  return cosignSignatureOf(key, blob);
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
  return findSigningKey(keys, blob, bytes);
}
