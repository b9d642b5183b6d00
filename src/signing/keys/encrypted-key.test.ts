import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import { exportPkcs8, generateKeyPair } from '../../core/keys/index.js';
import { encodePem, parsePemBlock } from '../../core/pem.js';
import { ACCEPTED_SCRYPT_N } from './scrypt-params.js';
import {
  decryptPrivateKey,
  encryptPrivateKey,
  LEGACY_ENCRYPTED_KEY_PEM_TYPE,
} from './encrypted-key.js';

const PASSWORD = 'correct horse battery staple';
const key = await generateKeyPair('ecdsa-p256');
const pkcs8 = exportPkcs8(key);

/** The JSON inside an encrypted key file, loosely typed so tests can break it. */
interface KeyDoc {
  kdf: { name: unknown; params: Record<string, unknown>; salt?: unknown };
  cipher: { name: unknown; nonce: unknown };
  ciphertext: unknown;
}

/** Rewrites the JSON inside an encrypted key PEM, to craft broken files. */
function rewrite(
  pem: string,
  edit: (doc: KeyDoc) => unknown,
  type = 'ENCRYPTED SIGSTORE PRIVATE KEY',
): string {
  const block = parsePemBlock(pem, [type], 'test');
  const doc = JSON.parse(new TextDecoder().decode(block.der));
  const result = edit(doc);
  const raw = (result as { raw?: unknown } | undefined)?.raw;
  const text = typeof raw === 'string' ? raw : JSON.stringify(doc);
  return encodePem(type, new TextEncoder().encode(text));
}

const fast = await encryptPrivateKey(pkcs8, PASSWORD, { scryptN: 32768 });

describe('encryptPrivateKey', () => {
  it('writes the go-securesystemslib JSON shape cosign reads', () => {
    const block = parsePemBlock(fast, ['ENCRYPTED SIGSTORE PRIVATE KEY'], 'cosign.key');
    const doc = JSON.parse(new TextDecoder().decode(block.der));
    assert.deepEqual(Object.keys(doc), ['kdf', 'cipher', 'ciphertext']);
    assert.deepEqual(Object.keys(doc.kdf), ['name', 'params', 'salt']);
    assert.deepEqual(doc.kdf.params, { N: 32768, r: 8, p: 1 });
    assert.equal(doc.cipher.name, 'nacl/secretbox');
    assert.equal(decodeBase64(doc.kdf.salt, 'salt').length, 32);
    assert.equal(decodeBase64(doc.cipher.nonce, 'nonce').length, 24);
    assert.equal(decodeBase64(doc.ciphertext, 'ct').length, pkcs8.length + 16);
  });

  it('uses N=65536 by default, as cosign generate-key-pair does', async () => {
    const pem = await encryptPrivateKey(pkcs8, '');
    rewrite(pem, (doc) => assert.equal(doc.kdf.params.N, 65536));
    assert.equal(
      (await decryptPrivateKey(pem, '', 'cosign.key')).publicKey.keyId,
      key.publicKey.keyId,
    );
  });
});

