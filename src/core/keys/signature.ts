/**
 * Signing and signature checking with the schemes cosign uses (sigstore/sigstore
 * pkg/signature): ECDSA with ASN.1 DER signatures, RSA PKCS#1 v1.5, Ed25519 pure or
 * prehashed (Ed25519ph, RFC 8032 §5.1).
 *
 * ECDSA signatures are accepted only in DER: cosign verifies with Go's
 * `ecdsa.VerifyASN1`, so an IEEE P1363 `r||s` signature would fail there, and accepting
 * it here would make Signet trust signatures cosign rejects.
 */
import { constants, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { decodeBase64Url } from '../base64.js';
import { errorFactory } from '../errors.js';
import { KEY_ERRORS } from './errors.js';
import { defaultHash, type Ed25519Mode, type HashName } from './key-kind.js';
import type { PrivateKey } from './private-key.js';
import type { PublicKey } from './public-key.js';

const fail = errorFactory(KEY_ERRORS);

export interface SignatureOptions {
  /** ECDSA/RSA hash; defaults to `defaultHash(kind)`. Ignored for Ed25519. */
  readonly hash?: HashName;
  /** Ed25519 scheme; defaults to `pure`. cosign container signatures use `prehash`. */
  readonly ed25519?: Ed25519Mode;
}

/**
 * True when `signature` is a valid signature of `data` by `key`. Never throws for a
 * malformed signature (attacker-controlled input): that is simply not a valid signature.
 */
export function verifySignature(
  key: PublicKey,
  data: Uint8Array,
  signature: Uint8Array,
  options: SignatureOptions = {},
): boolean {
  try {
    switch (key.kind) {
      case 'ecdsa-p256':
      case 'ecdsa-p384':
      case 'ecdsa-p521':
        return nodeVerify(
          options.hash ?? defaultHash(key.kind),
          data,
          { key: key.keyObject, dsaEncoding: 'der' },
          signature,
        );
      case 'rsa':
        return nodeVerify(
          options.hash ?? 'sha256',
          data,
          { key: key.keyObject, padding: constants.RSA_PKCS1_PADDING },
          signature,
        );
      case 'ed25519':
        if ((options.ed25519 ?? 'pure') === 'pure')
          return nodeVerify(null, data, key.keyObject, signature);
        // node:crypto has no Ed25519ph; noble implements RFC 8032 with the ph domain prefix.
        return ed25519ph.verify(signature, data, rawEd25519Public(key.keyObject));
    }
  } catch {
    return false;
  }
}

/** Signs `data` with the scheme `verifySignature` checks under the same options. */
export function signData(
  key: PrivateKey,
  data: Uint8Array,
  options: SignatureOptions = {},
): Uint8Array {
  try {
    switch (key.kind) {
      case 'ecdsa-p256':
      case 'ecdsa-p384':
      case 'ecdsa-p521':
        return new Uint8Array(
          nodeSign(options.hash ?? defaultHash(key.kind), data, {
            key: key.keyObject,
            dsaEncoding: 'der',
          }),
        );
      case 'rsa':
        return new Uint8Array(
          nodeSign(options.hash ?? 'sha256', data, {
            key: key.keyObject,
            padding: constants.RSA_PKCS1_PADDING,
          }),
        );
      case 'ed25519':
        if ((options.ed25519 ?? 'pure') === 'pure')
          return new Uint8Array(nodeSign(null, data, key.keyObject));
        return ed25519ph.sign(data, rawEd25519Secret(key.keyObject));
    }
  } catch (error) {
    throw fail('SIGNING_FAILED', `could not sign with ${key.source}`, { cause: error });
  }
}

function rawEd25519Public(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  return decodeBase64Url(jwk.x ?? '', 'Ed25519 public key');
}

function rawEd25519Secret(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  return decodeBase64Url(jwk.d ?? '', 'Ed25519 private key');
}
