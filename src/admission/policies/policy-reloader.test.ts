import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { CompiledPolicySet } from '../../policy/index.js';
import {
  kubeClusterSkipReason,
  startKubeCluster,
  type KubeCluster,
} from '../../testing/kube-cluster.js';
import { installPolicyCrds } from '../../testing/kube-cluster-crds.js';
import { FilePolicySource, readClusterImagePolicyFiles } from './file-policy-source.js';
import {
  kubernetesPolicyApi,
  SIGNET_POLICIES,
  SIGSTORE_POLICIES,
} from './kubernetes-policy-api.js';
import { KubernetesPolicySource } from './kubernetes-policy-source.js';
import { PolicyReloader } from './policy-reloader.js';
import { waitFor } from '../../testing/wait-until.js';

const logger = pino({ level: 'silent' });
/** The reader's permissions, granted only once the test wants the API sources to succeed. */
const readerBinding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'policy-reader' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'policy-reader' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'policy-reader' }],
};
const readerRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'policy-reader' },
  rules: [
    {
      apiGroups: ['policy.signet.dev', 'policy.sigstore.dev'],
      resources: ['clusterimagepolicies'],
      verbs: ['get', 'list', 'watch'],
    },
  ],
};

const object = (group: string, name: string, glob: string) => ({
  apiVersion: `${group}/v1beta1`,
  kind: 'ClusterImagePolicy',
  metadata: { name },
  spec: { images: [{ glob }], authorities: [{ static: { action: 'pass' } }] },
});

describe(
  'policy reloader over files and both API groups',
  { skip: kubeClusterSkipReason() },
  () => {
    let dir: string;
    let cluster: KubeCluster;
    let reloader: PolicyReloader;
    const applied: CompiledPolicySet[] = [];
    const names = () => applied.at(-1)?.policies.map((p) => p.document.name);

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'signet-reloader-'));
      await writeFile(
        join(dir, 'p.yaml'),
        'apiVersion: policy.signet.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: { name: from-file }\nspec:\n  images: [{ glob: "registry.example/f/**" }]\n  authorities: [{ static: { action: pass } }]\n',
      );
      cluster = await startKubeCluster();
      await installPolicyCrds(cluster);
      // Not readable yet (no RBAC binding, every request is Forbidden): nothing may be applied.
      await cluster.apply(readerRole);
      const api = await kubernetesPolicyApi({
        kubeconfigFile: await cluster.userKubeconfig('policy-reader'),
      });
      const backoff = { initialMs: 50, maxMs: 100 };
      reloader = new PolicyReloader({
        sources: [
          new FilePolicySource({
            paths: [dir],
            initial: await readClusterImagePolicyFiles([dir]),
            logger,
          }),
          new KubernetesPolicySource({ api, collection: SIGNET_POLICIES, logger, backoff }),
          new KubernetesPolicySource({ api, collection: SIGSTORE_POLICIES, logger, backoff }),
        ],
        noMatch: 'deny',
        logger,
      });
      reloader.start({ policies: (set) => applied.push(set), securityPolicies: () => {} });
    });
    after(async () => {
      await reloader?.close();
      await cluster?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('applies nothing until every source has been read, and says which is missing', async () => {
      await waitFor('the failure is reported', () =>
        reloader.status().sources.some((s) => s.lastError !== undefined),
      );
      assert.deepEqual(applied, []);
      const status = reloader.status();
      assert.equal(status.ready, false);
      assert.deepEqual(
        status.sources.map((s) => s.synced),
        [true, false, false],
      );
    });

    it('unites the sources once all are read', async () => {
      await cluster.apply(
        object('policy.signet.dev', 'from-signet', 'registry.example/s/**'),
        object('policy.sigstore.dev', 'from-sigstore', 'registry.example/p/**'),
      );
      await cluster.apply(readerBinding);
      await waitFor('the policies are applied', () => applied.length > 0);
      assert.deepEqual(names(), ['from-file', 'from-signet', 'from-sigstore']);
      assert.equal(reloader.status().revision, applied.at(-1)!.revision);
    });

    it('applies a new revision on every change and skips a name defined twice', async () => {
      const revisions = applied.length;
      await cluster.apply(object('policy.sigstore.dev', 'from-file', 'registry.example/dup/**'));
      await waitFor('the duplicate is reported', () => reloader.status().problems.length > 0);
      assert.match(
        reloader.status().problems[0]!,
        /clusterimagepolicies\.policy\.sigstore\.dev\/from-file: metadata\.name: policy "from-file" is already defined by .*p\.yaml/,
      );
      assert.deepEqual(names(), ['from-file', 'from-signet', 'from-sigstore']);
      const removed = await cluster.kubectl([
        'delete',
        'clusterimagepolicies.policy.signet.dev',
        'from-signet',
      ]);
      assert.equal(removed.code, 0, removed.stderr);
      await waitFor('the deletion is applied', () => names()?.length === 2);
      assert.ok(applied.length > revisions);
      assert.notEqual(applied.at(-1)!.revision, applied.at(-2)!.revision);
    });
  },
);
