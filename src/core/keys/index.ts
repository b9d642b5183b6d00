/** Keys and signature schemes: parse, encode, generate, sign, verify. */
export { KEY_ERRORS } from './errors.js';
export {
  KEY_KINDS,
  MIN_RSA_BITS,
  defaultHash,
  kindOfKeyObject,
  type Ed25519Mode,
  type HashName,
  type KeyKind,
} from './key-kind.js';
export {
  encodePublicKeyPem,
  parsePublicKey,
  publicKeyFromCertificate,
  publicKeyFromDer,
  publicKeyFromKeyObject,
  type PublicKey,
} from './public-key.js';
export {
  encodePrivateKeyPem,
  exportPkcs8,
  generateKeyPair,
  parsePrivateKey,
  privateKeyFromKeyObject,
  privateKeyFromPkcs8,
  type GenerateOptions,
  type PrivateKey,
} from './private-key.js';
export { signData, verifySignature, type SignatureOptions } from './signature.js';
