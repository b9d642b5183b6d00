/**
 * hashedrekord v0.0.1 (sigstore/rekor pkg/types/hashedrekord/v0.0.1): a signature over an
 * artifact digest, with the public key or certificate that verifies it.
 *
 *   spec: { data: { hash: { algorithm: sha256|sha384|sha512, value: <lowercase hex> } },
 *           signature: { content: <b64 sig>, publicKey: { content: <b64 PEM> } } }
 *
 * The server verifies the signature against the digest before accepting it, and stores
 * only the digest, the canonical signature and the canonical PEM (Canonicalize drops the
 * key URL and any data content).
 */
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import type { HashName, KeyKind } from '../../core/keys/index.js';
import { canonicalEntry, type CanonicalEntry } from './canonical-entry.js';
import { verifyDigestSignature } from './digest-signature.js';
import { entryError } from './errors.js';
import { objectAt, stringAt } from './fields.js';
import { MAX_SIGNATURE_BYTES, MAX_VERIFIER_BYTES } from './limits.js';
import { digestSearchKey, publicKeySearchKey } from './search-keys.js';
import { encodeVerifier, parseVerifier } from './verifier.js';

const HASH_HEX_LENGTH: Record<HashName, number> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * Key and digest pairs accepted, after Rekor's default --client-signing-algorithms
 * (ecdsa-sha2-256-nistp256, -384-nistp384, -512-nistp521, ed25519-ph, rsa-sign-pkcs1-*-sha256):
 * a curve with the hash of matching strength, so a signature is never weaker than its key.
 */
const ALLOWED_HASHES: Record<KeyKind, readonly HashName[]> = {
  'ecdsa-p256': ['sha256'],
  'ecdsa-p384': ['sha384'],
  'ecdsa-p521': ['sha512'],
  ed25519: ['sha512'],
  rsa: ['sha256'],
};

export function canonicalizeHashedRekord(specValue: unknown): CanonicalEntry {
  const spec = objectAt(specValue, 'spec');
  const hash = objectAt(objectAt(spec.data, 'spec.data').hash, 'spec.data.hash');
  const algorithm = stringAt(hash.algorithm, 'spec.data.hash.algorithm', 16);
  if (!(algorithm in HASH_HEX_LENGTH)) {
    throw entryError(
      'TLOG_ENTRY_MALFORMED',
      `spec.data.hash.algorithm "${algorithm}" is not one of sha256, sha384, sha512`,
    );
  }
  const hashName = algorithm as HashName;
  const value = stringAt(hash.value, 'spec.data.hash.value', 128);
  const expected = HASH_HEX_LENGTH[hashName];
  if (value.length !== expected || !/^[0-9a-f]+$/.test(value)) {
    throw entryError(
      'TLOG_ENTRY_MALFORMED',
      `spec.data.hash.value must be ${expected} lowercase hex characters for ${hashName}`,
    );
  }
  const signature = objectAt(spec.signature, 'spec.signature');
  const content = stringAt(signature.content, 'spec.signature.content', MAX_SIGNATURE_BYTES * 2);
  const sig = decodeField(content, 'spec.signature.content');
  const publicKey = objectAt(signature.publicKey, 'spec.signature.publicKey');
  const verifier = parseVerifier(
    stringAt(publicKey.content, 'spec.signature.publicKey.content', MAX_VERIFIER_BYTES * 2),
    'spec.signature.publicKey.content',
  );
  if (!ALLOWED_HASHES[verifier.key.kind].includes(hashName)) {
    throw entryError(
      'TLOG_ENTRY_ALGORITHM_NOT_ALLOWED',
      `entry algorithms are not allowed: a ${verifier.key.kind} key with a ${hashName} digest; use ${ALLOWED_HASHES[verifier.key.kind].join(' or ')}`,
    );
  }
  const digest = Buffer.from(value, 'hex');
  if (!verifyDigestSignature(verifier.key, hashName, digest, sig)) {
    throw entryError(
      'TLOG_ENTRY_SIGNATURE_INVALID',
      `the hashedrekord signature does not verify over ${hashName}:${value} with the given ${verifier.key.kind} key`,
    );
  }
  const canonicalSpec = {
    data: { hash: { algorithm: hashName, value } },
    signature: { content: encodeBase64(sig), publicKey: { content: encodeVerifier(verifier) } },
  };
  return canonicalEntry('hashedrekord', '0.0.1', canonicalSpec, [
    digestSearchKey(hashName, value),
    publicKeySearchKey(verifier.canonicalPem),
  ]);
}

function decodeField(text: string, path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(text, path);
  } catch (error) {
    throw entryError('TLOG_ENTRY_MALFORMED', `${path} is not valid base64`, { cause: error });
  }
  if (bytes.length === 0 || bytes.length > MAX_SIGNATURE_BYTES) {
    throw entryError(
      'TLOG_ENTRY_MALFORMED',
      `${path} must decode to 1 to ${MAX_SIGNATURE_BYTES} bytes`,
    );
  }
  return bytes;
}
