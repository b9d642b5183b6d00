/** cosign key files and key references. */
export { SIGNING_KEY_ERRORS } from './errors.js';
export {
  ENCRYPTED_KEY_PEM_TYPE,
  LEGACY_ENCRYPTED_KEY_PEM_TYPE,
  decryptPrivateKey,
  encryptPrivateKey,
  type EncryptOptions,
} from './encrypted-key.js';
export { ACCEPTED_SCRYPT_N, DEFAULT_SCRYPT_N, type ScryptN } from './scrypt-params.js';
export {
  MAX_KEY_FILE_BYTES,
  loadKeyReference,
  type KeyMaterial,
  type KeyReferenceReaders,
} from './key-reference.js';
export { isEncryptedKey, privateKeyFromMaterial } from './private-key-material.js';
