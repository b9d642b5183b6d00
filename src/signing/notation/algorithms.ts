/**
 * Notary Project signature algorithms (specification "signature-specification.md",
 * algorithm selection): RSASSA-PSS with SHA-256/384/512 for RSA keys of 2048, 3072 and
 * 4096 bits, ECDSA on P-256/P-384/P-521 with the matching hash. The key decides the
 * algorithm; a signature that names another is refused. PSS salt is as long as the hash
 * (what notation signs and accepts). ECDSA signatures are raw r||s in JWS and COSE alike.
 */
import { sign as nodeSign, verify as nodeVerify, constants, type KeyObject } from 'node:crypto';
import { notationError } from './errors.js';

export type SignatureAlgorithm =
  | 'RSASSA-PSS-SHA-256'
  | 'RSASSA-PSS-SHA-384'
  | 'RSASSA-PSS-SHA-512'
  | 'ECDSA-SHA-256'
  | 'ECDSA-SHA-384'
  | 'ECDSA-SHA-512';

interface AlgorithmInfo {
  readonly jws: string;
  readonly cose: number;
  readonly hash: 'sha256' | 'sha384' | 'sha512';
  readonly hashBytes: number;
  readonly kind: 'rsa' | 'ec';
}

/** JWS names (RFC 7518 §3.1) and COSE identifiers (RFC 9053 §2.1, RFC 8230 §2). */
export const ALGORITHMS: Readonly<Record<SignatureAlgorithm, AlgorithmInfo>> = {
  'RSASSA-PSS-SHA-256': { jws: 'PS256', cose: -37, hash: 'sha256', hashBytes: 32, kind: 'rsa' },
  'RSASSA-PSS-SHA-384': { jws: 'PS384', cose: -38, hash: 'sha384', hashBytes: 48, kind: 'rsa' },
  'RSASSA-PSS-SHA-512': { jws: 'PS512', cose: -39, hash: 'sha512', hashBytes: 64, kind: 'rsa' },
  'ECDSA-SHA-256': { jws: 'ES256', cose: -7, hash: 'sha256', hashBytes: 32, kind: 'ec' },
  'ECDSA-SHA-384': { jws: 'ES384', cose: -35, hash: 'sha384', hashBytes: 48, kind: 'ec' },
  'ECDSA-SHA-512': { jws: 'ES512', cose: -36, hash: 'sha512', hashBytes: 64, kind: 'ec' },
};

export function algorithmFromJws(alg: unknown): SignatureAlgorithm | undefined {
  return (Object.keys(ALGORITHMS) as SignatureAlgorithm[]).find((a) => ALGORITHMS[a].jws === alg);
}

export function algorithmFromCose(alg: unknown): SignatureAlgorithm | undefined {
  return (Object.keys(ALGORITHMS) as SignatureAlgorithm[]).find((a) => ALGORITHMS[a].cose === alg);
}

const CURVES: Readonly<Record<string, SignatureAlgorithm>> = {
  prime256v1: 'ECDSA-SHA-256',
  secp384r1: 'ECDSA-SHA-384',
  secp521r1: 'ECDSA-SHA-512',
};
const RSA_SIZES: Readonly<Record<number, SignatureAlgorithm>> = {
  2048: 'RSASSA-PSS-SHA-256',
  3072: 'RSASSA-PSS-SHA-384',
  4096: 'RSASSA-PSS-SHA-512',
};

/**
 * The one algorithm the specification allows for a key (public or private), or undefined
 * for key types and sizes it does not allow (RSA below 2048 bits, other curves, Ed25519).
 */
export function algorithmForKey(key: KeyObject): SignatureAlgorithm | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') return RSA_SIZES[details?.modulusLength ?? 0];
  if (key.asymmetricKeyType === 'ec') return CURVES[details?.namedCurve ?? ''];
  return undefined;
}

export function describeKey(key: KeyObject): string {
  const d = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') return `RSA ${d?.modulusLength ?? '?'}-bit`;
  if (key.asymmetricKeyType === 'ec') return `ECDSA ${d?.namedCurve ?? '?'}`;
  return key.asymmetricKeyType ?? 'unknown';
}

export function signWithAlgorithm(
  algorithm: SignatureAlgorithm,
  key: KeyObject,
  data: Uint8Array,
): Uint8Array {
  const info = ALGORITHMS[algorithm];
  if (info.kind === 'rsa') {
    return nodeSign(info.hash, data, {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: info.hashBytes,
    });
  }
  return nodeSign(info.hash, data, { key, dsaEncoding: 'ieee-p1363' });
}

export function verifyWithAlgorithm(
  algorithm: SignatureAlgorithm,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const info = ALGORITHMS[algorithm];
  try {
    if (info.kind === 'rsa') {
      return nodeVerify(
        info.hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: info.hashBytes },
        signature,
      );
    }
    return nodeVerify(info.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    // Node throws on some malformed signatures (wrong length) instead of answering false.
    return false;
  }
}

/** Refuses a key the specification does not allow, naming it. */
export function requireAlgorithmForKey(key: KeyObject, what: string): SignatureAlgorithm {
  const algorithm = algorithmForKey(key);
  if (algorithm === undefined) {
    throw notationError(
      'NOTATION_SIGN_INPUT_INVALID',
      `${what} is a ${describeKey(key)} key; Notary Project signatures need RSA 2048/3072/4096 or ECDSA P-256/P-384/P-521`,
    );
  }
  return algorithm;
}