describe('decryptPrivateKey', () => {
  for (const N of ACCEPTED_SCRYPT_N) {
    it(`round-trips with scrypt N=${N}`, async () => {
      const pem = N === 32768 ? fast : await encryptPrivateKey(pkcs8, PASSWORD, { scryptN: N });
      const decrypted = await decryptPrivateKey(pem, PASSWORD, 'cosign.key');
      assert.equal(decrypted.kind, 'ecdsa-p256');
      assert.equal(decrypted.publicKey.keyId, key.publicKey.keyId);
    });
  }

  it('reads the legacy ENCRYPTED COSIGN PRIVATE KEY block', async () => {
    const pem = await encryptPrivateKey(pkcs8, PASSWORD, {
      scryptN: 32768,
      pemType: LEGACY_ENCRYPTED_KEY_PEM_TYPE,
    });
    assert.match(pem, /BEGIN ENCRYPTED COSIGN PRIVATE KEY/);
    assert.equal(
      (await decryptPrivateKey(pem, PASSWORD, 'old.key')).publicKey.keyId,
      key.publicKey.keyId,
    );
  });

  it('accepts the password as bytes', async () => {
    const decrypted = await decryptPrivateKey(
      fast,
      new TextEncoder().encode(PASSWORD),
      'cosign.key',
    );
    assert.equal(decrypted.publicKey.keyId, key.publicKey.keyId);
  });

  it('reports a wrong password naming the file and never the password', async () => {
    await assert.rejects(
      decryptPrivateKey(fast, 'hunter2', './keys/cosign.key'),
      (error: Error & { code?: string }) => {
        return (
          error.code === 'KEY_PASSWORD_WRONG' &&
          error.message.includes('./keys/cosign.key') &&
          !error.message.includes('hunter2') &&
          !error.message.includes(PASSWORD)
        );
      },
    );
  });

  it('treats a tampered ciphertext like a wrong password', async () => {
    const tampered = rewrite(fast, (doc) => {
      const bytes = decodeBase64(doc.ciphertext as string, 'ct');
      bytes[bytes.length - 1]! ^= 1;
      doc.ciphertext = encodeBase64(bytes);
    });
    await assert.rejects(decryptPrivateKey(tampered, PASSWORD, 'cosign.key'), {
      code: 'KEY_PASSWORD_WRONG',
    });
  });

  const unsupported: [string, (doc: KeyDoc) => void, RegExp][] = [
    [
      'scrypt N=16384',
      (doc) => (doc.kdf.params.N = 16384),
      /unsupported scrypt parameters \(N=16384, r=8, p=1\)/,
    ],
    [
      'scrypt N=2^20 (memory exhaustion)',
      (doc) => (doc.kdf.params.N = 1048576),
      /unsupported scrypt parameters/,
    ],
    ['scrypt r=16', (doc) => (doc.kdf.params.r = 16), /unsupported scrypt parameters/],
    ['scrypt p=2', (doc) => (doc.kdf.params.p = 2), /unsupported scrypt parameters/],
    ['a string N', (doc) => (doc.kdf.params.N = '65536'), /unsupported scrypt parameters/],
    ['another KDF', (doc) => (doc.kdf.name = 'pbkdf2'), /key derivation "pbkdf2"/],
    ['another cipher', (doc) => (doc.cipher.name = 'aes-gcm'), /cipher "aes-gcm"/],
  ];
  for (const [name, edit, message] of unsupported) {
    it(`refuses ${name} before running the KDF`, async () => {
      await assert.rejects(decryptPrivateKey(rewrite(fast, edit), PASSWORD, 'cosign.key'), {
        code: 'ENCRYPTED_KEY_UNSUPPORTED',
        message,
      });
    });
  }

  const invalid: [string, string, RegExp][] = [
    ['garbage JSON', rewrite(fast, () => ({ raw: '{"kdf":' })), /not JSON/],
    ['a missing salt', rewrite(fast, (doc) => delete doc.kdf.salt), /"salt" is missing/],
    [
      'a short nonce',
      rewrite(fast, (doc) => (doc.cipher.nonce = encodeBase64(new Uint8Array(12)))),
      /nonce has 12 bytes/,
    ],
    [
      'a ciphertext that is not base64',
      rewrite(fast, (doc) => (doc.ciphertext = '!!!')),
      /"ciphertext" is not base64/,
    ],
    ['an unencrypted key', encodePem('PRIVATE KEY', pkcs8), /not an encrypted cosign private key/],
    ['no PEM at all', 'hello', /not an encrypted cosign private key/],
  ];
  for (const [name, pem, message] of invalid) {
    it(`refuses ${name}, naming the file`, async () => {
      await assert.rejects(
        decryptPrivateKey(pem, PASSWORD, 'cosign.key'),
        (error: Error & { code?: string }) => {
          return (
            error.code === 'ENCRYPTED_KEY_INVALID' &&
            message.test(error.message) &&
            error.message.includes('cosign.key')
          );
        },
      );
    });
  }

  it('refuses decrypted bytes that are not a PKCS#8 key', async () => {
    const pem = await encryptPrivateKey(new Uint8Array([1, 2, 3, 4]), PASSWORD, { scryptN: 32768 });
    await assert.rejects(decryptPrivateKey(pem, PASSWORD, 'cosign.key'), { code: 'KEY_INVALID' });
  });
});
