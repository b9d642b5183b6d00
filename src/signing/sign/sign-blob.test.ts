import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBase64 } from '../../core/base64.js';
import { generateKeyPair, signData, verifySignature, type KeyKind } from '../../core/keys/index.js';
import { signBlob, verifyBlob } from './sign-blob.js';

const blob = new TextEncoder().encode('artefact');

describe('blob signatures', () => {
  for (const kind of ['ecdsa-p256', 'ecdsa-p384', 'ed25519', 'rsa'] as KeyKind[]) {
    it(`verifies a ${kind} signature and rejects it for other bytes or another key`, async () => {
      const key = await generateKeyPair(kind, { rsaBits: 2048 });
      const other = await generateKeyPair(kind, { rsaBits: 2048 });
      const signature = signBlob(key, blob);
      assert.equal(
        verifyBlob([other.publicKey, key.publicKey], blob, `${signature}\n`)?.keyId,
        key.publicKey.keyId,
      );
      assert.equal(
        verifyBlob([key.publicKey], new TextEncoder().encode('artefact!'), signature),
        undefined,
      );
      assert.equal(verifyBlob([other.publicKey], blob, signature), undefined);
    });
  }

  it('signs Ed25519 blobs in pure form, as cosign sign-blob without a log, and accepts Ed25519ph', async () => {
    const key = await generateKeyPair('ed25519');
    const signature = Buffer.from(signBlob(key, blob), 'base64');
    assert.equal(verifySignature(key.publicKey, blob, signature, { ed25519: 'pure' }), true);
    const prehashed = encodeBase64(signData(key, blob, { ed25519: 'prehash' }));
    assert.equal(verifyBlob([key.publicKey], blob, prehashed)?.keyId, key.publicKey.keyId);
  });

  it('treats a signature that is not base64 as not valid', async () => {
    const key = await generateKeyPair('ecdsa-p256');
    assert.equal(verifyBlob([key.publicKey], blob, 'not base64!'), undefined);
    assert.equal(verifyBlob([key.publicKey], blob, ''), undefined);
  });
});
