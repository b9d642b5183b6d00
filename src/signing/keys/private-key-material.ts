/**
 * Turns key material from any reference into a private key: cosign's encrypted formats
 * need the password, plain PKCS#8/SEC 1/PKCS#1 PEM (`import-key-pair` inputs) does not.
 */
import { parsePrivateKey, type PrivateKey } from '../../core/keys/index.js';
import {
  decryptPrivateKey,
  ENCRYPTED_KEY_PEM_TYPE,
  LEGACY_ENCRYPTED_KEY_PEM_TYPE,
} from './encrypted-key.js';
import type { KeyMaterial } from './key-reference.js';

export function isEncryptedKey(text: string): boolean {
  return (
    text.includes(`-----BEGIN ${ENCRYPTED_KEY_PEM_TYPE}-----`) ||
    text.includes(`-----BEGIN ${LEGACY_ENCRYPTED_KEY_PEM_TYPE}-----`)
  );
}

/** `password` is read only for encrypted keys; pass `''` for cosign's empty password. */
export async function privateKeyFromMaterial(
  material: KeyMaterial,
  password: string | Uint8Array,
): Promise<PrivateKey> {
  if (isEncryptedKey(material.text))
    return decryptPrivateKey(material.text, password, material.source);
  return parsePrivateKey(material.text, material.source);
}
