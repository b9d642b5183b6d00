import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import {
  kubeClusterSkipReason,
  startKubeCluster,
  type KubeCluster,
} from '../../testing/kube-cluster.js';
import { installPolicyCrds, waitForCrds } from '../../testing/kube-cluster-crds.js';
import { KubernetesPolicySource } from './kubernetes-policy-source.js';
import {
  kubernetesPolicyApi,
  SIGNET_POLICIES,
  SIGSTORE_POLICIES,
  SIGSTORE_TRUST_ROOTS,
} from './kubernetes-policy-api.js';
import { createCertificateAuthority } from '../../core/x509/index.js';
import { waitFor, waitUntil } from '../../testing/wait-until.js';

const FAST = { initialMs: 50, maxMs: 200 };
/** The identity the source reads as, granted only get, list and watch on the policies. */
const READER = 'policy-reader';
/** Watches end this often, so a test can change what the next watch resumes from. */
const WATCH_SECONDS = 3;

function policy(name: string, glob: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'policy.signet.dev/v1alpha1',
    kind: 'ClusterImagePolicy',
    metadata: { name },
    spec: { images: [{ glob }], authorities: [{ static: { action: 'pass' } }], ...extra },
  };
}

/** policy-controller's TrustRoot resource, with a schema that keeps every field. */
const TRUST_ROOT_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'trustroots.policy.sigstore.dev' },
  spec: {
    group: 'policy.sigstore.dev',
    scope: 'Cluster',
    names: {
      kind: 'TrustRoot',
      plural: 'trustroots',
      singular: 'trustroot',
      listKind: 'TrustRootList',
    },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    ],
  },
};

async function trustRoot(name: string) {
  const validity = {
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
  };
  const ca = await createCertificateAuthority(`${name} fulcio`, validity);
  return {
    apiVersion: 'policy.sigstore.dev/v1alpha1',
    kind: 'TrustRoot',
    metadata: { name },
    spec: {
      sigstoreKeys: {
        certificateAuthorities: [
          {
            subject: { organization: 'o', commonName: 'c' },
            uri: 'https://fulcio.example',
            certChain: Buffer.from(ca.certificatePem).toString('base64'),
          },
        ],
      },
    },
  };
}

const names = (source: KubernetesPolicySource) =>
  source.snapshot()?.documents.map((d) => `${d.name} ${d.images.join(',')}`);

/** A logger whose messages the test reads (the source says when it lists again and why). */
function recordingLogger() {
  const messages: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      messages.push(String((JSON.parse(chunk.toString()) as { msg?: string }).msg));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), messages };
}

