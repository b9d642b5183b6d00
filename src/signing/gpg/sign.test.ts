import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as openpgp from 'openpgp';
import { loadKeyring } from './keyring.js';
import { signSimpleSignature } from './sign.js';
import { verifySimpleSignature } from './verify.js';

const FIXTURES = resolve(process.env.SIGNET_FIXTURES ?? '../shared/fixtures', 'containers-image');
const present = existsSync(FIXTURES);
const SKIP = `containers/image fixtures not found at ${FIXTURES}; set SIGNET_FIXTURES to run these tests`;
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

const NOW = new Date('2025-09-01T12:00:00Z');
const DIGEST = `sha256:${'3'.repeat(64)}`;
const REQUEST = { dockerReference: 'quay.io/team/app:1.0', manifestDigest: DIGEST, now: NOW };

describe('signSimpleSignature', async () => {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'signer' }],
    passphrase: 'correct horse',
    date: new Date('2025-01-01T00:00:00Z'),
    format: 'armored',
  });
  const keyring = await loadKeyring([publicKey]);

  it('makes an uncompressed signed message that Signet verifies, with creator and timestamp', async () => {
    const { signature, signerFingerprint } = await signSimpleSignature({
      ...REQUEST,
      privateKey,
      passphrase: 'correct horse',
    });
    // A new-format header of a one-pass signature packet (RFC 4880 §4.2, §5.4): not compressed.
    assert.equal(signature[0], 0xc0 | openpgp.enums.packet.onePassSignature);
    const result = await verifySimpleSignature({ signature, keyring, now: NOW });
    assert.equal(result.signerFingerprint, signerFingerprint);
    assert.equal(result.signedAt.getTime(), NOW.getTime());
    assert.deepEqual(result.payload, {
      dockerReference: 'quay.io/team/app:1.0',
      manifestDigest: DIGEST,
      creator: 'Signet',
      timestamp: NOW.getTime() / 1000,
    });
  });

  it('writes the creator and timestamp it is given', async () => {
    const { signature } = await signSimpleSignature({
      ...REQUEST,
      privateKey,
      passphrase: 'correct horse',
      creator: 'ci',
      timestamp: 7,
    });
    const { payload } = await verifySimpleSignature({ signature, keyring, now: NOW });
    assert.equal(payload.creator, 'ci');
    assert.equal(payload.timestamp, 7);
  });

  it('needs the passphrase of a protected key and says when it is wrong', async () => {
    await assert.rejects(signSimpleSignature({ ...REQUEST, privateKey }), {
      code: 'GPG_SIGNING_KEY_INVALID',
      message: /is protected by a passphrase; provide it/,
    });
    await assert.rejects(
      signSimpleSignature({ ...REQUEST, privateKey, passphrase: 'wrong' }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'GPG_SIGNING_KEY_INVALID');
        assert.match(error.message, /wrong passphrase/);
        assert.doesNotMatch(error.message, /wrong"|correct horse/, 'no passphrase in the message');
        return true;
      },
    );
  });

  it('refuses a public key, garbage, and malformed input before signing', async () => {
    await assert.rejects(signSimpleSignature({ ...REQUEST, privateKey: publicKey }), {
      code: 'GPG_SIGNING_KEY_INVALID',
    });
    await assert.rejects(
      signSimpleSignature({ ...REQUEST, privateKey: new Uint8Array([1, 2, 3]) }),
      { code: 'GPG_SIGNING_KEY_INVALID' },
    );
    await assert.rejects(
      signSimpleSignature({ ...REQUEST, manifestDigest: 'latest', privateKey }),
      { code: 'GPG_SIGN_INPUT_INVALID' },
    );
  });

  it('refuses to sign at a time before the key existed', async () => {
    await assert.rejects(
      signSimpleSignature({
        ...REQUEST,
        privateKey,
        passphrase: 'correct horse',
        now: new Date('2024-01-01T00:00:00Z'),
      }),
      { code: 'GPG_SIGNING_KEY_INVALID', message: /cannot sign at 2024-01-01/ },
    );
  });

  it('signs with a key chosen by fingerprint from the old-format secring.gpg fixture', async (t) => {
    if (!present) return t.skip(SKIP);
    const secring = fixture('secring.gpg');
    await assert.rejects(signSimpleSignature({ ...REQUEST, privateKey: secring }), {
      message: /holds 2 keys; choose one/,
    });
    const fixtureKeyring = await loadKeyring([fixture('public-key.gpg')]);
    const { signature } = await signSimpleSignature({
      ...REQUEST,
      privateKey: secring,
      fingerprint: '08cd26e446e2e95249b7a405e932f44b23e8dd43',
    });
    const result = await verifySimpleSignature({ signature, keyring: fixtureKeyring, now: NOW });
    assert.equal(result.signerFingerprint, '08CD26E446E2E95249B7A405E932F44B23E8DD43');
    const { signature: second } = await signSimpleSignature({
      ...REQUEST,
      privateKey: secring,
      fingerprint: 'F2B501009F78B0B340221A12A3CD242DA6028093',
      passphrase: 'WithPassphrase123',
    });
    const pubring = await loadKeyring([fixture('pubring.gpg')]);
    assert.equal(
      (await verifySimpleSignature({ signature: second, keyring: pubring, now: NOW }))
        .signerFingerprint,
      'F2B501009F78B0B340221A12A3CD242DA6028093',
    );
  });
});
