// Interoperability: every GPG simple-signing fixture of containers/image (real GnuPG output,
// see ../shared/fixtures/README.md) verifies or fails exactly as its name says.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkSimpleSignature } from './check.js';
import { loadKeyring, type PublicKeys } from './keyring.js';
import { containersManifestDigest } from './manifest-digest.js';
import { verifySimpleSignature } from './verify.js';

const FIXTURES = resolve(process.env.SIGNET_FIXTURES ?? '../shared/fixtures', 'containers-image');
const present = existsSync(FIXTURES);
const SKIP = `containers/image fixtures not found at ${FIXTURES}; set SIGNET_FIXTURES to run these tests`;

/** After every fixture was made (June-July 2025) and before none expires; keeps results stable. */
const NOW = new Date('2025-09-01T00:00:00Z');
const IMAGE_DIGEST = 'sha256:20bf21ed457b390829cdbeec8795a7bea1626991fda603e0d01b4e7f60427e55';
const KEY = '08CD26E446E2E95249B7A405E932F44B23E8DD43';

const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const keyrings = new Map<string, Promise<PublicKeys>>();
function keyring(...names: string[]): Promise<PublicKeys> {
  const id = names.join('+');
  if (!keyrings.has(id))
    keyrings.set(id, loadKeyring(names.map((name) => ({ name, data: bytes(name) }))));
  return keyrings.get(id)!;
}
async function verify(signature: string, keys = 'public-key.gpg', now = NOW) {
  return verifySimpleSignature({
    signature: bytes(signature),
    keyring: await keyring(keys),
    now,
    source: signature,
  });
}

