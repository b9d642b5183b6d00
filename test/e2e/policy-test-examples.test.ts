// The policies under examples/: Signet's own load cleanly, and the mirrors of
// policy-controller's examples either load unchanged or fail with one clear reason per
// unsupported field, at that field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadPolicyFiles } from '../../src/config/policy-loader.js';
import { compilePolicies } from '../../src/policy/index.js';

const OWN = join('examples', 'policies');
const MIRRORS = join(OWN, 'policy-controller');

/** File → error paths expected (empty: loads). */
const MIRRORED: Record<string, string[]> = {
  'allow-only-pods.yaml': ['spec.policy'],
  'custom-key-attestation-sbom-spdxjson.yaml': [
    'spec.authorities[0].ctlog',
    'spec.authorities[0].attestations[0].policy.type',
  ],
  'keyless-attestation-sbom-spdxjson.yaml': ['spec.authorities[0].attestations[0].policy.type'],
  'release-signed-by-github-actions.yaml': [],
  'signed-by-aws-kms-key.yaml': ['spec.authorities[0].key.kms'],
  'signed-by-gcp-kms-key.yaml': ['spec.authorities[0].key.kms', 'spec.authorities[0].ctlog'],
  'signed-by-github-actions.yaml': [],
  'cip-static-pass-and-fail.yaml': [],
  'cip-key-hash-algorithm.yaml': [],
  'cip-key-secret.yaml': ['spec.authorities[0].ctlog'],
  'cip-match-resource-label.yaml': [],
  'cip-key-tsa.yaml': ['spec.authorities[0].rfc3161timestamp'],
  'cip-keyless-with-source-prefix-tag.yaml': ['spec.authorities[0].attestations[0].policy.type'],
  'cip-keyless-with-trustroot.yaml': ['spec.authorities[0].attestations[0].policy.type'],
  'valid-policy-keyless-ignore-sct.yaml': ['spec.authorities[4].key.kms'],
  // policy-controller's invalid test documents, refused as it refuses them.
  'keylessref-with-malformed-issuer.yaml': [
    'spec.authorities[0].keyless.identities[0].issuerRegExp',
    'spec.authorities[0].keyless.identities[0]',
  ],
  'missing-identity.yaml': ['spec.authorities[0].keyless.identities'],
  'keylessref-with-multiple-properties.yaml': ['spec.authorities[0].keyless'],
};

describe('example policies', () => {
  it("loads and compiles every one of Signet's own examples without problems", async () => {
    const loaded = await loadPolicyFiles([OWN]);
    assert.deepEqual(loaded.problems, []);
    const set = compilePolicies(loaded.documents);
    assert.deepEqual(
      set.policies.map((p) => p.document.name),
      [
        'allow-system-images',
        'provenance-from-ci',
        'mirrored-frontend-images',
        'vendor-images-audit',
        'releases-signed-by-ci-bundles',
        'signed-by-ci-key',
      ],
    );
  });

  for (const [file, expected] of Object.entries(MIRRORED)) {
    it(`${expected.length === 0 ? 'loads' : 'refuses, with reasons,'} the mirror of policy-controller's ${file}`, async () => {
      const loaded = await loadPolicyFiles([join(MIRRORS, file)]);
      const errors = loaded.problems.filter((p) => p.severity === 'error');
      assert.deepEqual(
        errors.map((p) => p.path),
        expected,
      );
      for (const error of errors) {
        assert.ok(
          error.line !== undefined && error.column !== undefined,
          'every problem has a position',
        );
        assert.ok(error.message.length > 20, `a reason is given for ${error.path}`);
      }
      if (expected.length === 0) assert.ok(loaded.documents.length > 0);
    });
  }

  it("reads the TrustRoot mirrored from policy-controller's test data", async () => {
    const loaded = await loadPolicyFiles([join(MIRRORS, 'cip-keyless-with-trustroot.yaml')]);
    assert.deepEqual(
      loaded.trustRoots.map((t) => [t.name, t.spec.kind]),
      [['my-sigstore-keys', 'sigstoreKeys']],
    );
  });

  it('matches the digest-pinned release glob against that digest only', async () => {
    const loaded = await loadPolicyFiles([join(MIRRORS, 'release-signed-by-github-actions.yaml')]);
    const set = compilePolicies(loaded.documents);
    const pinned =
      'gcr.io/projectsigstore/policy-webhook@sha256:d1e7af59381793687db4673277005276eb73a06cf555503138dd18eaa1ca47d6';
    const other = `gcr.io/projectsigstore/policy-webhook@sha256:${'0'.repeat(64)}`;
    assert.deepEqual(
      [pinned, other].map((image) => set.policies[0]!.globs.some((glob) => glob.test(image))),
      [true, false],
    );
  });

  it('mirrors every file of the folder in this table', async () => {
    const loaded = await loadPolicyFiles([MIRRORS]);
    assert.deepEqual(
      loaded.files.map((f) => f.slice(MIRRORS.length + 1)).sort(),
      Object.keys(MIRRORED).sort(),
    );
  });
});
