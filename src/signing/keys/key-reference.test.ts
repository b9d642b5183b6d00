import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exportPkcs8, generateKeyPair, encodePrivateKeyPem } from '../../core/keys/index.js';
import { SignetError } from '../../core/errors.js';
import { encryptPrivateKey } from './encrypted-key.js';
import { loadKeyReference, MAX_KEY_FILE_BYTES, type KeyReferenceReaders } from './key-reference.js';
import { isEncryptedKey, privateKeyFromMaterial } from './private-key-material.js';

const files = new Map<string, string>([['keys/cosign.pub', '-----BEGIN PUBLIC KEY-----\n']]);
const readers: KeyReferenceReaders = {
  env: { COSIGN_KEY: 'pem from env', EMPTY: '' },
  readFile: (path) => {
    const text = files.get(path);
    if (text === undefined)
      return Promise.reject(new Error(`ENOENT: no such file, open '${path}'`));
    return Promise.resolve(new TextEncoder().encode(text));
  },
};

describe('loadKeyReference', () => {
  it('reads a key file and names it as the source', async () => {
    assert.deepEqual(await loadKeyReference('keys/cosign.pub', readers), {
      text: '-----BEGIN PUBLIC KEY-----\n',
      source: 'key file keys/cosign.pub',
    });
  });

  it('reads env://VAR', async () => {
    assert.deepEqual(await loadKeyReference('env://COSIGN_KEY', readers), {
      text: 'pem from env',
      source: 'environment variable COSIGN_KEY',
    });
  });

  const invalid: [string, string, RegExp][] = [
    ['an empty reference', ' ', /empty/],
    ['an unset variable', 'env://MISSING', /MISSING .* not set/],
    ['an empty variable', 'env://EMPTY', /EMPTY .* not set or empty/],
    ['a malformed variable name', 'env://A-B', /does not name an environment variable/],
    ['a missing file', 'nope.key', /cannot read key file nope\.key: ENOENT/],
  ];
  for (const [name, ref, message] of invalid) {
    it(`rejects ${name}`, async () => {
      await assert.rejects(loadKeyReference(ref, readers), {
        code: 'KEY_REFERENCE_INVALID',
        message,
      });
    });
  }

  it("keeps the reader's own Signet error, code and message, as the reader knows best", async () => {
    const readerError = new SignetError(
      'CLI_FILE_UNREADABLE',
      'config',
      'cannot read the key file k: it does not exist',
    );
    const failing = { ...readers, readFile: () => Promise.reject(readerError) };
    await assert.rejects(loadKeyReference('k', failing), (error) => error === readerError);
  });

  it('rejects an oversized file', async () => {
    files.set('huge.key', 'x'.repeat(MAX_KEY_FILE_BYTES + 1));
    await assert.rejects(loadKeyReference('huge.key', readers), {
      code: 'KEY_REFERENCE_INVALID',
      message: /at most/,
    });
  });

  for (const ref of [
    'k8s://ns/secret',
    'awskms://alias/key',
    'gcpkms://projects/p',
    'hashivault://k',
    'pkcs11:token=x',
    'https://example.com/key.pub',
  ]) {
    it(`says ${ref.split(':')[0]} references are not supported yet`, async () => {
      await assert.rejects(loadKeyReference(ref, readers), {
        code: 'KEY_REFERENCE_UNSUPPORTED',
        message: /not supported/,
      });
    });
  }
});

describe('privateKeyFromMaterial', () => {
  it('decrypts an encrypted key and reads a plain one', async () => {
    const key = await generateKeyPair('ed25519');
    const encrypted = await encryptPrivateKey(exportPkcs8(key), 'pw', { scryptN: 32768 });
    assert.equal(isEncryptedKey(encrypted), true);
    const fromEncrypted = await privateKeyFromMaterial(
      { text: encrypted, source: 'cosign.key' },
      'pw',
    );
    const fromPlain = await privateKeyFromMaterial(
      { text: encodePrivateKeyPem(key), source: 'plain.key' },
      '',
    );
    assert.equal(fromEncrypted.publicKey.keyId, key.publicKey.keyId);
    assert.equal(fromPlain.publicKey.keyId, key.publicKey.keyId);
  });
});
