import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { encodePem } from '../pem.js';
import { parsePublicKey, publicKeyFromCertificate, publicKeyFromDer } from './public-key.js';

// cosign.pub of the containers/image fixtures, inlined so this test runs without them.
const COSIGN_PUB = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFNLqFhf4fiN6o/glAuYnq2jYUeL0
vRuLu/z39pmbVwS9ff5AYnlwaP9sxREajdLY9ynM6G1sy6AAmb7Z63TsLg==
-----END PUBLIC KEY-----
`;

function spkiPem(type: 'ec' | 'ed25519' | 'rsa' | 'x25519', options: object = {}): string {
  const { publicKey } = generateKeyPairSync(type as 'ec', options as { namedCurve: string });
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}

describe('parsePublicKey', () => {
  it('parses a cosign P-256 key and fingerprints its DER', () => {
    const key = parsePublicKey(COSIGN_PUB, 'cosign.pub');
    assert.equal(key.kind, 'ecdsa-p256');
    assert.equal(key.source, 'cosign.pub');
    assert.equal(key.pem, COSIGN_PUB);
    const der = Buffer.from(COSIGN_PUB.split('\n').slice(1, -2).join(''), 'base64');
    assert.equal(key.keyId, createHash('sha256').update(der).digest('hex'));
  });

  const kinds: [string, string, string][] = [
    ['P-384', spkiPem('ec', { namedCurve: 'secp384r1' }), 'ecdsa-p384'],
    ['P-521', spkiPem('ec', { namedCurve: 'secp521r1' }), 'ecdsa-p521'],
    ['Ed25519', spkiPem('ed25519'), 'ed25519'],
    ['RSA 2048', spkiPem('rsa', { modulusLength: 2048 }), 'rsa'],
  ];
  for (const [name, pem, kind] of kinds) {
    it(`recognises ${name}`, () => assert.equal(parsePublicKey(pem, 'k.pub').kind, kind));
  }

  it('gives the same keyId whatever the PEM line layout', () => {
    const rewrapped = COSIGN_PUB.replace(/\n(?!-)/g, '\r\n');
    assert.equal(parsePublicKey(rewrapped, 'a').keyId, parsePublicKey(COSIGN_PUB, 'b').keyId);
  });

  const unsupported: [string, string, RegExp][] = [
    ['RSA below 2048 bits', spkiPem('rsa', { modulusLength: 1024 }), /1024 bits; at least 2048/],
    ['secp256k1', spkiPem('ec', { namedCurve: 'secp256k1' }), /curve secp256k1 is not supported/],
    ['X25519 (not a signing key)', spkiPem('x25519'), /x25519 keys are not supported/],
  ];
  for (const [name, pem, message] of unsupported) {
    it(`refuses ${name}`, () => {
      assert.throws(() => parsePublicKey(pem, 'weak.pub'), { code: 'KEY_UNSUPPORTED', message });
    });
  }

  it('refuses a private key instead of deriving its public half', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    assert.throws(
      () => parsePublicKey(pem, 'cosign.key'),
      (error: Error & { code?: string }) => {
        return (
          error.code === 'KEY_INVALID' &&
          /PRIVATE KEY/.test(error.message) &&
          !error.message.includes('MIG')
        );
      },
    );
  });

  it('refuses a PUBLIC KEY block whose DER is not a key', () => {
    assert.throws(
      () => parsePublicKey(encodePem('PUBLIC KEY', new Uint8Array([48, 3, 2, 1, 1])), 'bad.pub'),
      {
        code: 'KEY_INVALID',
        message: /bad\.pub is not a valid PKIX public key/,
      },
    );
  });

  it('refuses text without PEM', () => {
    assert.throws(() => parsePublicKey('not a key', 'x.pub'), {
      code: 'KEY_INVALID',
      message: /x\.pub/,
    });
  });

  it('refuses DER given directly that is garbage', () => {
    assert.throws(() => publicKeyFromDer(new Uint8Array([1, 2, 3]), 'blob'), {
      code: 'KEY_INVALID',
    });
  });
});

describe('publicKeyFromCertificate', () => {
  it('refuses text that is not a certificate', () => {
    assert.throws(() => publicKeyFromCertificate(COSIGN_PUB, 'layer 1 certificate'), {
      code: 'KEY_INVALID',
      message: /layer 1 certificate is not a PEM X\.509 certificate/,
    });
  });
});
