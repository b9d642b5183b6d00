// Keyless attestations: a real SLSA v1 provenance statement signed in GitHub Actions with
// a Fulcio certificate and logged in the public Rekor (sigstore-conformance's
// happy-path-intoto-in-dsse-v3 case), verified offline with the public-good trusted root
// shipped in @sigstore/tuf: the identity, then slsa-verifier's checks over the statement.
// Skips, saying so, when ../shared/fixtures is absent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../../src/testing/run-cli.js';

const CASES = resolve('..', 'shared', 'fixtures', 'sigstore-conformance', 'bundle-verify');
const IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';
const BUILDER =
  'https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main';
const COMMIT = 'ebff8dfbd609b7b22237c7719ce07f2dc7934f5f';
const skip = existsSync(CASES) ? false : `the sigstore-conformance fixtures are not at ${CASES}`;

function verify(bundleCase: string, extra: string[]) {
  return runCli([
    'verify-blob-attestation',
    '--bundle',
    join(CASES, bundleCase, 'bundle.sigstore.json'),
    '--type',
    'slsaprovenance1',
    ...extra,
    join(CASES, '..', 'a.txt'),
  ]);
}

const identity = ['--certificate-identity', IDENTITY, '--certificate-oidc-issuer', ISSUER];

describe('keyless attestations from GitHub Actions', { skip }, () => {
  it('verifies the certificate identity and the provenance checks', async () => {
    const ok = await verify('happy-path-intoto-in-dsse-v3', [
      ...identity,
      '--builder-id',
      BUILDER,
      '--source-uri',
      'github.com/loosebazooka/aa-test',
      '--source-digest',
      COMMIT,
      '--build-type',
      'https://actions.github.io/buildtypes/workflow/v1',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /Verified OK/);
  });

  it('refuses another identity, naming what did not match', async () => {
    const refused = await verify('happy-path-intoto-in-dsse-v3', [
      '--certificate-identity',
      'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
      '--certificate-oidc-issuer',
      ISSUER,
    ]);
    assert.equal(refused.code, 12);
    assert.match(refused.stderr, /ATTESTATION_UNVERIFIED[\s\S]*identity/);
  });

  it('refuses provenance from another builder or commit', async () => {
    const builder = await verify('happy-path-intoto-in-dsse-v3', [
      ...identity,
      '--builder-id',
      'https://evil.example',
    ]);
    assert.equal(builder.code, 12);
    assert.match(
      builder.stderr,
      /predicate\.runDetails\.builder\.id is ".*provenance\.yaml@refs\/heads\/main", not "https:\/\/evil\.example"/,
    );
    const commit = await verify('happy-path-intoto-in-dsse-v3', [
      ...identity,
      '--source-uri',
      'github.com/loosebazooka/aa-test',
      '--source-digest',
      'f'.repeat(40),
    ]);
    assert.equal(commit.code, 12);
    assert.match(commit.stderr, /has no digest/);
  });

  it('refuses a bundle whose DSSE signature was tampered with', async () => {
    const tampered = await verify('dsse-invalid-sig_fail', identity);
    assert.equal(tampered.code, 12);
  });

  it('refuses a statement of another type than asked for', async () => {
    const spdx = await runCli([
      'verify-blob-attestation',
      '--bundle',
      join(CASES, 'happy-path-intoto-in-dsse-v3', 'bundle.sigstore.json'),
      '--type',
      'spdxjson',
      ...identity,
      join(CASES, '..', 'a.txt'),
    ]);
    assert.equal(spdx.code, 12);
    assert.match(
      spdx.stderr,
      /predicateType is "https:\/\/slsa\.dev\/provenance\/v1", not "https:\/\/spdx\.dev\/Document"/,
    );
  });

  it('wants a key or an identity, not both', async () => {
    const both = await verify('happy-path-intoto-in-dsse-v3', [...identity, '--key', 'k.pub']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give --key, or --certificate-identity/);
  });
});
