import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { encodePem } from '../pem.js';
import {
  encodePrivateKeyPem,
  exportPkcs8,
  generateKeyPair,
  parsePrivateKey,
  privateKeyFromPkcs8,
} from './private-key.js';
import { KEY_KINDS } from './key-kind.js';

describe('parsePrivateKey', () => {
  const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const { privateKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const forms: [string, string, string][] = [
    ['PKCS#8 "PRIVATE KEY"', ec.export({ format: 'pem', type: 'pkcs8' }).toString(), 'ecdsa-p256'],
    ['SEC 1 "EC PRIVATE KEY"', ec.export({ format: 'pem', type: 'sec1' }).toString(), 'ecdsa-p256'],
    ['PKCS#1 "RSA PRIVATE KEY"', rsa.export({ format: 'pem', type: 'pkcs1' }).toString(), 'rsa'],
  ];
  for (const [name, pem, kind] of forms) {
    it(`reads ${name} and derives the public key`, () => {
      const key = parsePrivateKey(pem, 'import.key');
      assert.equal(key.kind, kind);
      assert.equal(key.publicKey.kind, kind);
      assert.equal(key.publicKey.keyId.length, 64);
    });
  }

  it('points an encrypted cosign key at its password instead of failing obscurely', () => {
    const pem = encodePem('ENCRYPTED SIGSTORE PRIVATE KEY', new Uint8Array([1]));
    assert.throws(() => parsePrivateKey(pem, 'cosign.key'), {
      code: 'KEY_INVALID',
      message: /password-protected/,
    });
  });

  it('refuses a public key and an encrypted PKCS#8 key', () => {
    const pub = ec
      .export({ format: 'pem', type: 'pkcs8' })
      .toString()
      .replace(/PRIVATE KEY/g, 'PUBLIC KEY');
    assert.throws(() => parsePrivateKey(pub, 'k'), { code: 'KEY_INVALID' });
    const encrypted = ec
      .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'x' })
      .toString();
    assert.throws(() => parsePrivateKey(encrypted, 'k'), {
      code: 'KEY_INVALID',
      message: /ENCRYPTED PRIVATE KEY/,
    });
  });

  it('never echoes key bytes when the DER is corrupt', () => {
    const pem = encodePem('PRIVATE KEY', new Uint8Array([48, 5, 1, 2, 3, 4, 5]));
    assert.throws(
      () => parsePrivateKey(pem, 'bad.key'),
      (error: Error & { code?: string }) => {
        return (
          error.code === 'KEY_INVALID' &&
          error.message === 'bad.key is not a valid PKCS8 private key'
        );
      },
    );
  });

  it('refuses unsupported algorithms', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    assert.throws(
      () =>
        privateKeyFromPkcs8(
          new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
          'k1.key',
        ),
      {
        code: 'KEY_UNSUPPORTED',
      },
    );
  });
});

describe('generateKeyPair', () => {
  for (const kind of KEY_KINDS) {
    it(`generates ${kind} keys that survive a PKCS#8 round trip`, async () => {
      const key = await generateKeyPair(kind, { rsaBits: 2048 });
      assert.equal(key.kind, kind);
      const again = privateKeyFromPkcs8(exportPkcs8(key), 'again');
      assert.equal(again.publicKey.keyId, key.publicKey.keyId);
      assert.equal(
        parsePrivateKey(encodePrivateKeyPem(key), 'pem').publicKey.keyId,
        key.publicKey.keyId,
      );
    });
  }
});
