import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { startKubeApiServer, type KubeApiServer } from '../../testing/kube-api-server.js';
import { KubernetesPolicySource } from './kubernetes-policy-source.js';
import { kubernetesPolicyApi, SIGNET_POLICIES, type PolicyApi } from './kubernetes-policy-api.js';
import { waitFor } from '../../testing/wait-until.js';

const logger = pino({ level: process.env.DBG ? 'info' : 'silent' });
const FAST = { initialMs: 50, maxMs: 200 };

function policy(name: string, glob: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'policy.signet.dev/v1alpha1',
    kind: 'ClusterImagePolicy',
    metadata: { name },
    spec: { images: [{ glob }], authorities: [{ static: { action: 'pass' } }], ...extra },
  };
}

const names = (source: KubernetesPolicySource) =>
  source.snapshot()?.documents.map((d) => `${d.name} ${d.images.join(',')}`);

describe('ClusterImagePolicies watched through the Kubernetes API', () => {
  let server: KubeApiServer;
  let api: PolicyApi;
  let source: KubernetesPolicySource;
  let changes = 0;

  before(async () => {
    server = await startKubeApiServer();
    api = await kubernetesPolicyApi({ kubeconfigFile: server.kubeconfigPath });
    server.apply(policy('alpha', 'registry.example/a/**'));
    source = new KubernetesPolicySource({
      api,
      collection: SIGNET_POLICIES,
      logger,
      backoff: FAST,
    });
    source.start(() => (changes += 1));
    await waitFor('the watch is open', () => server.requests.some((r) => r.includes('watch=true')));
  });
  after(async () => {
    await source.close();
    await server.close();
  });

  it('lists the existing policies as the first snapshot', () => {
    assert.deepEqual(names(source), ['alpha registry.example/a/**']);
    assert.equal(source.status().synced, true);
    assert.ok(
      server.requests.some((r) =>
        r.startsWith('GET /apis/policy.signet.dev/v1beta1/clusterimagepolicies?'),
      ),
    );
  });

  it('follows creations, updates and deletions through the watch', async () => {
    server.apply(policy('beta', 'registry.example/b/**'));
    await waitFor('beta appears', () => names(source)?.length === 2);
    server.apply(policy('beta', 'registry.example/c/**'));
    await waitFor(
      'beta changes',
      () => names(source)?.includes('beta registry.example/c/**') === true,
    );
    server.remove('policy.signet.dev/v1alpha1', 'ClusterImagePolicy', 'beta');
    await waitFor('beta is gone', () => names(source)?.length === 1);
    assert.ok(changes >= 4);
  });

  it('skips an invalid object whole and reports it, keeping the others', async () => {
    server.apply(
      policy('broken', 'registry.example/x/**', { authorities: [{ key: { kms: 'awskms:///k' } }] }),
    );
    await waitFor('the problem is reported', () => source.status().problems.length > 0);
    assert.deepEqual(names(source), ['alpha registry.example/a/**']);
    assert.match(
      source.status().problems.join('\n'),
      /clusterimagepolicies\.policy\.signet\.dev\/broken: spec\.authorities\[0\]\.key\.kms: .*not supported/,
    );
    server.remove('policy.signet.dev/v1alpha1', 'ClusterImagePolicy', 'broken');
    await waitFor('the problem is gone', () => source.status().problems.length === 0);
  });

  it('lists again when its watch position was compacted away', async () => {
    const lists = () => server.requests.filter((r) => /clusterimagepolicies$/.test(r)).length;
    const before = lists();
    // In one tick, before the source reconnects: its next watch resumes from a
    // resourceVersion whose successor was forgotten, which the server answers 410 Expired.
    server.dropWatches();
    server.apply(policy('gamma', 'registry.example/g/**'));
    server.compact();
    await waitFor('gamma appears', () => names(source)?.length === 2);
    assert.ok(lists() > before, `a second list was made: ${server.requests.join('\n')}`);
  });

  it('keeps the last policies while the API fails, and recovers', async () => {
    server.failing = true;
    server.dropWatches();
    await waitFor('the failure is reported', () =>
      /HTTP 503/.test(source.status().lastError ?? ''),
    );
    assert.equal(source.status().synced, true);
    assert.equal(names(source)?.length, 2, 'the last snapshot stays in force');
    server.remove('policy.signet.dev/v1alpha1', 'ClusterImagePolicy', 'gamma');
    server.failing = false;
    await waitFor(
      'the source recovers',
      () => source.status().lastError === undefined && names(source)?.length === 1,
    );
  });
});

describe('a ClusterImagePolicy source that cannot list', () => {
  it('has no snapshot and names the missing CRD', async () => {
    const server = await startKubeApiServer({ customResources: [] });
    const api = await kubernetesPolicyApi({ kubeconfigFile: server.kubeconfigPath });
    const source = new KubernetesPolicySource({
      api,
      collection: SIGNET_POLICIES,
      logger,
      backoff: FAST,
    });
    try {
      source.start(() => {});
      await waitFor('the failure is reported', () => source.status().lastError !== undefined);
      assert.equal(source.snapshot(), undefined);
      assert.equal(source.status().synced, false);
      assert.match(
        source.status().lastError!,
        /HTTP 404.*clusterimagepolicies\.policy\.signet\.dev installed/,
      );
    } finally {
      await source.close();
      await server.close();
    }
  });
});
