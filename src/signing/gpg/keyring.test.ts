import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as openpgp from 'openpgp';
import { loadKeyring, MAX_KEYRING_BYTES } from './keyring.js';

async function generate() {
  return openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'k' }],
    format: 'object',
  });
}

describe('loadKeyring', async () => {
  const a = await generate();
  const b = await generate();
  const fpr = (key: openpgp.Key) => key.getFingerprint().toUpperCase();

  it('reads armored text, armored bytes and binary keyrings with several keys', async () => {
    const binary = new Uint8Array([...a.publicKey.write(), ...b.publicKey.write()]);
    for (const source of [
      binary,
      a.publicKey.armor() + '\n' + b.publicKey.armor(),
      new TextEncoder().encode(`\n${a.publicKey.armor()}${b.publicKey.armor()}`),
    ]) {
      const keyring = await loadKeyring([source]);
      assert.deepEqual(keyring.fingerprints, [fpr(a.publicKey), fpr(b.publicKey)]);
    }
  });

  it('merges a key given twice and keeps only public parts of private keys', async () => {
    const keyring = await loadKeyring([a.privateKey.armor(), a.publicKey.armor()]);
    assert.deepEqual(keyring.fingerprints, [fpr(a.publicKey)]);
    assert.equal(keyring.keys[0]!.isPrivate(), false);
  });

  it('is frozen: trust anchors cannot be added after loading', async () => {
    const keyring = await loadKeyring([a.publicKey.armor()]);
    assert.throws(() => (keyring.keys as openpgp.PublicKey[]).push(b.publicKey), TypeError);
  });

  const bad: [what: string, sources: Parameters<typeof loadKeyring>[0], problem: RegExp][] = [
    ['no source', [], /no OpenPGP public key was given/],
    [
      'text without a key block',
      [{ name: 'keys.asc', data: 'hello' }],
      /^keys.asc is not an OpenPGP public key/,
    ],
    [
      'binary garbage',
      [{ name: 'pubring.gpg', data: new Uint8Array([0x99, 0x01, 0x02]) }],
      /^pubring.gpg is not an OpenPGP public key/,
    ],
    [
      'a source above the bound',
      [new Uint8Array(MAX_KEYRING_BYTES + 1)],
      /^keyring source 1 has \d+ bytes, more than/,
    ],
  ];
  for (const [what, sources, problem] of bad) {
    it(`refuses ${what}`, async () => {
      await assert.rejects(loadKeyring(sources), { code: 'GPG_KEYRING_INVALID', message: problem });
    });
  }
});
