import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblem } from '../../policy/index.js';
import { validatePolicyObject } from './policy-object.js';

/** A SecurityPolicy as the API server returns it: server-set metadata beside the spec. */
function securityPolicy(spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'signet.dev/v1alpha1',
    kind: 'SecurityPolicy',
    metadata: {
      name: 'latest-tag-dev',
      resourceVersion: '4711',
      uid: '6f1c1a52-0c43-4d51-9d9e-1f4e3d0e5a10',
      generation: 1,
      creationTimestamp: '2026-12-06T10:00:00Z',
      managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
    },
    spec: {
      name: 'Latest tag in dev',
      description: 'The image is referred to by the latest tag.',
      remediation: 'Deploy a version tag or a digest.',
      severity: 'medium',
      lifecycleStages: ['deploy'],
      enforcement: { deploy: 'inform' },
      scope: [{ namespace: 'dev' }],
      criteria: { image: { latestTag: true } },
      ...spec,
    },
  };
}

describe('a SecurityPolicy object from the API server', () => {
  it('is read as a SecurityPolicy, with its name and resourceVersion', () => {
    const read = validatePolicyObject(securityPolicy(), 'signet.dev', 'SecurityPolicy');
    assert.deepEqual(read.problems, []);
    assert.equal(read.name, 'latest-tag-dev');
    assert.equal(read.resourceVersion, '4711');
    assert.deepEqual(
      read.securityPolicies.map((p) => [p.id, p.name, p.enforcement.deploy]),
      [['latest-tag-dev', 'Latest tag in dev', 'inform']],
    );
    assert.deepEqual(read.documents, []);
    assert.deepEqual(read.trustRoots, []);
  });

  it('is skipped whole when invalid, with the object and the field named', () => {
    const read = validatePolicyObject(
      securityPolicy({ scope: [{ images: ['registry.example/[a'] }] }),
      'signet.dev',
      'SecurityPolicy',
    );
    assert.deepEqual(read.securityPolicies, []);
    assert.equal(read.problems.length, 1);
    assert.match(
      formatProblem(read.problems[0]!),
      /^securitypolicies\.signet\.dev\/latest-tag-dev: spec\.scope\[0\]\.images\[0\]: "registry\.example\/\[a" is invalid/,
    );
  });

  it('is refused when it names a namespace, which a cluster-wide kind cannot honour', () => {
    const object = securityPolicy();
    const read = validatePolicyObject(
      { ...object, metadata: { ...object.metadata, namespace: 'prod' } },
      'signet.dev',
      'SecurityPolicy',
    );
    assert.deepEqual(read.securityPolicies, []);
    assert.match(
      formatProblem(read.problems[0]!),
      /metadata\.namespace: .*spec\.scope\[\]\.namespace/,
    );
  });

  it('is refused when its signature authority holds no key, naming the object', () => {
    const read = validatePolicyObject(
      securityPolicy({
        criteria: {
          signature: {
            authorities: [{ name: 'twice', key: { data: 'not a key' } }],
          },
        },
      }),
      'signet.dev',
      'SecurityPolicy',
    );
    assert.deepEqual(read.securityPolicies, []);
    assert.ok(read.problems.length > 0);
    assert.ok(
      read.problems.every((p) => p.source === 'securitypolicies.signet.dev/latest-tag-dev'),
      read.problems.map(formatProblem).join('\n'),
    );
  });

  it('keeps reading ClusterImagePolicies and TrustRoots as before', () => {
    const read = validatePolicyObject(
      {
        apiVersion: 'policy.signet.dev/v1beta1',
        kind: 'ClusterImagePolicy',
        metadata: { name: 'open', resourceVersion: '1' },
        spec: {
          images: [{ glob: 'registry.example/**' }],
          authorities: [{ static: { action: 'pass' } }],
        },
      },
      'policy.signet.dev',
    );
    assert.deepEqual(read.problems, []);
    assert.deepEqual(
      read.documents.map((d) => d.name),
      ['open'],
    );
    assert.deepEqual(read.securityPolicies, []);
  });
});
