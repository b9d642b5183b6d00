/**
 * Public keys: parsed once from PKIX `PUBLIC KEY` PEM (or taken from a certificate) into a
 * node:crypto KeyObject that every later verification reuses.
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { sha256Hex } from '../digest.js';
import { errorFactory, describeError } from '../errors.js';
import { encodePem, parsePemBlock } from '../pem.js';
import { KEY_ERRORS } from './errors.js';
import { kindOfKeyObject, type KeyKind } from './key-kind.js';

const fail = errorFactory(KEY_ERRORS);

export interface PublicKey {
  readonly kind: KeyKind;
  readonly keyObject: KeyObject;
  /** Canonical PEM re-encoded from the DER, whatever line layout the input had. */
  readonly pem: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER, lowercase hex; stable across PEM formatting. */
  readonly keyId: string;
  /** Where the key came from (a file, a policy field); used in messages. */
  readonly source: string;
}

/** Parses one `PUBLIC KEY` block. A private key is refused rather than silently reduced. */
export function parsePublicKey(pem: string, source: string): PublicKey {
  let block;
  try {
    block = parsePemBlock(pem, ['PUBLIC KEY'], source);
  } catch (error) {
    throw fail(
      'KEY_INVALID',
      `${describeError(error)}; a public key must be a PEM "PUBLIC KEY" block`,
      {
        cause: error,
      },
    );
  }
  return publicKeyFromDer(block.der, source);
}

/** A public key from SubjectPublicKeyInfo DER bytes. */
export function publicKeyFromDer(spki: Uint8Array, source: string): PublicKey {
  let keyObject: KeyObject;
  try {
    keyObject = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (error) {
    throw fail('KEY_INVALID', `${source} is not a valid PKIX public key: ${describeError(error)}`, {
      cause: error,
    });
  }
  return publicKeyFromKeyObject(keyObject, source);
}

/** Wraps an existing public KeyObject (for example derived from a private key). */
export function publicKeyFromKeyObject(keyObject: KeyObject, source: string): PublicKey {
  if (keyObject.type !== 'public') {
    throw fail('KEY_INVALID', `${source}: expected a public key, got a ${keyObject.type} key`);
  }
  const kind = kindOfKeyObject(keyObject, source);
  const der = new Uint8Array(keyObject.export({ format: 'der', type: 'spki' }));
  return { kind, keyObject, pem: encodePublicKeyPem(der), keyId: sha256Hex(der), source };
}

/** `PUBLIC KEY` PEM of SubjectPublicKeyInfo DER, as cosign writes `cosign.pub`. */
export function encodePublicKeyPem(spki: Uint8Array): string {
  return encodePem('PUBLIC KEY', spki);
}

/**
 * The subject public key of the first certificate in `pem`. This only extracts the key:
 * it says nothing about whether the certificate is trusted, which a caller must establish
 * separately (chain, validity, identity) before relying on a signature it verifies.
 */
export function publicKeyFromCertificate(pem: string, source: string): PublicKey {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    throw fail('KEY_INVALID', `${source} is not a PEM X.509 certificate: ${describeError(error)}`, {
      cause: error,
    });
  }
  return publicKeyFromKeyObject(certificate.publicKey, source);
}
