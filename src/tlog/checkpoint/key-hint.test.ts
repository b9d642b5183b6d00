import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { isSignetError } from '../../core/errors.js';
import { c2spKeyHint, keyHintFor, rekorKeyHint } from './key-hint.js';

/** The public key of rekor.sigstore.dev (its logID is c0d23d6a…). */
const REKOR_PUBLIC_KEY = createPublicKey(
  '-----BEGIN PUBLIC KEY-----\n' +
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwr\n' +
    'kBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==\n' +
    '-----END PUBLIC KEY-----\n',
);

/**
 * The example verifier key of golang.org/x/mod/sumdb/note's documentation,
 * "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW": type byte 0x01
 * and a 32-byte Ed25519 key, whose C2SP key ID is c74f20a3.
 */
const PETER_NEUMANN_KEY = createPublicKey({
  key: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: Buffer.from('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'base64')
      .subarray(1)
      .toString('base64url'),
  },
  format: 'jwk',
});

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('checkpoint key hints', () => {
  it('gives the public Rekor log key the hint c0d23d6a, the start of its logID', () => {
    assert.equal(hex(rekorKeyHint(REKOR_PUBLIC_KEY)), 'c0d23d6a');
  });

  it('computes the C2SP Ed25519 key ID from the name, type byte 0x01 and raw key', () => {
    assert.equal(hex(c2spKeyHint('PeterNeumann', PETER_NEUMANN_KEY)), 'c74f20a3');
    assert.notEqual(hex(c2spKeyHint('OtherName', PETER_NEUMANN_KEY)), 'c74f20a3');
  });

  it('uses the SPKI hash for ECDSA under both rules, as Rekor and C2SP type 0x02 agree', () => {
    assert.equal(hex(keyHintFor(REKOR_PUBLIC_KEY, 'any', 'c2sp')), 'c0d23d6a');
    assert.equal(hex(keyHintFor(REKOR_PUBLIC_KEY, 'any', 'rekor-v1')), 'c0d23d6a');
  });

  it('uses the SPKI hash for Ed25519 under the Rekor v1 rule, not the C2SP key ID', () => {
    const v1 = keyHintFor(PETER_NEUMANN_KEY, 'PeterNeumann', 'rekor-v1');
    assert.equal(v1.length, 4);
    assert.notEqual(hex(v1), 'c74f20a3');
  });

  it('refuses keys that cannot sign checkpoints', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    for (const key of [rsa, p384]) {
      assert.throws(
        () => rekorKeyHint(key),
        (e: unknown) =>
          isSignetError(e) &&
          e.code === 'TLOG_CHECKPOINT_KEY_UNSUPPORTED' &&
          e.category === 'config',
      );
    }
  });
});
