// The admission scenario through a real Kubernetes API server: deploy/ accepted by the
// server (dry run), `signet serve webhook` as its own process registered with the shipped
// webhook configurations, and kubectl creating workloads of every kind in namespaces
// opted in with either label (Signet's or policy-controller's) and in one opted in with
// neither. Images are built, pushed and signed by Signet against its embedded registry.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import {
  kubeClusterSkipReason,
  startKubeCluster,
  type KubeCluster,
} from '../../src/testing/kube-cluster.js';
import { DEPLOY_DIRECTORY } from '../../src/testing/kube-cluster-webhooks.js';
import {
  POD_SPEC_PATH,
  WORKLOAD_KINDS,
  workloadManifest,
} from '../../src/testing/kube-cluster-workloads.js';
import { runCli } from '../../src/testing/run-cli.js';
import { getText, type WebhookChild } from './admission-harness.js';
import { startClusterWebhook, writeClusterServingCertificate } from './cluster-webhook.js';

const PASSWORD = 'apiserver-admission';
const SIGNET_LABEL = 'signet.dev/include';
const SIGSTORE_LABEL = 'policy.sigstore.dev/include';

const namespace = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

/** Reviews the webhook answered per route (validate, mutate), from its Prometheus counter. */
async function reviewsAnswered(webhook: WebhookChild, ca: string): Promise<Record<string, number>> {
  const { text } = await getText(webhook, ca, '/metrics');
  const answered: Record<string, number> = { validate: 0, mutate: 0 };
  for (const line of text.split('\n')) {
    const route = /^signet_admission_decisions_total\{.*route="(\w+)".*\} (\d+)$/.exec(line);
    if (route !== null && route[1]! in answered) answered[route[1]!]! += Number(route[2]);
  }
  return answered;
}

