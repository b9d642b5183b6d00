import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, createPrivateKey } from 'node:crypto';
import { KEY_KINDS, type KeyKind } from './key-kind.js';
import { generateKeyPair, privateKeyFromKeyObject, type PrivateKey } from './private-key.js';
import { publicKeyFromKeyObject } from './public-key.js';
import { signData, verifySignature } from './signature.js';

const data = new TextEncoder().encode('{"critical":{}}');

const keys = new Map<KeyKind, PrivateKey>();
async function keyOf(kind: KeyKind): Promise<PrivateKey> {
  let key = keys.get(kind);
  if (key === undefined) {
    key = await generateKeyPair(kind, { rsaBits: 2048 });
    keys.set(kind, key);
  }
  return key;
}

describe('signData and verifySignature', () => {
  for (const kind of KEY_KINDS) {
    it(`verify a ${kind} signature and reject it over other data or another key`, async () => {
      const key = await keyOf(kind);
      const other = await generateKeyPair(kind, { rsaBits: 2048 });
      const signature = signData(key, data);
      assert.equal(verifySignature(key.publicKey, data, signature), true);
      assert.equal(verifySignature(key.publicKey, data.subarray(1), signature), false);
      assert.equal(verifySignature(other.publicKey, data, signature), false);
    });
  }

  it('signs ECDSA P-384 with SHA-384 by default and can check a SHA-256 signature when asked', async () => {
    const key = await keyOf('ecdsa-p384');
    const sha256 = signData(key, data, { hash: 'sha256' });
    assert.equal(verifySignature(key.publicKey, data, sha256), false);
    assert.equal(verifySignature(key.publicKey, data, sha256, { hash: 'sha256' }), true);
  });

  it('rejects an ECDSA signature in IEEE P1363 form, as cosign does', async () => {
    const key = await keyOf('ecdsa-p256');
    const { sign } = await import('node:crypto');
    const p1363 = sign('sha256', data, { key: key.keyObject, dsaEncoding: 'ieee-p1363' });
    assert.equal(verifySignature(key.publicKey, data, p1363), false);
  });

  it('keeps pure Ed25519 and Ed25519ph apart', async () => {
    const key = await keyOf('ed25519');
    const pure = signData(key, data);
    const prehash = signData(key, data, { ed25519: 'prehash' });
    assert.equal(verifySignature(key.publicKey, data, prehash, { ed25519: 'prehash' }), true);
    assert.equal(verifySignature(key.publicKey, data, pure, { ed25519: 'prehash' }), false);
    assert.equal(verifySignature(key.publicKey, data, prehash), false);
  });

  it('matches the RFC 8032 §7.3 Ed25519ph test vector', () => {
    const secret = Buffer.from(
      '833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42',
      'hex',
    );
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secret]);
    const key = privateKeyFromKeyObject(
      createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
      'rfc8032',
    );
    const raw = Buffer.from(
      'ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf',
      'hex',
    );
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
    const publicKey = publicKeyFromKeyObject(
      createPublicKey({ key: spki, format: 'der', type: 'spki' }),
      'rfc8032',
    );
    const expected =
      '98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406';
    const message = new Uint8Array([0x61, 0x62, 0x63]);
    assert.equal(
      Buffer.from(signData(key, message, { ed25519: 'prehash' })).toString('hex'),
      expected,
    );
    assert.equal(
      verifySignature(publicKey, message, Buffer.from(expected, 'hex'), { ed25519: 'prehash' }),
      true,
    );
  });

  it('returns false rather than throwing on malformed signatures', async () => {
    for (const kind of KEY_KINDS) {
      const key = await keyOf(kind);
      for (const garbage of [
        new Uint8Array(),
        new Uint8Array([0x30, 0x02, 0x01]),
        new Uint8Array(600).fill(7),
      ]) {
        assert.equal(verifySignature(key.publicKey, data, garbage, { ed25519: 'prehash' }), false);
        assert.equal(verifySignature(key.publicKey, data, garbage), false);
      }
    }
  });
});
