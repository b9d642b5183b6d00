// The sigstore-conformance bundle-verify suite (../shared/fixtures/sigstore-conformance):
// every case ends as its name says, verified or rejected with a typed error, through the
// library and through `signet verify-bundle`, the conformance protocol's command shape.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignetError } from '../../src/core/errors.js';
import { verifyBundleFile, type VerifyBundleFileRequest } from '../../src/signing/keyless/index.js';
import { runCli } from '../../src/testing/run-cli.js';
import { conformanceCases, type ConformanceCase } from '../support/conformance-cases.js';
import { fixturesSkipReason } from '../support/fixtures.js';

const skip = fixturesSkipReason('sigstore-conformance/bundle-verify');
if (skip !== undefined && process.env.CI === 'true') throw new Error(skip);

function request(c: ConformanceCase, subject: Uint8Array | string): VerifyBundleFileRequest {
  return {
    bundleText: readFileSync(c.bundlePath, 'utf8'),
    bundleName: `${c.name}/bundle.sigstore.json`,
    subject,
    ...(c.keyPath === undefined
      ? { identity: c.identity, issuer: c.issuer }
      : { keyPem: readFileSync(c.keyPath, 'utf8'), keyName: 'key.pub' }),
    ...(c.trustedRootPath === undefined
      ? {}
      : {
          trustedRoot: { text: readFileSync(c.trustedRootPath, 'utf8'), name: 'trusted_root.json' },
        }),
  };
}

function outcome(c: ConformanceCase, subject: Uint8Array | string): string {
  try {
    verifyBundleFile(request(c, subject));
    return 'verified';
  } catch (error) {
    assert.ok(error instanceof SignetError, `${c.name}: untyped error ${String(error)}`);
    return `rejected (${error.code}: ${error.message})`;
  }
}

describe('sigstore-conformance bundle-verify cases', { skip }, () => {
  const cases = skip === undefined ? conformanceCases() : [];

  it('finds all 70 cases', () => {
    assert.equal(cases.length, 70);
  });

  for (const c of cases) {
    it(`${c.name} is ${c.expectFailure ? 'rejected' : 'verified'}`, () => {
      const result = outcome(c, new Uint8Array(readFileSync(c.artifactPath)));
      if (c.expectFailure) assert.match(result, /^rejected/);
      else assert.equal(result, 'verified');
    });
  }

  it('verifies the happy paths against the artifact digest alone (sha256:<hex>)', () => {
    for (const c of cases.filter((x) => /^happy-path-v0\.[123]$/.test(x.name))) {
      const digest = createHash('sha256').update(readFileSync(c.artifactPath)).digest('hex');
      assert.equal(outcome(c, `sha256:${digest}`), 'verified', c.name);
      assert.match(outcome(c, `sha256:${'0'.repeat(64)}`), /^rejected/, c.name);
    }
  });

  it('refuses a verified bundle for another artifact, naming the bundle', () => {
    const c = cases.find((x) => x.name === 'happy-path-v0.3')!;
    assert.match(outcome(c, new TextEncoder().encode('another file')), /happy-path-v0.3\/bundle/);
    const dsse = cases.find((x) => x.name === 'happy-path-intoto-in-dsse-v3')!;
    assert.match(
      outcome(dsse, new TextEncoder().encode('another file')),
      /no in-toto subject has the artifact's digest/,
    );
  });

  it('refuses a keyless verification whose identity or issuer differs, saying which', () => {
    const c = cases.find((x) => x.name === 'happy-path-v0.3')!;
    const artifact = new Uint8Array(readFileSync(c.artifactPath));
    assert.throws(
      () => verifyBundleFile({ ...request(c, artifact), identity: 'https://example.com/other' }),
      (e: SignetError) => e.code === 'CERTIFICATE_IDENTITY_MISMATCH' && /identity/.test(e.message),
    );
    assert.throws(
      () => verifyBundleFile({ ...request(c, artifact), issuer: 'https://accounts.example.com' }),
      (e: SignetError) =>
        e.code === 'CERTIFICATE_IDENTITY_MISMATCH' && /OIDC issuer/.test(e.message),
    );
    assert.equal(
      outcome({ ...c, identity: '', issuer: '' }, artifact).startsWith('rejected'),
      true,
    );
  });

  it('gives the same verdict through `signet verify-bundle` (exit 0, or 12/3 with the code)', async () => {
    for (const c of cases) {
      const trust =
        c.keyPath === undefined
          ? ['--certificate-identity', c.identity, '--certificate-oidc-issuer', c.issuer]
          : ['--key', c.keyPath];
      const root = c.trustedRootPath === undefined ? [] : ['--trusted-root', c.trustedRootPath];
      const run = await runCli([
        'verify-bundle',
        '--output',
        'json',
        '--bundle',
        c.bundlePath,
        ...trust,
        ...root,
        c.artifactPath,
      ]);
      if (c.expectFailure) {
        assert.ok([3, 12].includes(run.code), `${c.name}: exit ${run.code} ${run.stderr}`);
      } else {
        assert.equal(run.code, 0, `${c.name}: ${run.stderr}${run.stdout}`);
        assert.equal((JSON.parse(run.stdout) as { verified: boolean }).verified, true);
      }
    }
  });
});
