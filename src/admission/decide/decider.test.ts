// The decision without a registry: namespace gate, kinds and operations skipped, unmatched
// and static images, and failures of the Kubernetes API (a fixed reader stands in for it).
// Registry-backed decisions are covered end to end in test/e2e/admission.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicies, parsePolicyYaml } from '../../policy/index.js';
import type { AdmissionRequest } from '../review/index.js';
import { AdmissionDecider, type DeciderOptions } from './decider.js';
import { staticKubernetesReader, type KubernetesReader } from './kubernetes-reader.js';

const policies = compilePolicies(
  parsePolicyYaml(
    `apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: system }
spec:
  images: [{ glob: "reg.example/system/**" }]
  authorities: [{ name: ok, static: { action: pass } }]
`,
    'decider.yaml',
  ).documents,
  { noMatch: 'deny' },
);

const reader = staticKubernetesReader({
  namespaces: { team: { 'signet.dev/include': 'true' }, open: {} },
});

function decider(kubernetes: KubernetesReader = reader, extra: Partial<DeciderOptions> = {}) {
  let registryCalls = 0;
  const d = new AdmissionDecider({
    kubernetes,
    keyNamespace: 'signet-system',
    deadlineMs: 2000,
    cache: { ttlMs: 1000, maxEntries: 10 },
    observer: { registryCall: () => (registryCalls += 1) },
    ...extra,
  });
  d.setPolicies(policies);
  return { d, calls: () => registryCalls };
}

function podRequest(
  images: string[],
  namespace = 'team',
  extra: Partial<AdmissionRequest> = {},
): AdmissionRequest {
  return {
    uid: 'u',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace,
    operation: 'CREATE',
    object: { spec: { containers: images.map((image) => ({ image })) } },
    ...extra,
  };
}

describe('AdmissionDecider without a registry', () => {
  it('admits a pod in a namespace without the include label untouched', async () => {
    const { d, calls } = decider();
    const decision = await d.decideReview(
      podRequest(['reg.example/team/app:v1'], 'open'),
      'validate',
    );
    assert.equal(decision.allowed, true);
    assert.equal(decision.skipped, 'namespace');
    assert.equal(calls(), 0);
  });

  it('treats a namespace that does not exist as not included', async () => {
    const { d } = decider();
    assert.equal(
      (await d.decideReview(podRequest(['x'], 'gone'), 'validate')).skipped,
      'namespace',
    );
  });

  it('skips deletes, status updates and kinds without pods', async () => {
    const { d } = decider();
    assert.equal(
      (await d.decideReview(podRequest(['x'], 'team', { operation: 'DELETE' }), 'validate'))
        .skipped,
      'operation',
    );
    assert.equal(
      (await d.decideReview(podRequest(['x'], 'team', { subResource: 'status' }), 'validate'))
        .skipped,
      'kind',
    );
    const configMap = {
      ...podRequest([]),
      kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      object: { data: {} },
    };
    assert.equal((await d.decideReview(configMap, 'validate')).skipped, 'kind');
  });

  it('judges the ephemeral containers added through their subresource', async () => {
    const { d } = decider();
    const request = podRequest([], 'team', { subResource: 'ephemeralcontainers' });
    const object = {
      spec: {
        containers: [],
        ephemeralContainers: [{ name: 'dbg', image: 'reg.example/tools/dbg:1' }],
      },
    };
    const decision = await d.decideReview({ ...request, object }, 'validate');
    assert.equal(decision.allowed, false);
    assert.match(
      decision.message!,
      /spec\.ephemeralContainers\[0\]\.image: image reg\.example\/tools\/dbg:1 is not allowed/,
    );
  });

  it('decides unmatched and static images without a registry call and names each container', async () => {
    const { d, calls } = decider();
    const decision = await d.decideReview(
      podRequest(['reg.example/system/agent:1', 'reg.example/other/app:1', 'NOT A REF']),
      'validate',
    );
    assert.equal(decision.allowed, false);
    assert.equal(calls(), 0);
    const lines = decision.message!.split('\n');
    assert.equal(lines[0], 'Signet denied the request:');
    assert.match(
      lines[1]!,
      /^spec\.containers\[1\]\.image: image reg\.example\/other\/app:1 is not allowed: no policy covers it/,
    );
    assert.match(
      lines[2]!,
      /^spec\.containers\[2\]\.image: image NOT A REF is not a valid reference/,
    );
    assert.deepEqual(
      decision.images.map((i) => i.source),
      ['static', 'unmatched', 'invalid-reference'],
    );
  });

  it('never pins static or unmatched images when mutating', async () => {
    const { d } = decider();
    const decision = await d.decideReview(
      podRequest(['reg.example/system/agent:1', 'reg.example/other/app:1']),
      'mutate',
    );
    assert.equal(decision.allowed, true);
    assert.deepEqual(decision.patch, []);
  });

  it('fails closed when the namespace cannot be read', async () => {
    const failing: KubernetesReader = {
      ...reader,
      namespaceLabels: () => Promise.reject(new Error('HTTP 403')),
    };
    const { d } = decider(failing);
    const decision = await d.decideReview(podRequest(['reg.example/system/agent:1']), 'validate');
    assert.equal(decision.allowed, false);
    assert.match(decision.message!, /namespace team could not be read: HTTP 403/);
  });

  it('fails closed at the deadline when the Kubernetes API does not answer', async () => {
    const hanging: KubernetesReader = {
      ...reader,
      namespaceLabels: () => new Promise(() => undefined),
    };
    const { d } = decider(hanging, { deadlineMs: 20 });
    const decision = await d.decideReview(podRequest(['reg.example/system/agent:1']), 'validate');
    assert.equal(decision.allowed, false);
    assert.equal(decision.timedOut, true);
    assert.match(
      decision.message!,
      /within the 20 ms deadline: the registry or the transparency log could not be reached/,
    );
  });

  it('refuses to decide before policies are compiled', async () => {
    const d = new AdmissionDecider({
      kubernetes: reader,
      keyNamespace: 'n',
      deadlineMs: 10,
      cache: { ttlMs: 1, maxEntries: 1 },
    });
    await assert.rejects(d.decideReview(podRequest(['x']), 'validate'), /not compiled/);
  });
});
