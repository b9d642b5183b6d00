/**
 * Verifying a signature given only the digest of the signed data, as hashedrekord
 * requires (sigstore/rekor pkg/types/hashedrekord/v0.0.1/entry.go: `WithDigest`).
 *
 * node:crypto always hashes the message itself for ECDSA (reference section 3.5 point 1),
 * so ECDSA goes through @noble/curves with prehashing disabled; RSA PKCS#1 v1.5 is checked
 * by recovering the DigestInfo with the public key; Ed25519 is Ed25519ph (RFC 8032 5.1)
 * over the SHA-512 digest, which is what Rekor verifies (`WithED25519ph`).
 */
import { constants, publicDecrypt, timingSafeEqual } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { eddsa } from '@noble/curves/abstract/edwards.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { decodeBase64Url } from '../../core/base64.js';
import type { HashName, PublicKey } from '../../core/keys/index.js';

/** DER prefix of DigestInfo for each hash (RFC 8017 section 9.2, note 1). */
const DIGEST_INFO_PREFIX: Record<HashName, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

/** RFC 8032 dom2 with the prehash flag set and an empty context. */
function ed25519phDomain(data: Uint8Array, context: Uint8Array, prehashFlag: boolean): Uint8Array {
  const prefix = new TextEncoder().encode('SigEd25519 no Ed25519 collisions');
  return Buffer.concat([prefix, Uint8Array.of(prehashFlag ? 1 : 0, context.length), context, data]);
}

/** Ed25519ph whose "message" is already the SHA-512 prehash. */
const ed25519phOfDigest = eddsa(ed25519.Point, sha512, {
  domain: ed25519phDomain,
  prehash: (digest: Uint8Array) => digest,
});

/**
 * True when `signature` signs `digest` (made with `hash`) under `key`. Never throws on a
 * malformed signature: that is simply not a valid one.
 */
export function verifyDigestSignature(
  key: PublicKey,
  hash: HashName,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    switch (key.kind) {
      case 'ecdsa-p256':
      case 'ecdsa-p384':
      case 'ecdsa-p521': {
        const curve = { 'ecdsa-p256': p256, 'ecdsa-p384': p384, 'ecdsa-p521': p521 }[key.kind];
        const point = rawEcPoint(key);
        // lowS false: Go and OpenSSL produce high-S signatures half of the time.
        return curve.verify(signature, digest, point, {
          prehash: false,
          lowS: false,
          format: 'der',
        });
      }
      case 'rsa': {
        const recovered = publicDecrypt(
          { key: key.keyObject, padding: constants.RSA_PKCS1_PADDING },
          signature,
        );
        const expected = Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]);
        return recovered.length === expected.length && timingSafeEqual(recovered, expected);
      }
      case 'ed25519': {
        if (hash !== 'sha512') return false;
        const jwk = key.keyObject.export({ format: 'jwk' });
        const raw = decodeBase64Url(jwk.x ?? '', 'Ed25519 public key');
        return ed25519phOfDigest.verify(signature, digest, raw, { zip215: false });
      }
    }
  } catch {
    return false;
  }
}

/** The uncompressed SEC1 point (0x04 || x || y) of an EC public key. */
function rawEcPoint(key: PublicKey): Uint8Array {
  const jwk = key.keyObject.export({ format: 'jwk' });
  const x = decodeBase64Url(jwk.x ?? '', 'EC public key x');
  const y = decodeBase64Url(jwk.y ?? '', 'EC public key y');
  return Buffer.concat([Uint8Array.of(4), x, y]);
}
