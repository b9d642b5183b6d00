import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { logKeyFingerprint, parseLogPublicKey } from './log-key.js';

const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

describe('parseLogPublicKey', () => {
  it('accepts ECDSA P-256 and Ed25519 keys; the fingerprint is the log ID', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const key = parseLogPublicKey(pem(p256), 'log.pub');
    const der = p256.export({ type: 'spki', format: 'der' });
    assert.equal(logKeyFingerprint(key), createHash('sha256').update(der).digest('hex'));
    parseLogPublicKey(pem(generateKeyPairSync('ed25519').publicKey), 'ed.pub');
  });

  const cases: [string, string, RegExp][] = [
    [
      'a P-384 key',
      pem(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey),
      /only ECDSA P-256 and Ed25519/,
    ],
    [
      'a private key',
      generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      /no PUBLIC KEY PEM block/,
    ],
    [
      'a broken PEM block',
      '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
      /does not parse/,
    ],
    ['a symlink stored as text', '../internal/testdata/rekor.pub', /no PUBLIC KEY PEM block/],
  ];
  for (const [name, text, message] of cases) {
    it(`refuses ${name}, naming the file`, () => {
      assert.throws(
        () => parseLogPublicKey(text, 'log.pub'),
        (error: Error & { code: string }) => {
          assert.equal(error.code, 'TLOG_CLIENT_LOG_KEY_INVALID');
          assert.match(error.message, /^log\.pub is not a usable transparency-log key: /);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});
