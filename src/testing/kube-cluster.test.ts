import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { kubeClusterSkipReason, startKubeCluster, type KubeCluster } from './kube-cluster.js';
import { probeStatus } from './kube-cluster-processes.js';
import { waitUntil } from './wait-until.js';

describe(
  'a test Kubernetes cluster (etcd + kube-apiserver)',
  { skip: kubeClusterSkipReason() },
  () => {
    let cluster: KubeCluster;

    before(async () => {
      const begun = Date.now();
      cluster = await startKubeCluster();
      // Start-up is reported, never asserted: it depends on the machine's load.
      console.log(
        `cluster ready in ${Date.now() - begun} ms (etcd ${cluster.startup.etcdMs} ms, kube-apiserver ${cluster.startup.apiServerMs} ms)`,
      );
    });
    after(async () => {
      await cluster?.stop();
    });

    it('serves the API to the admin kubeconfig over TLS checked against the cluster CA', async () => {
      const result = await cluster.kubectl([
        'get',
        'namespace',
        'default',
        '-o',
        'jsonpath={.metadata.name}',
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, 'default');
      const whoami = await cluster.kubectl(['auth', 'whoami', '-o', 'json']);
      assert.deepEqual(
        JSON.parse(whoami.stdout).status.userInfo.groups.includes('system:masters'),
        true,
      );
    });

    it('enforces RBAC: a user may do only what a binding grants', async () => {
      const kubeconfig = await cluster.userKubeconfig('reader');
      const denied = await cluster.kubectl(['get', 'namespaces'], { kubeconfig });
      assert.notEqual(denied.code, 0);
      assert.match(denied.stderr, /forbidden: User "reader" cannot list resource "namespaces"/);
      // An explicit role: the aggregated ones (view, edit, admin) are filled in by the
      // controller manager, which a test cluster does not run.
      await cluster.apply(
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'namespace-reader' },
          rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list'] }],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'reader-namespaces' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'namespace-reader',
          },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'reader' }],
        },
      );
      const allowed = await cluster.kubectl(['get', 'namespaces', '-o', 'name'], { kubeconfig });
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.match(allowed.stdout, /namespace\/kube-system/);
    });

    it('issues service account tokens that authenticate as the ServiceAccount', async () => {
      await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
      await cluster.apply({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'bot', namespace: 'apps' },
      });
      const kubeconfig = await cluster.serviceAccountKubeconfig('apps', 'bot');
      const whoami = await cluster.kubectl(['auth', 'whoami', '-o', 'json'], { kubeconfig });
      assert.equal(whoami.code, 0, whoami.stderr);
      assert.equal(
        JSON.parse(whoami.stdout).status.userInfo.username,
        'system:serviceaccount:apps:bot',
      );
    });

    it('stores pods without a kubelet, so admission is all that decides', async () => {
      await cluster.apply({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web', namespace: 'apps' },
        spec: { containers: [{ name: 'c', image: 'registry.example/web:1' }] },
      });
      const phase = await cluster.kubectl([
        '-n',
        'apps',
        'get',
        'pod',
        'web',
        '-o',
        'jsonpath={.status.phase}',
      ]);
      assert.equal(phase.stdout, 'Pending');
    });

    it('records every request in its audit log, with the user who made it', async () => {
      const kubeconfig = await cluster.userKubeconfig('auditor');
      await cluster.kubectl(['get', 'namespace', 'apps'], { kubeconfig });
      // The log is written as each response completes, a moment after kubectl has it.
      await waitUntil(
        'the refused read is logged',
        () => cluster.auditedRequests('auditor'),
        (requests) =>
          requests.some((r) => r.request === 'GET /api/v1/namespaces/apps' && r.code === 403),
      );
    });
  },
);

describe('stopping a test Kubernetes cluster', { skip: kubeClusterSkipReason() }, () => {
  it('ends both processes and removes its folder', async () => {
    const cluster = await startKubeCluster();
    await cluster.stop();
    assert.equal(existsSync(cluster.directory), false);
    assert.equal(
      await probeStatus(`${cluster.url}/readyz`),
      0,
      'nothing answers on the port any more',
    );
  });
});