describe('containers/image GPG fixtures', () => {
  it('image.signature verifies for image.manifest.json as testing/manifest', async (t) => {
    if (!present) return t.skip(SKIP);
    const result = await verify('image.signature');
    assert.equal(result.signerFingerprint, KEY);
    assert.equal(result.signingKeyFingerprint, KEY);
    assert.equal(result.payload.dockerReference, 'testing/manifest');
    assert.equal(result.payload.manifestDigest, IMAGE_DIGEST);
    const manifestDigest = containersManifestDigest(bytes('image.manifest.json'));
    assert.equal(manifestDigest, IMAGE_DIGEST);
    checkSimpleSignature(result.payload, { manifestDigest, dockerReference: 'testing/manifest' });
    checkSimpleSignature(result.payload, {
      manifestDigest,
      dockerReference: 'docker.io/testing/manifest',
    });
    assert.throws(
      () =>
        checkSimpleSignature(result.payload, {
          manifestDigest,
          dockerReference: 'testing/manifest:latest',
        }),
      { code: 'GPG_IDENTITY_MISMATCH' },
    );
  });

  it('image.signature verifies with the binary multi-key pubring.gpg', async (t) => {
    if (!present) return t.skip(SKIP);
    assert.equal((await verify('image.signature', 'pubring.gpg')).signerFingerprint, KEY);
  });

  it('no-optional-fields.signature verifies and has neither creator nor timestamp', async (t) => {
    if (!present) return t.skip(SKIP);
    const { payload } = await verify('no-optional-fields.signature');
    assert.deepEqual(payload, {
      dockerReference: 'testing/manifest',
      manifestDigest: IMAGE_DIGEST,
    });
  });

  it('subkey.signature verifies through the signing subkey and reports the primary key', async (t) => {
    if (!present) return t.skip(SKIP);
    const result = await verify('subkey.signature', 'public-key-with-subkey.gpg');
    assert.equal(result.signerFingerprint, 'B9F4CDB9FD8C475BFA340AC38D54A947EE396F36');
    assert.equal(result.signingKeyFingerprint, '57D1D95BBC53BA0EAFF0718CD75B3109B3BAAEAF');
    assert.equal(result.payload.dockerReference, 'testing/manifest:latest');
  });

  it('invalid-reference.signature verifies but its reference fails the identity check', async (t) => {
    if (!present) return t.skip(SKIP);
    const { payload } = await verify('invalid-reference.signature');
    assert.throws(
      () =>
        checkSimpleSignature(payload, {
          manifestDigest: IMAGE_DIGEST,
          dockerReference: 'testing/manifest',
        }),
      { code: 'GPG_PAYLOAD_INVALID', message: /UPPERCASEISINVALID.*not a valid reference/ },
    );
  });

  type Failure = [keys: string, code: string, message: RegExp];
  function itRejects(signature: string, [keys, code, message]: Failure, title = '') {
    it(`rejects ${signature} with ${code}${title}`, async (t) => {
      if (!present) return t.skip(SKIP);
      await assert.rejects(verify(signature, keys), (error: Error & { code?: string }) => {
        assert.equal(error.code, code, error.message);
        assert.match(error.message, message);
        assert.ok(error.message.startsWith(signature), 'the message names the signature');
        return true;
      });
    });
  }

  const failures: [signature: string, ...Failure][] = [
    ['expired.signature', 'public-key.gpg', 'GPG_SIGNATURE_EXPIRED', /expired at 2025-06-24/],
    ['corrupt.signature', 'public-key.gpg', 'GPG_SIGNATURE_INVALID', /corrupt or forged/],
    ['invalid-blob.signature', 'public-key.gpg', 'GPG_PAYLOAD_INVALID', /not JSON/],
    ['unknown-key.signature', 'public-key.gpg', 'GPG_KEY_UNKNOWN', /key ID 5F9470E3BC6C3B55/],
    ['subkey.signature', 'public-key.gpg', 'GPG_KEY_UNKNOWN', /D75B3109B3BAAEAF/],
    [
      'subkey-revoked.signature',
      'public-key-with-revoked-subkey.gpg',
      'GPG_KEY_REVOKED',
      /subkey 4D33404E00B470050709F3233EF0F93A1F602997/,
    ],
    ['unsigned-literal.signature', 'public-key.gpg', 'GPG_SIGNATURE_INVALID', /not signed/],
    ['unsigned-encrypted.signature', 'public-key.gpg', 'GPG_SIGNATURE_INVALID', /encrypted/],
    ['image.manifest.json', 'public-key.gpg', 'GPG_SIGNATURE_INVALID', /not a binary OpenPGP/],
  ];
  for (const [signature, ...failure] of failures) itRejects(signature, failure);

  // The -v3 twins hold OpenPGP v3 signature packets (RSA, SHA-256), which openpgp.js cannot
  // read; Signet verifies them with its own reader and must reach the same verdicts.
  it('subkey.signature-v3 verifies through the signing subkey and reports the primary key', async (t) => {
    if (!present) return t.skip(SKIP);
    const result = await verify('subkey.signature-v3', 'public-key-with-subkey.gpg');
    assert.equal(result.signerFingerprint, 'B9F4CDB9FD8C475BFA340AC38D54A947EE396F36');
    assert.equal(result.signingKeyFingerprint, '57D1D95BBC53BA0EAFF0718CD75B3109B3BAAEAF');
    assert.equal(result.signedAt.toISOString(), '2025-07-23T20:40:15.000Z');
    assert.deepEqual(result.payload, {
      dockerReference: 'testing/manifest:latest',
      manifestDigest: IMAGE_DIGEST,
    });
  });

  // Every v3 twin fails as its v4 original does.
  const v3Twins = new Set([
    'corrupt.signature',
    'invalid-blob.signature',
    'unknown-key.signature',
    'subkey.signature',
    'subkey-revoked.signature',
  ]);
  for (const [signature, ...failure] of failures.filter(([name]) => v3Twins.has(name))) {
    itRejects(`${signature}-v3`, failure, ', as its v4 twin');
  }

  it('judges expiry at the injected time: expired.signature is not expired an hour after it was made', async (t) => {
    if (!present) return t.skip(SKIP);
    // Created 2025-06-23T20:20:58Z, valid for 12h59m; its content is not a payload.
    const early = new Date(Date.UTC(2025, 5, 23, 21, 20, 58));
    await assert.rejects(verify('expired.signature', 'public-key.gpg', early), {
      code: 'GPG_PAYLOAD_INVALID',
    });
  });

  it('refuses a signature verified at a time before it was made', async (t) => {
    if (!present) return t.skip(SKIP);
    await assert.rejects(
      verify('image.signature', 'public-key.gpg', new Date('2025-01-01T00:00:00Z')),
      {
        code: 'GPG_SIGNATURE_INVALID',
        message: /after the verification time/,
      },
    );
  });

  it('computes the schema 1 digest without its signatures and refuses a broken signature block', (t) => {
    if (!present) return t.skip(SKIP);
    assert.throws(
      () => containersManifestDigest(bytes('v2s1-invalid-signatures.manifest.json'), 'v2s1'),
      {
        code: 'GPG_MANIFEST_INVALID',
        message: /^v2s1 is a signed Docker schema 1 manifest/,
      },
    );
  });
});
