/**
 * Adapters around @sigstore/verify's signature contents for two cases it does not cover:
 *
 * - a message signature checked against a digest only: the signature is verified over
 *   the digest (prehashed ECDSA, RSA DigestInfo, Ed25519ph) with the verifier the log's
 *   hashedrekord check already uses;
 * - a DSSE envelope logged to Rekor v2 as `hashedrekord` 0.0.2 over the envelope
 *   (rekor-v2 spec, "hashedrekord over DSSE"): the entry stores SHA-256 of the DSSE
 *   pre-authentication encoding, which is exactly the signed data, so that digest binds
 *   the entry to the envelope as tightly as the payload digest does.
 */
import { createHash, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { SignedEntity } from '@sigstore/verify';
import { publicKeyFromKeyObject } from '../../core/keys/index.js';
import { preAuthEncoding } from '../../core/dsse.js';
import { verifyDigestSignature } from '../../tlog/entry/digest-signature.js';

type SignatureContent = SignedEntity['signature'];

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function digestOnlyMessageContent(
  signature: Uint8Array,
  bundleDigest: Uint8Array,
  givenDigest: Uint8Array,
): SignatureContent {
  return {
    signature: Buffer.from(signature),
    compareSignature: (other) => equal(other, signature),
    compareDigest: (other) => equal(other, bundleDigest) && equal(other, givenDigest),
    verifySignature: (key: KeyObject) => {
      try {
        const publicKey = publicKeyFromKeyObject(key, 'signing key');
        return verifyDigestSignature(publicKey, 'sha256', givenDigest, signature);
      } catch {
        return false;
      }
    },
  };
}

export function dsseContentAcceptingPaeDigest(
  inner: SignatureContent,
  payloadType: string,
  payload: Uint8Array,
): SignatureContent {
  const paeDigest = createHash('sha256').update(preAuthEncoding(payloadType, payload)).digest();
  return {
    signature: inner.signature,
    compareSignature: (other) => inner.compareSignature(other),
    verifySignature: (key) => inner.verifySignature(key),
    compareDigest: (other) => inner.compareDigest(other) || equal(other, paeDigest),
  };
}
