// Keyless authorities in the bundle layout, over real public-good Sigstore bundles from the
// sigstore-conformance suite (../shared/fixtures/README.md): the signed artifact's SHA-256
// stands for the image digest, so a message-signature bundle is the image's signature and a
// DSSE bundle whose in-toto subject names that digest is its attestation. Verified offline
// with the public-good root; refused for another identity, another digest, or a condition
// the verified statement does not meet.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReference } from '../../oci/reference/index.js';
import { publicGoodTrustedRoot } from '../../signing/trust/index.js';
import { compilePolicies } from '../compile.js';
import { parsePolicyYaml } from '../parse-documents.js';
import { evaluate } from './evaluate.js';
import type { PolicyEvidence } from './evidence.js';

const CASES = resolve(
  process.env.SIGNET_FIXTURES ?? '../shared/fixtures',
  'sigstore-conformance',
  'bundle-verify',
);
const SKIP = existsSync(CASES)
  ? undefined
  : `sigstore-conformance fixtures not found at ${CASES}; set SIGNET_FIXTURES to run these tests`;
/** SHA-256 of the suite's default artifact, a.txt. */
const DIGEST = 'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const WORKFLOW =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const ACTIONS = 'https://token.actions.githubusercontent.com';
const PROVENANCE = 'https://slsa.dev/provenance/v1';

const bundle = (name: string) => readFileSync(join(CASES, name, 'bundle.sigstore.json'));

async function judge(authority: string, bundles: readonly Uint8Array[], digest = DIGEST) {
  const parsed = parsePolicyYaml(
    `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: public}
spec:
  images: [{glob: "registry.example/**"}]
  authorities:
  - name: actions
    signatureFormat: bundle
    ${authority}`,
    'p.yaml',
  );
  assert.deepEqual(parsed.problems, []);
  const evidence: PolicyEvidence = {
    fetchSignatures: (_image, source) =>
      Promise.resolve(
        source.format === 'bundle'
          ? { format: 'bundle', bundles }
          : { format: 'legacy', layers: [] },
      ),
    fetchAttestations: () => Promise.reject(new Error('keyless reads bundles whole')),
    readSecret: () => Promise.reject(new Error('no secrets')),
    publicGoodTrustedRoot,
  };
  const written = `registry.example/app@${digest}`;
  return evaluate(
    compilePolicies(parsed.documents),
    { image: written, ref: parseReference(written), digest },
    evidence,
  );
}

const identity = (subject = WORKFLOW) =>
  `keyless: {identities: [{issuer: "${ACTIONS}", subject: "${subject}"}]}`;

describe('keyless authorities over Sigstore bundles', { skip: SKIP }, () => {
  it('admits a public-good message-signature bundle over the digest, offline', async () => {
    const verdict = await judge(identity(), [bundle('happy-path-v0.3')]);
    assert.deepEqual(verdict.denials, []);
    const [signature] = verdict.verified?.signatures ?? [];
    assert.equal(signature?.signer, `${WORKFLOW} issued by ${ACTIONS}`);
    assert.equal(signature?.layout, 'sigstore bundle referrer');
    assert.equal(typeof signature?.logIndex, 'number');
  });

  it('refuses it for another workflow, naming the signer', async () => {
    const verdict = await judge(
      identity('https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main'),
      [bundle('happy-path-v0.3')],
    );
    assert.match(
      verdict.denials[0]!.reason,
      /^no signature matches authority "actions" \(1 signature found: bundle 1: certificate identity "https:\/\/github\.com\/sigstore-conformance\/.*" does not match "https:\/\/github\.com\/acme\/app/,
    );
  });

  it('refuses it for another digest', async () => {
    const verdict = await judge(
      identity(),
      [bundle('happy-path-v0.3')],
      `sha256:${'0'.repeat(64)}`,
    );
    assert.equal(verdict.allowed, false);
    assert.match(verdict.denials[0]!.reason, /1 signature found: bundle 1: /);
  });

  it('does not take an attestation bundle for a signature', async () => {
    const verdict = await judge(identity(), [bundle('happy-path-intoto-in-dsse-v3')]);
    assert.match(
      verdict.denials[0]!.reason,
      /no Sigstore bundle signatures found among the referrers/,
    );
  });

  it('admits a verified attestation whose statement meets the CEL condition', async () => {
    const condition = `predicate.buildDefinition.externalParameters.workflow.ref == "refs/heads/main"`;
    const authority = `${identity()}\n    attestations: [{name: built, predicateType: "${PROVENANCE}", policy: {type: cel, data: '${condition}'}}]`;
    const verdict = await judge(authority, [
      bundle('happy-path-v0.3'),
      bundle('happy-path-intoto-in-dsse-v3'),
    ]);
    assert.deepEqual(verdict.denials, []);
    assert.deepEqual(verdict.verified?.attestations, [
      { predicateType: PROVENANCE, signer: `${WORKFLOW} issued by ${ACTIONS}` },
    ]);
  });

  it('refuses an attestation whose statement does not meet the condition, or of another signer', async () => {
    const attestation = (condition: string) =>
      `\n    attestations: [{name: built, predicateType: "${PROVENANCE}", policy: {type: cel, data: '${condition}'}}]`;
    const unmet = await judge(
      identity() +
        attestation(
          `predicate.buildDefinition.externalParameters.workflow.ref == "refs/heads/release"`,
        ),
      [bundle('happy-path-intoto-in-dsse-v3')],
    );
    assert.match(
      unmet.denials[0]!.reason,
      /^attestation "built" of authority "actions" is not satisfied: the verified attestation does not satisfy the condition: /,
    );
    const stranger = await judge(identity('someone@example.com') + attestation('true'), [
      bundle('happy-path-intoto-in-dsse-v3'),
    ]);
    assert.match(
      stranger.denials[0]!.reason,
      /1 attestation found, none of type https:\/\/slsa\.dev\/provenance\/v1 verifies for this image \(bundle 1: certificate identity ".*" does not match "someone@example\.com"\)$/,
    );
  });
});
