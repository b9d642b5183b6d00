// Interoperability: keyless cosign signatures made by real cosign, from containers/image's
// fixtures (../shared/fixtures/README.md): one Fulcio certificate recorded in the public
// Rekor (verified with the public-good trusted root shipped in @sigstore/tuf, offline),
// one from a private PKI without a log entry (verified with its own roots).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SignetError } from '../../core/errors.js';
import { readContainersDir, type SignatureLayer } from '../cosign/index.js';
import { customTrustedRoot, publicGoodTrustedRoot } from '../trust/index.js';
import { compileIdentityPolicy } from './identity-policy.js';
import { verifyKeylessSignatureLayer, type KeylessTrust } from './verify-keyless-layer.js';

const FIXTURES = resolve(process.env.SIGNET_FIXTURES ?? '../shared/fixtures', 'containers-image');
const present = existsSync(FIXTURES);
const SKIP = `containers/image fixtures not found at ${FIXTURES}; set SIGNET_FIXTURES to run these tests`;

async function fixtureLayer(name: string): Promise<{ layer: SignatureLayer; digest: string }> {
  const image = await readContainersDir(join(FIXTURES, name));
  const signature = image.signatures[0];
  assert.equal(signature?.kind, 'sigstore');
  return { layer: signature.layer, digest: image.manifestDigest };
}

function pkiRoot() {
  const read = (name: string) => ({
    pem: readFileSync(join(FIXTURES, name), 'utf8'),
    source: name,
  });
  return customTrustedRoot({
    roots: read('pki_root_crts.pem'),
    intermediates: read('pki_intermediate_crts.pem'),
  });
}

describe('keyless cosign fixtures made by real cosign', () => {
  it('verifies the Fulcio + public Rekor signature with the public-good root, offline', async (t) => {
    if (!present) return t.skip(SKIP);
    const { layer, digest } = await fixtureLayer('dir-img-cosign-fulcio-rekor-valid');
    const trust: KeylessTrust = {
      root: publicGoodTrustedRoot(),
      identities: [
        compileIdentityPolicy({
          identity: 'mitr@redhat.com',
          issuer: 'https://github.com/login/oauth',
        }),
      ],
    };
    const result = verifyKeylessSignatureLayer(layer, trust, {
      imageDigest: digest,
      what: 'fixture',
    });
    assert.equal(result.subject, 'mitr@redhat.com');
    assert.equal(result.issuer, 'https://github.com/login/oauth');
    assert.equal(result.logIndex, 11605770);
    assert.equal(result.signingTime.toISOString(), '2023-01-20T20:51:33.000Z');
    assert.equal(result.signingTimeSource, 'tlog');
  });

  it('refuses the Fulcio signature for another identity, and for another image', async (t) => {
    if (!present) return t.skip(SKIP);
    const { layer, digest } = await fixtureLayer('dir-img-cosign-fulcio-rekor-valid');
    const root = publicGoodTrustedRoot();
    const other = {
      root,
      identities: [
        compileIdentityPolicy({
          identity: 'someone@redhat.com',
          issuer: 'https://github.com/login/oauth',
        }),
      ],
    };
    assert.throws(
      () => verifyKeylessSignatureLayer(layer, other, { imageDigest: digest, what: 'fixture' }),
      (e: unknown) =>
        e instanceof SignetError &&
        e.code === 'KEYLESS_IDENTITY_MISMATCH' &&
        /mitr@redhat\.com/.test(e.message),
    );
    const right = {
      ...other,
      identities: [
        compileIdentityPolicy({
          identity: 'mitr@redhat.com',
          issuerRegexp: '^https://github\\.com/',
        }),
      ],
    };
    assert.throws(
      () =>
        verifyKeylessSignatureLayer(layer, right, {
          imageDigest: `sha256:${'0'.repeat(64)}`,
          what: 'fixture',
        }),
      (e: unknown) => e instanceof SignetError && e.code === 'KEYLESS_SIGNATURE_INVALID',
    );
  });

  it('verifies the private PKI signature with its roots (no log entry, no SCT)', async (t) => {
    if (!present) return t.skip(SKIP);
    const { layer, digest } = await fixtureLayer('dir-img-cosign-pki-valid');
    const trust: KeylessTrust = {
      root: pkiRoot(),
      identities: [compileIdentityPolicy({ identity: 'qiwan@redhat.com', issuerRegexp: '.*' })],
      ignoreTlog: true,
      ignoreSct: true,
    };
    const result = verifyKeylessSignatureLayer(layer, trust, {
      imageDigest: digest,
      what: 'fixture',
    });
    assert.equal(result.subject, 'qiwan@redhat.com');
    assert.equal(result.issuer, '');
    assert.equal(result.signingTimeSource, 'verification-time');
    assert.throws(
      () =>
        verifyKeylessSignatureLayer(
          layer,
          { ...trust, root: publicGoodTrustedRoot() },
          { imageDigest: digest, what: 'fixture' },
        ),
      (e: unknown) => e instanceof SignetError && e.code === 'KEYLESS_CERTIFICATE_UNTRUSTED',
    );
  });
});