describe(
  'admission through a real Kubernetes API server',
  { skip: kubeClusterSkipReason() },
  () => {
    let cluster: KubeCluster;
    let registry: RunningRegistry;
    let dir: string;
    let webhook: WebhookChild;
    let webhookCa: string;
    const images = { signed: '', unsigned: '', otherKey: '' };

    /** `kubectl apply` of one object, as a user deploys it. */
    const create = (object: Record<string, unknown>) =>
      cluster.kubectl(['apply', '-f', '-'], { input: JSON.stringify(object) });

    before(async () => {
      cluster = await startKubeCluster();
      console.log(
        `API server ready: etcd ${cluster.startup.etcdMs} ms, kube-apiserver ${cluster.startup.apiServerMs} ms`,
      );
      registry = await startInMemoryRegistry();
      dir = await mkdtemp(join(tmpdir(), 'signet-apiserver-admission-'));

      // Images built and pushed by Signet, signed with `signet sign` by the CI key or another.
      const env = { SIGNET_PASSWORD: PASSWORD };
      for (const key of ['ci', 'other']) {
        const made = await runCli(
          ['generate-key-pair', '--output-key-prefix', join(dir, key)],
          env,
        );
        assert.equal(made.code, 0, made.stderr);
      }
      const client = new RegistryClient();
      for (const [name, key] of [
        ['signed', 'ci'],
        ['unsigned', undefined],
        ['otherKey', 'other'],
      ] as const) {
        const ref = `${registry.host}/team/${name.toLowerCase()}:v1`;
        await pushImage(client, parseReference(ref), buildImage({ layers: 1, layerBytes: 256 }));
        if (key !== undefined) {
          const signed = await runCli(['sign', '--key', join(dir, `${key}.key`), ref], env);
          assert.equal(signed.code, 0, signed.stderr);
        }
        images[name] = ref;
      }
      await client.close();

      // The shipped namespace, CRD and RBAC for real; the webhook reads the API as its
      // ServiceAccount, so deploy/01-rbac.yaml must grant what it needs.
      const shipped = (name: string) => readFile(join(DEPLOY_DIRECTORY, name), 'utf8');
      await cluster.apply(await shipped('crds/clusterimagepolicies.policy.signet.dev.yaml'));
      await cluster.apply(await shipped('00-namespace.yaml'), await shipped('01-rbac.yaml'));
      await cluster.apply(
        namespace('prod', { [SIGSTORE_LABEL]: 'true' }),
        namespace('team', { [SIGNET_LABEL]: 'true' }),
        namespace('both', { [SIGNET_LABEL]: 'true', [SIGSTORE_LABEL]: 'true' }),
        namespace('dev'),
      );
      const kubeconfig = await cluster.serviceAccountKubeconfig('signet-system', 'signet-webhook');

      await writeClusterServingCertificate(cluster, dir);
      webhookCa = cluster.caPem;
      const policy = {
        apiVersion: 'policy.signet.dev/v1beta1',
        kind: 'ClusterImagePolicy',
        metadata: { name: 'signed-by-ci' },
        spec: {
          images: [{ glob: `${registry.host}/team/**` }],
          authorities: [
            { name: 'ci-key', key: { data: await readFile(join(dir, 'ci.pub'), 'utf8') } },
          ],
        },
      };
      await writeFile(join(dir, 'policy.yaml'), JSON.stringify(policy));
      webhook = await startClusterWebhook(
        cluster,
        dir,
        [
          '--policy',
          join(dir, 'policy.yaml'),
          '--kubernetes',
          'cluster',
          '--namespace',
          'signet-system',
          '--pin-digests',
          '--insecure-registry',
          registry.host,
        ],
        { env: { KUBECONFIG: kubeconfig }, register: true },
      );
    });
    after(async () => {
      webhook?.kill();
      await cluster?.stop();
      await registry?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('accepts every shipped manifest in a server-side dry run', async () => {
      const files = [
        ...(await readdir(join(DEPLOY_DIRECTORY, 'crds'))).map((f) =>
          join(DEPLOY_DIRECTORY, 'crds', f),
        ),
        ...(await readdir(DEPLOY_DIRECTORY))
          .filter((f) => f.endsWith('.yaml'))
          .sort()
          .map((f) => join(DEPLOY_DIRECTORY, f)),
      ];
      // deploy/gatekeeper/ needs Gatekeeper's CRDs, which this cluster lacks (test/e2e/gatekeeper-flow.test.ts applies it).
      const result = await cluster.kubectl([
        'apply',
        '--dry-run=server',
        ...files.flatMap((f) => ['-f', f]),
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /error|invalid/i);
      for (const kind of [
        'customresourcedefinition',
        'namespace',
        'clusterrole',
        'configmap',
        'deployment',
        'service',
        'poddisruptionbudget',
        'validatingwebhookconfiguration',
        'mutatingwebhookconfiguration',
      ]) {
        assert.match(result.stdout, new RegExp(`^${kind}[./].*\\(server dry run\\)$`, 'm'), kind);
      }
    });

    it('refuses a Deployment with an unsigned image in a namespace labelled for policy-controller', async () => {
      const result = await create(
        workloadManifest('Deployment', 'unsigned', 'prod', images.unsigned),
      );
      assert.notEqual(result.code, 0);
      assert.match(
        result.stderr,
        /admission webhook "validate-sigstore-label\.signet\.dev" denied the request/,
      );
      assert.match(
        result.stderr,
        /spec\.template\.spec\.containers\[0\]\.image: .*team\/unsigned.*no signatures found/,
      );
      const listed = await cluster.kubectl(['-n', 'prod', 'get', 'deployments', '-o', 'name']);
      assert.doesNotMatch(listed.stdout, /unsigned/);
    });

    it('refuses an image signed by another key, naming the key mismatch', async () => {
      const result = await create(
        workloadManifest('Deployment', 'other-key', 'prod', images.otherKey),
      );
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /policy "signed-by-ci".*none verifies with the key/);
    });

    it('creates the signed Deployment, pinned to the digest it was verified at', async () => {
      const result = await create(workloadManifest('Deployment', 'signed', 'prod', images.signed));
      assert.equal(result.code, 0, result.stderr);
      const image = await cluster.kubectl([
        '-n',
        'prod',
        'get',
        'deployment',
        'signed',
        '-o',
        'jsonpath={..image}',
      ]);
      assert.match(
        image.stdout,
        new RegExp(`^${images.signed.replace(/[.:]/g, '\\$&')}@sha256:[0-9a-f]{64}$`),
      );
    });

    it('refuses an update that swaps in an unsigned image, keeping the verified one', async () => {
      const swapped = await cluster.kubectl([
        '-n',
        'prod',
        'set',
        'image',
        'deployment/signed',
        `app=${images.unsigned}`,
      ]);
      assert.notEqual(swapped.code, 0);
      assert.match(swapped.stderr, /denied the request: .*team\/unsigned.*no signatures found/s);
      const image = await cluster.kubectl([
        '-n',
        'prod',
        'get',
        'deployment',
        'signed',
        '-o',
        'jsonpath={..image}',
      ]);
      assert.match(image.stdout, /team\/signed:v1@sha256:/);
    });

    it('accepts anything in a namespace with neither label, without calling the webhook', async () => {
      const before = await reviewsAnswered(webhook, webhookCa);
      const result = await create(
        workloadManifest('Deployment', 'unsigned', 'dev', images.unsigned),
      );
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(
        await reviewsAnswered(webhook, webhookCa),
        before,
        'the API server called neither route',
      );
    });

    it("enforces Signet's own label too, and calls once for a namespace with both labels", async () => {
      const signetOnly = await create(workloadManifest('Pod', 'unsigned', 'team', images.unsigned));
      assert.match(
        signetOnly.stderr,
        /admission webhook "validate\.signet\.dev" denied the request/,
      );
      const before = await reviewsAnswered(webhook, webhookCa);
      const both = await create(workloadManifest('Pod', 'unsigned', 'both', images.unsigned));
      assert.match(
        both.stderr,
        /admission webhook "validate\.signet\.dev" denied the request: .*no signatures found/s,
      );
      assert.deepEqual(
        await reviewsAnswered(webhook, webhookCa),
        { validate: before['validate']! + 1, mutate: before['mutate']! + 1 },
        'one call per configuration, not two',
      );
    });

    for (const kind of WORKLOAD_KINDS) {
      it(`judges a ${kind} created through the API server`, async () => {
        const name = `${kind.toLowerCase()}-check`;
        const refused = await create(workloadManifest(kind, name, 'prod', images.unsigned));
        assert.notEqual(refused.code, 0, `${kind} with an unsigned image was created`);
        const path = POD_SPEC_PATH[kind].replace(/\./g, '\\.');
        assert.match(
          refused.stderr,
          new RegExp(`${path}\\.containers\\[0\\]\\.image: .*no signatures found`),
        );
        const created = await create(workloadManifest(kind, name, 'prod', images.signed));
        assert.equal(created.code, 0, created.stderr);
      });
    }

    it('judges ephemeral containers added through the pods/ephemeralcontainers subresource', async () => {
      const debug = (image: string) =>
        cluster.kubectl([
          '-n',
          'prod',
          'debug',
          'pod/pod-check',
          `--image=${image}`,
          '--profile=general',
        ]);
      const refused = await debug(images.unsigned);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /spec\.ephemeralContainers\[0\]\.image: .*no signatures found/);
      const added = await debug(images.signed);
      assert.equal(added.code, 0, added.stderr);
      const running = await cluster.kubectl([
        '-n',
        'prod',
        'get',
        'pod',
        'pod-check',
        '-o',
        'jsonpath={.spec.ephemeralContainers[*].image}',
      ]);
      assert.match(running.stdout, /team\/signed:v1@sha256:/);
    });

    it('fails creation while the webhook is down, naming the webhook', async () => {
      assert.equal(await webhook.stop(), 0);
      const result = await create(workloadManifest('Pod', 'while-down', 'prod', images.signed));
      assert.notEqual(result.code, 0);
      assert.match(
        result.stderr,
        /failed calling webhook "(mutate|validate)-sigstore-label\.signet\.dev"/,
      );
      const dev = await create(workloadManifest('Pod', 'while-down', 'dev', images.signed));
      assert.equal(dev.code, 0, `namespaces not opted in keep working: ${dev.stderr}`);
    });
  },
);
