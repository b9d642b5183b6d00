// A keyless authority without a TrustRoot trusts the Sigstore public good (Fulcio, the
// public Rekor), offline: containers/image's fixture signed by real cosign with a Fulcio
// certificate and recorded in the public Rekor is admitted for its identity and refused
// for another; the private-PKI fixture, which has no log entry, is refused for that.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReference } from '../../oci/reference/index.js';
import { readContainersDir, type SignatureLayer } from '../../signing/cosign/index.js';
import { publicGoodTrustedRoot } from '../../signing/trust/index.js';
import { compilePolicies } from '../compile.js';
import { parsePolicyYaml } from '../parse-documents.js';
import { evaluate } from './evaluate.js';
import type { PolicyEvidence } from './evidence.js';

const FIXTURES = resolve(process.env.SIGNET_FIXTURES ?? '../shared/fixtures', 'containers-image');
const SKIP = existsSync(FIXTURES)
  ? undefined
  : `containers/image fixtures not found at ${FIXTURES}; set SIGNET_FIXTURES to run these tests`;

async function judge(fixture: string, authority: string) {
  const image = await readContainersDir(join(FIXTURES, fixture));
  const layers: SignatureLayer[] = image.signatures.flatMap((s) =>
    s.kind === 'sigstore' ? [s.layer] : [],
  );
  const parsed = parsePolicyYaml(
    `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: public}
spec:
  images: [{glob: "registry.example/**"}]
  authorities:
  - name: fulcio
    ${authority}`,
    'p.yaml',
  );
  assert.deepEqual(parsed.problems, []);
  const evidence: PolicyEvidence = {
    fetchSignatures: () => Promise.resolve({ format: 'legacy', layers }),
    fetchAttestations: () => Promise.resolve([]),
    readSecret: () => Promise.reject(new Error('no secrets')),
    publicGoodTrustedRoot,
  };
  const written = `registry.example/app@${image.manifestDigest}`;
  return evaluate(
    compilePolicies(parsed.documents),
    { image: written, ref: parseReference(written), digest: image.manifestDigest },
    evidence,
  );
}

describe('keyless authorities over the public good', { skip: SKIP }, () => {
  it('admits a Fulcio signature in the public Rekor for its identity, offline', async () => {
    const verdict = await judge(
      'dir-img-cosign-fulcio-rekor-valid',
      'keyless: {url: "https://fulcio.sigstore.dev", identities: [{issuer: "https://github.com/login/oauth", subject: mitr@redhat.com}]}',
    );
    assert.deepEqual(verdict.denials, []);
    assert.equal(verdict.allowed, true);
  });

  it('refuses it for another identity, naming the signer', async () => {
    const verdict = await judge(
      'dir-img-cosign-fulcio-rekor-valid',
      'keyless: {identities: [{issuerRegExp: "^https://github\\\\.com/", subject: someone@redhat.com}]}',
    );
    assert.equal(verdict.allowed, false);
    assert.match(
      verdict.denials[0]!.reason,
      /certificate identity "mitr@redhat\.com" does not match "someone@redhat\.com"/,
    );
  });

  it('refuses a private-PKI signature without a log entry', async () => {
    const verdict = await judge(
      'dir-img-cosign-pki-valid',
      'keyless: {identities: [{issuerRegExp: ".*", subject: qiwan@redhat.com}]}',
    );
    assert.equal(verdict.allowed, false);
    assert.match(
      verdict.denials[0]!.reason,
      /carries no transparency-log entry \(dev\.sigstore\.cosign\/bundle\); keyless authorities require one/,
    );
  });
});
