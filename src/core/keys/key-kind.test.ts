import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { defaultHash, kindOfKeyObject, KEY_KINDS } from './key-kind.js';

describe('defaultHash', () => {
  it('pairs each kind with the hash cosign signs it with', () => {
    assert.deepEqual(
      KEY_KINDS.map((kind) => [kind, defaultHash(kind)]),
      [
        ['ecdsa-p256', 'sha256'],
        ['ecdsa-p384', 'sha384'],
        ['ecdsa-p521', 'sha512'],
        ['ed25519', 'sha512'],
        ['rsa', 'sha256'],
      ],
    );
  });
});

describe('kindOfKeyObject', () => {
  it('recognises private keys as well as public ones', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    assert.equal(kindOfKeyObject(privateKey, 'k'), 'ecdsa-p384');
  });

  it('refuses RSA-PSS and DSA keys, naming the source', () => {
    const { publicKey: pss } = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    assert.throws(() => kindOfKeyObject(pss, 'pss.pub'), {
      code: 'KEY_UNSUPPORTED',
      message: /pss\.pub: rsa-pss keys/,
    });
    const { publicKey: dsa } = generateKeyPairSync('dsa', {
      modulusLength: 2048,
      divisorLength: 224,
    });
    assert.throws(() => kindOfKeyObject(dsa, 'dsa.pub'), { code: 'KEY_UNSUPPORTED' });
  });
});