const readerRbac = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'policy-reader' },
    rules: [
      {
        apiGroups: ['policy.signet.dev'],
        resources: ['clusterimagepolicies'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'policy-reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'policy-reader' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: READER }],
  },
];

describe(
  'ClusterImagePolicies watched through the Kubernetes API',
  { skip: kubeClusterSkipReason() },
  () => {
    let cluster: KubeCluster;
    let source: KubernetesPolicySource;
    let changes = 0;
    const { logger, messages } = recordingLogger();
    const readerRequests = async () =>
      (await cluster.auditedRequests(READER)).map((r) => `${r.verb} ${r.request}`);
    const remove = async (name: string) => {
      const removed = await cluster.kubectl([
        'delete',
        'clusterimagepolicies.policy.signet.dev',
        name,
      ]);
      assert.equal(removed.code, 0, removed.stderr);
    };

    before(async () => {
      // Watches served from etcd, not the watch cache: compacting etcd then expires a resumed
      // watch at once (see the compaction test).
      cluster = await startKubeCluster({ watchCache: false });
      await installPolicyCrds(cluster, ['policy.signet.dev']);
      await cluster.apply(...readerRbac, policy('alpha', 'registry.example/a/**'));
      const api = await kubernetesPolicyApi({
        kubeconfigFile: await cluster.userKubeconfig(READER),
      });
      source = new KubernetesPolicySource({
        api,
        collection: SIGNET_POLICIES,
        logger,
        backoff: FAST,
        watchTimeoutSeconds: WATCH_SECONDS,
      });
      source.start(() => (changes += 1));
      await waitUntil('the watch is open', readerRequests, (r) =>
        r.some((line) => line.startsWith('watch ')),
      );
    });
    after(async () => {
      await source?.close();
      await cluster?.stop();
    });

    it('lists the existing policies as the first snapshot', async () => {
      assert.deepEqual(names(source), ['alpha registry.example/a/**']);
      assert.equal(source.status().synced, true);
      assert.ok(
        (await readerRequests()).some((r) =>
          r.startsWith('list GET /apis/policy.signet.dev/v1beta1/clusterimagepolicies'),
        ),
      );
    });

    it('follows creations, updates and deletions through the watch', async () => {
      await cluster.apply(policy('beta', 'registry.example/b/**'));
      await waitFor('beta appears', () => names(source)?.length === 2);
      await cluster.apply(policy('beta', 'registry.example/c/**'));
      await waitFor(
        'beta changes',
        () => names(source)?.includes('beta registry.example/c/**') === true,
      );
      await remove('beta');
      await waitFor('beta is gone', () => names(source)?.length === 1);
      assert.ok(changes >= 4);
    });

    it('skips an invalid object whole and reports it, keeping the others', async () => {
      await cluster.apply(
        policy('broken', 'registry.example/x/**', {
          authorities: [{ key: { kms: 'awskms:///k' } }],
        }),
      );
      await waitFor('the problem is reported', () => source.status().problems.length > 0);
      assert.deepEqual(names(source), ['alpha registry.example/a/**']);
      assert.match(
        source.status().problems.join('\n'),
        /clusterimagepolicies\.policy\.signet\.dev\/broken: spec\.authorities\[0\]\.key\.kms: .*not supported/,
      );
      await remove('broken');
      await waitFor('the problem is gone', () => source.status().problems.length === 0);
    });

    it('has no snapshot and names the missing CRD when it cannot list', async () => {
      // This cluster serves only Signet's group: policy-controller's CRD is not installed.
      const api = await kubernetesPolicyApi({ kubeconfigFile: cluster.kubeconfigPath });
      const unlisted = new KubernetesPolicySource({
        api,
        collection: SIGSTORE_POLICIES,
        logger: pino({ level: 'silent' }),
        backoff: FAST,
      });
      try {
        unlisted.start(() => {});
        await waitFor('the failure is reported', () => unlisted.status().lastError !== undefined);
        assert.equal(unlisted.snapshot(), undefined);
        assert.equal(unlisted.status().synced, false);
        assert.match(
          unlisted.status().lastError!,
          /HTTP 404.*clusterimagepolicies\.policy\.sigstore\.dev installed/,
        );
      } finally {
        await unlisted.close();
      }
    });

    it('has no TrustRoots, synced, while their CRD is absent, and reads them once installed', async () => {
      // Admin credentials: the reader's role covers ClusterImagePolicies only.
      const api = await kubernetesPolicyApi({ kubeconfigFile: cluster.kubeconfigPath });
      const roots = new KubernetesPolicySource({
        api,
        collection: SIGSTORE_TRUST_ROOTS,
        logger: pino({ level: 'silent' }),
        backoff: FAST,
      });
      try {
        roots.start(() => {});
        await waitFor('the source is synced', () => roots.status().synced);
        assert.deepEqual(roots.snapshot()?.trustRoots, []);
        assert.equal(roots.status().lastError, undefined);
        await cluster.apply(TRUST_ROOT_CRD);
        await waitForCrds(cluster, ['trustroots.policy.sigstore.dev']);
        await cluster.apply(await trustRoot('corp'));
        await waitFor(
          'the TrustRoot is read',
          () =>
            roots
              .snapshot()
              ?.trustRoots?.map((t) => t.name)
              .join() === 'corp',
          { timeoutMs: 20_000 },
        );
        assert.equal(roots.snapshot()?.documents.length, 0);
        assert.equal(roots.status().name, 'TrustRoot policy.sigstore.dev/v1alpha1');
      } finally {
        await roots.close();
      }
    });

    it('has no TrustRoots, synced, and says why, when it may not read them', async () => {
      // The reader's role grants ClusterImagePolicies only, as deploy/01-rbac.yaml does.
      await cluster.apply(TRUST_ROOT_CRD);
      await waitForCrds(cluster, ['trustroots.policy.sigstore.dev']);
      const forbidden = new KubernetesPolicySource({
        api: await kubernetesPolicyApi({ kubeconfigFile: await cluster.userKubeconfig(READER) }),
        collection: SIGSTORE_TRUST_ROOTS,
        logger: pino({ level: 'silent' }),
        backoff: FAST,
      });
      try {
        forbidden.start(() => {});
        await waitFor('the source is synced', () => forbidden.status().synced);
        assert.deepEqual(forbidden.snapshot()?.trustRoots, []);
        assert.match(
          forbidden.status().lastError ?? '',
          /HTTP 403.*needs get, list and watch on trustroots.*no TrustRoots are used until the webhook may read them/,
        );
      } finally {
        await forbidden.close();
      }
    });

    it('lists again when its watch position was compacted away', async () => {
      const lists = async () =>
        (await readerRequests()).filter((r) => r.startsWith('list ')).length;
      const before = await lists();
      // The source resumes each watch from the last version it saw. Other writes move etcd
      // past it; compacting then forgets that version, so the next watch (within
      // WATCH_SECONDS) is answered 410 Expired and the source must list again.
      // Two writes: compacting at revision R keeps R itself, and the watch resumes from its
      // version + 1, so etcd must be at least two revisions past it.
      for (const name of ['unrelated-1', 'unrelated-2']) {
        await cluster.apply({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: 'default' },
        });
      }
      await cluster.compactEtcd();
      await waitFor(
        'the watch expired',
        () => messages.includes('policy watch expired; listing again'),
        {
          timeoutMs: (WATCH_SECONDS + 10) * 1000,
        },
      );
      await waitUntil('a second list', lists, (n) => n > before);
      await cluster.apply(policy('gamma', 'registry.example/g/**'));
      await waitFor('gamma appears', () => names(source)?.length === 2);
    });

    it('keeps the last policies while the API server is down, and recovers', async () => {
      await cluster.stopApiServer();
      try {
        await waitFor('the failure is reported', () => source.status().lastError !== undefined, {
          timeoutMs: 20_000,
        });
        assert.equal(source.status().synced, true);
        assert.equal(names(source)?.length, 2, 'the last snapshot stays in force');
      } finally {
        await cluster.startApiServer();
      }
      await remove('gamma');
      await waitFor(
        'the source recovers',
        () => source.status().lastError === undefined && names(source)?.length === 1,
        { timeoutMs: 20_000 },
      );
    });
  },
);
