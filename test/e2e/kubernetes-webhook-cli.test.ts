// `signet serve webhook --policy-source kubernetes` as an operator runs it: its own process,
// $KUBECONFIG pointing at a real Kubernetes API server with the token of the webhook's
// ServiceAccount (RBAC of deploy/01-rbac.yaml), policies from a file and from
// ClusterImagePolicy objects of both groups, each change applied without a restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/testing/run-cli.js';
import {
  kubeClusterSkipReason,
  startKubeCluster,
  type KubeCluster,
} from '../../src/testing/kube-cluster.js';
import { installPolicyCrds } from '../../src/testing/kube-cluster-crds.js';
import { DEPLOY_DIRECTORY } from '../../src/testing/kube-cluster-webhooks.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import {
  getJson,
  makeCertificates,
  postJson,
  removeCertificates,
  review,
  startWebhookChild,
  type Certificates,
  type Json,
  type WebhookChild,
} from './admission-harness.js';

const filePolicy = (action: 'pass' | 'fail') => `apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: from-file }
spec:
  images: [{ glob: "registry.example/file/**" }]
  authorities: [{ static: { action: ${action}, message: "file says ${action}" } }]
`;

const sigstorePolicy = {
  apiVersion: 'policy.sigstore.dev/v1beta1',
  kind: 'ClusterImagePolicy',
  metadata: { name: 'from-policy-controller' },
  spec: {
    images: [{ glob: 'registry.example/pc/**' }],
    authorities: [{ static: { action: 'pass' } }],
  },
};

const reviewOf = (image: string) => review('Pod', { spec: { containers: [{ name: 'a', image }] } });

/** The webhook child answers over HTTPS: a probe costs a request, so poll gently. */
const PROBE = { timeoutMs: 20_000, intervalMs: 200 };

describe(
  'signet serve webhook --policy-source kubernetes',
  { skip: kubeClusterSkipReason() },
  () => {
    let cluster: KubeCluster;
    let kubeconfig: string;
    let certs: Certificates;
    let dir: string;
    let webhook: WebhookChild | undefined;

    before(async () => {
      cluster = await startKubeCluster();
      await installPolicyCrds(cluster);
      const shipped = (name: string) => readFile(join(DEPLOY_DIRECTORY, name), 'utf8');
      await cluster.apply(await shipped('00-namespace.yaml'), await shipped('01-rbac.yaml'));
      await cluster.apply(
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'team', labels: { 'signet.dev/include': 'true' } },
        },
        sigstorePolicy,
      );
      kubeconfig = await cluster.serviceAccountKubeconfig('signet-system', 'signet-webhook');
      certs = await makeCertificates();
      dir = await mkdtemp(join(tmpdir(), 'signet-webhook-k8s-'));
    });
    after(async () => {
      webhook?.kill();
      await cluster?.stop();
      if (certs !== undefined) await removeCertificates(certs);
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('refuses to start without any policy source, or with sigstore policies but no API source', async () => {
      for (const extra of [
        [],
        ['--policy', 'p.yaml', '--watch-sigstore-policies'],
        ['--policy-source', 'etcd'],
      ]) {
        const { code, stderr } = await runCli([
          'serve',
          'webhook',
          '--tls-cert',
          certs.certFile,
          '--tls-key',
          certs.keyFile,
          ...extra,
        ]);
        assert.equal(code, 2, stderr);
        assert.match(stderr, /--policy|--policy-source|--watch-sigstore-policies/);
      }
    });

    it('unites file and API policies and applies changes to both without a restart', async () => {
      const file = join(dir, 'policy.yaml');
      await writeFile(file, filePolicy('pass'));
      const child = await startWebhookChild(
        [
          '--policy',
          file,
          '--policy-source',
          'kubernetes',
          '--watch-sigstore-policies',
          '--tls-cert',
          certs.certFile,
          '--tls-key',
          certs.keyFile,
          '--listen',
          '127.0.0.1:0',
          '--database',
          'none',
          '--kubernetes',
          'cluster',
          '--log-level',
          'silent',
        ],
        { KUBECONFIG: kubeconfig },
      );
      webhook = child;
      const ready = await waitUntil(
        'ready',
        () => getJson(child, certs.ca, '/readyz'),
        (r) => r.status === 200,
        PROBE,
      );
      assert.deepEqual(
        (ready.body.policies.sources as Json[]).map((s: Json): [string, boolean] => [
          String(s.name).split(' ')[0]!,
          s.synced === true,
        ]),
        [
          ['files', true],
          ['ClusterImagePolicy', true],
          ['ClusterImagePolicy', true],
          // TrustRoots and SecurityPolicies: synced without any, as their CRDs are not
          // installed in this cluster.
          ['TrustRoot', true],
          ['SecurityPolicy', true],
        ],
      );
      assert.equal(ready.body.policies.policies, 2);
      const allowed = async (image: string): Promise<Json> =>
        (await postJson(child, certs.ca, '/validate', reviewOf(image))).body.response;
      assert.equal((await allowed('registry.example/pc/app:1')).allowed, true);
      assert.equal((await allowed('registry.example/file/app:1')).allowed, true);
      assert.equal(
        (await allowed('registry.example/other/app:1')).allowed,
        false,
        '--no-match deny',
      );

      await writeFile(file, filePolicy('fail'));
      await waitUntil(
        'the file change applies',
        () => allowed('registry.example/file/app:1'),
        (r) => r.allowed === false,
        PROBE,
      );
      const removed = await cluster.kubectl([
        'delete',
        'clusterimagepolicies.policy.sigstore.dev',
        'from-policy-controller',
      ]);
      assert.equal(removed.code, 0, removed.stderr);
      await waitUntil(
        'the deletion applies',
        () => allowed('registry.example/pc/app:1'),
        (r) => r.allowed === false,
        PROBE,
      );

      assert.equal(await child.stop(), 0);
    });
  },
);
