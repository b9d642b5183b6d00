/**
 * The cryptographic check of a version 3 signature (RFC 4880 §5.2.2, §5.2.4): hash the
 * signed content, then the five hashed bytes (signature type, creation time), compare the
 * left 16 bits, and verify the RSA PKCS#1 v1.5 signature (§5.2.2, DigestInfo per hash) with
 * node:crypto. The algorithm policy is the one openpgp.js applies to v4 signatures
 * (VERIFY_CONFIG), so a v3 signature is never accepted where a v4 one would be refused.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as openpgp from 'openpgp';
import { VERIFY_CONFIG } from './openpgp-config.js';
import type { V3SignaturePacket } from './v3-signature-packet.js';

/** The public part of the key that made the signature, as read from the keyring. */
export interface SignerPublicKey {
  /** RFC 4880 §9.1 algorithm of the key packet. */
  readonly algorithm: number;
  /** Algorithm-specific public parameters (openpgp.js `publicParams`); RSA has `n` and `e`. */
  readonly params: object;
}

export type V3SignatureCheck =
  | { readonly kind: 'valid' }
  /** A feature or algorithm Signet refuses whatever the signature's validity. */
  | { readonly kind: 'unsupported'; readonly reason: string }
  /** The signature does not match its content and key: corrupt or forged. */
  | { readonly kind: 'invalid'; readonly reason: string };

/** RFC 4880 §9.4 hash IDs with their node:crypto names; the policy below decides use. */
const HASHES: ReadonlyMap<number, string> = new Map([
  [openpgp.enums.hash.md5, 'md5'],
  [openpgp.enums.hash.sha1, 'sha1'],
  [openpgp.enums.hash.ripemd, 'ripemd160'],
  [openpgp.enums.hash.sha256, 'sha256'],
  [openpgp.enums.hash.sha384, 'sha384'],
  [openpgp.enums.hash.sha512, 'sha512'],
  [openpgp.enums.hash.sha224, 'sha224'],
]);

/** RSA "encrypt or sign" and "sign only" (§9.1); the only v3 algorithm Signet verifies. */
const RSA_SIGNING: ReadonlySet<number> = new Set([
  openpgp.enums.publicKey.rsaEncryptSign,
  openpgp.enums.publicKey.rsaSign,
]);

export function checkV3Signature(
  signature: V3SignaturePacket,
  content: Uint8Array,
  key: SignerPublicKey,
): V3SignatureCheck {
  const hash = HASHES.get(signature.hashAlgorithm);
  if (hash === undefined) {
    return { kind: 'unsupported', reason: `hash algorithm ${signature.hashAlgorithm}` };
  }
  // The same refusal openpgp.js applies to v4 message signatures: MD5, RIPEMD-160, SHA-1.
  if (VERIFY_CONFIG.rejectMessageHashAlgorithms.has(signature.hashAlgorithm)) {
    return { kind: 'unsupported', reason: `the ${hash.toUpperCase()} hash, refused as too weak` };
  }
  if (!RSA_SIGNING.has(signature.publicKeyAlgorithm)) {
    return {
      kind: 'unsupported',
      reason: `public-key algorithm ${signature.publicKeyAlgorithm} (only RSA v3 signatures are verified)`,
    };
  }
  if (key.algorithm !== signature.publicKeyAlgorithm) {
    return {
      kind: 'invalid',
      reason: `made with algorithm ${signature.publicKeyAlgorithm} by a key of algorithm ${key.algorithm}`,
    };
  }
  const publicKey = rsaPublicKey(key.params);
  const bits = publicKey?.asymmetricKeyDetails?.modulusLength;
  if (publicKey === undefined || bits === undefined) {
    return { kind: 'invalid', reason: 'the RSA key is unusable' };
  }
  // openpgp.js refuses v4 signatures by RSA keys below this size (2047 bits) too.
  if (bits < VERIFY_CONFIG.minRSABits) {
    return { kind: 'unsupported', reason: `an RSA key of ${bits} bits, refused as too weak` };
  }
  if (signature.mpis.length !== 1) {
    return { kind: 'invalid', reason: `${signature.mpis.length} values in an RSA signature` };
  }

  const signed = Buffer.concat([content, signature.hashedTrailer]);
  const digest = createHash(hash).update(signed).digest();
  if (digest[0] !== signature.hashPrefix[0] || digest[1] !== signature.hashPrefix[1]) {
    return { kind: 'invalid', reason: 'the quick check of the hash (its left 16 bits) fails' };
  }
  const modulusBytes = Math.ceil(bits / 8);
  const value = withoutLeadingZeros(signature.mpis[0]!);
  if (value.length > modulusBytes) {
    return { kind: 'invalid', reason: 'the RSA signature value is longer than the modulus' };
  }
  // An MPI drops leading zero bytes; PKCS#1 verification wants exactly the modulus length.
  const padded = Buffer.alloc(modulusBytes);
  padded.set(value, padded.length - value.length);
  let matches = false;
  try {
    matches = verify(hash, signed, publicKey, padded);
  } catch {
    // OpenSSL raises rather than answers for some malformed values; either way, no match.
  }
  return matches
    ? { kind: 'valid' }
    : { kind: 'invalid', reason: 'the RSA signature does not match' };
}

function rsaPublicKey(params: object): KeyObject | undefined {
  const { n, e } = params as { n?: unknown; e?: unknown };
  if (!(n instanceof Uint8Array) || !(e instanceof Uint8Array)) return undefined;
  try {
    const encode = (value: Uint8Array) =>
      Buffer.from(withoutLeadingZeros(value)).toString('base64url');
    return createPublicKey({ key: { kty: 'RSA', n: encode(n), e: encode(e) }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

function withoutLeadingZeros(value: Uint8Array): Uint8Array {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start += 1;
  return value.subarray(start);
}
