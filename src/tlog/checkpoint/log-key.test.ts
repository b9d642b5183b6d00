import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { isSignetError } from '../../core/errors.js';
import { checkpointKeyKind, signWithKey, verifyWithKey } from './log-key.js';

const DATA = Buffer.from('log.example - 1\n1\n');

describe('checkpoint log keys', () => {
  for (const [kind, keys] of [
    ['ecdsa-p256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['ed25519', generateKeyPairSync('ed25519')],
  ] as const) {
    it(`signs and verifies with ${kind}`, () => {
      assert.equal(checkpointKeyKind(keys.publicKey, 'public'), kind);
      const signature = signWithKey(keys.privateKey, DATA);
      assert.ok(verifyWithKey(kind, keys.publicKey, DATA, signature));
      assert.ok(!verifyWithKey(kind, keys.publicKey, Buffer.from('other'), signature));
      assert.ok(!verifyWithKey(kind, keys.publicKey, DATA, Buffer.from('not a signature')));
    });
  }

  it('produces DER-encoded ECDSA signatures, as Rekor v1 does', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.equal(signWithKey(privateKey, DATA)[0], 0x30); // ASN.1 SEQUENCE
  });

  const unsupported = [
    ['RSA', generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey, 'not rsa'],
    ['P-384', generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey, 'ec (secp384r1)'],
    ['Ed448', generateKeyPairSync('ed448').publicKey, 'not ed448'],
  ] as const;
  for (const [name, key, text] of unsupported) {
    it(`refuses ${name} keys`, () => {
      assert.throws(
        () => checkpointKeyKind(key, 'public'),
        (e: unknown) =>
          isSignetError(e) &&
          e.code === 'TLOG_CHECKPOINT_KEY_UNSUPPORTED' &&
          e.category === 'config' &&
          e.message.includes(text),
      );
    });
  }
});
