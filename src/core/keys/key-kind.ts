/**
 * The key algorithms Signet accepts, matching cosign's `SupportedKeyDetails`
 * (sigstore/cosign pkg/cosign/keys.go) and the schemes each one signs with.
 */
import type { KeyObject } from 'node:crypto';
import { errorFactory } from '../errors.js';
import { KEY_ERRORS } from './errors.js';

const fail = errorFactory(KEY_ERRORS);

export type KeyKind = 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521' | 'ed25519' | 'rsa';
export const KEY_KINDS: readonly KeyKind[] = [
  'ecdsa-p256',
  'ecdsa-p384',
  'ecdsa-p521',
  'ed25519',
  'rsa',
];

export type HashName = 'sha256' | 'sha384' | 'sha512';

/**
 * How an Ed25519 signature is computed (RFC 8032 §5.1): `pure` signs the message itself,
 * `prehash` (Ed25519ph) signs SHA-512 of it under a domain prefix. cosign loads Ed25519
 * keys as Ed25519ph for container signatures; Sigstore bundles and DSSE producers other
 * than cosign use pure Ed25519. The two never verify each other's signatures.
 */
export type Ed25519Mode = 'pure' | 'prehash';

/** RSA below 2048 bits is breakable in practice (NIST SP 800-131A); cosign refuses it too. */
export const MIN_RSA_BITS = 2048;

/**
 * The hash each kind signs with by default: the curve-matched hash for ECDSA (FIPS 186-5,
 * cosign's default since it learned P-384/P-521), SHA-256 for RSA PKCS#1 v1.5 as cosign
 * does, and for Ed25519 the hash is built into the scheme (SHA-512).
 */
export function defaultHash(kind: KeyKind): HashName {
  switch (kind) {
    case 'ecdsa-p256':
    case 'rsa':
      return 'sha256';
    case 'ecdsa-p384':
      return 'sha384';
    case 'ecdsa-p521':
    case 'ed25519':
      return 'sha512';
  }
}

const CURVES: Record<string, KeyKind> = {
  prime256v1: 'ecdsa-p256',
  secp384r1: 'ecdsa-p384',
  secp521r1: 'ecdsa-p521',
};

/** The kind of a parsed node:crypto key, or KEY_UNSUPPORTED naming `source`. */
export function kindOfKeyObject(key: KeyObject, source: string): KeyKind {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  switch (type) {
    case 'ec': {
      const kind = CURVES[details.namedCurve ?? ''];
      if (kind === undefined) {
        throw fail(
          'KEY_UNSUPPORTED',
          `${source}: ECDSA curve ${details.namedCurve ?? 'unknown'} is not supported; use P-256, P-384 or P-521`,
        );
      }
      return kind;
    }
    case 'ed25519':
      return 'ed25519';
    case 'rsa': {
      const bits = details.modulusLength ?? 0;
      if (bits < MIN_RSA_BITS) {
        throw fail(
          'KEY_UNSUPPORTED',
          `${source}: RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required`,
        );
      }
      return 'rsa';
    }
    default:
      throw fail(
        'KEY_UNSUPPORTED',
        `${source}: ${type ?? 'unknown'} keys are not supported; use ECDSA P-256/P-384/P-521, Ed25519 or RSA`,
      );
  }
}
