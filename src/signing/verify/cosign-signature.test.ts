import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, signData } from '../../core/keys/index.js';
import { findSigningKey, verifyCosignSignature } from './cosign-signature.js';

const payload = new TextEncoder().encode('{"critical":{}}');

describe('verifyCosignSignature', () => {
  it('accepts P-521 signatures hashed with SHA-512 or, from older cosign, SHA-256 — and nothing else', async () => {
    const key = await generateKeyPair('ecdsa-p521');
    assert.equal(verifyCosignSignature(key.publicKey, payload, signData(key, payload)), true);
    assert.equal(
      verifyCosignSignature(key.publicKey, payload, signData(key, payload, { hash: 'sha256' })),
      true,
    );
    assert.equal(
      verifyCosignSignature(key.publicKey, payload, signData(key, payload, { hash: 'sha384' })),
      false,
    );
  });

  it('checks RSA with SHA-256 only', async () => {
    const key = await generateKeyPair('rsa', { rsaBits: 2048 });
    assert.equal(verifyCosignSignature(key.publicKey, payload, signData(key, payload)), true);
    assert.equal(
      verifyCosignSignature(key.publicKey, payload, signData(key, payload, { hash: 'sha512' })),
      false,
    );
  });
});

describe('findSigningKey', () => {
  it('returns the key that verifies, or undefined', async () => {
    const [a, b] = await Promise.all([generateKeyPair('ecdsa-p256'), generateKeyPair('ed25519')]);
    const signature = signData(b, payload, { ed25519: 'prehash' });
    assert.equal(findSigningKey([a.publicKey, b.publicKey], payload, signature), b.publicKey);
    assert.equal(findSigningKey([a.publicKey], payload, signature), undefined);
  });
});
