// The published Gatekeeper flow, for real: OPA Gatekeeper (built from the Go module proxy)
// on a real API server, its webhook registered by URL, the external-data Provider,
// ConstraintTemplate and Constraint shipped in deploy/gatekeeper/, and Signet's provider
// served by `signet serve webhook` in its own process. `kubectl run` of an unsigned image is
// denied with Signet's reason; of a signed one is admitted; an image whose registry cannot
// be reached, and every image while Signet itself is down, are denied (fail closed).
// Each kind of signature is one entry of SIGNATURE_KINDS.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ADMISSION_ROUTES } from '../../src/admission/server/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import {
  freeLoopbackPort,
  startInMemoryRegistry,
  type RunningRegistry,
} from '../../src/testing/index.js';
import {
  gatekeeperSkipReason,
  startGatekeeper,
  type RunningGatekeeper,
} from '../../src/testing/gatekeeper.js';
import {
  kubeClusterSkipReason,
  startKubeCluster,
  type KubeCluster,
} from '../../src/testing/kube-cluster.js';
import { DEPLOY_DIRECTORY } from '../../src/testing/kube-cluster-webhooks.js';
import { runCli } from '../../src/testing/run-cli.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import { getText, postJson, type WebhookChild } from './admission-harness.js';
import { startClusterWebhook, writeClusterServingCertificate } from './cluster-webhook.js';

const PASSWORD = 'gatekeeper-flow';
const GATEKEEPER_DEPLOY = join(DEPLOY_DIRECTORY, 'gatekeeper');
const PROVIDER_PATH = ADMISSION_ROUTES.gatekeeper;
/** Gatekeeper answers within its webhook's 3 s; Signet must answer the provider call before. */
const SIGNET_TIMEOUT = '2s';
/** kubectl calls cross three processes on a loaded machine: poll gently. */
const SLOW = { timeoutMs: 60_000, intervalMs: 500 };

interface Setup {
  readonly registry: RunningRegistry;
  readonly dir: string;
}

/**
 * A kind of signature Signet verifies: a ClusterImagePolicy authority and a way to sign an
 * image in the repository the policy covers. Another kind (Notation) is one more entry.
 */
interface SignatureKind {
  readonly name: string;
  readonly repository: string;
  authority(setup: Setup): Promise<Record<string, unknown>>;
  sign(setup: Setup, image: string): Promise<void>;
}

const SIGNATURE_KINDS: readonly SignatureKind[] = [
  {
    name: 'a key, signed by `signet sign`',
    repository: 'team/key-signed',
    async authority({ dir }) {
      return { name: 'ci-key', key: { data: await readFile(join(dir, 'ci.pub'), 'utf8') } };
    },
    async sign({ dir }, image) {
      const signed = await runCli(['sign', '--key', join(dir, 'ci.key'), image], {
        SIGNET_PASSWORD: PASSWORD,
      });
      assert.equal(signed.code, 0, signed.stderr);
    },
  },
  {
    name: 'a Notary Project certificate, signed by `signet notation sign`',
    repository: 'team/notation-signed',
    async authority({ dir }) {
      return {
        name: 'notation-release',
        notation: {
          signatureVerification: { level: 'strict' },
          trustStores: ['ca:release'],
          trustedIdentities: ['x509.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=release'],
          certificates: { 'ca:release': await readFile(join(dir, 'release.crt'), 'utf8') },
        },
      };
    },
    async sign({ dir }, image) {
      const made = await runCli(['certs', 'generate-test', 'release', '--dir', dir]);
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /x509\.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=release/);
      const signed = await runCli([
        'notation',
        'sign',
        '--key',
        join(dir, 'release.key'),
        '--cert',
        join(dir, 'release.crt'),
        image,
      ]);
      assert.equal(signed.code, 0, signed.stderr);
    },
  },
];

const policy = (name: string, glob: string, authority: Record<string, unknown>) => ({
  apiVersion: 'policy.signet.dev/v1beta1',
  kind: 'ClusterImagePolicy',
  metadata: { name },
  spec: { images: [{ glob }], authorities: [authority] },
});

interface ShippedProvider {
  kind: string;
  spec: { url: string; caBundle: string };
}

const shipped = async (file: string): Promise<Record<string, unknown>> =>
  parse(await readFile(join(GATEKEEPER_DEPLOY, file), 'utf8')) as Record<string, unknown>;

describe('deploy/gatekeeper manifests', () => {
  it('are numbered in apply order and fit together: Provider, template, constraint', async () => {
    const files = (await readdir(GATEKEEPER_DEPLOY)).filter((f) => f.endsWith('.yaml')).sort();
    assert.deepEqual(files, [
      '01-provider.yaml',
      '02-constraint-template.yaml',
      '03-constraint.yaml',
    ]);
    const provider = (await shipped(files[0]!)) as unknown as ShippedProvider;
    const service = parse(await readFile(join(DEPLOY_DIRECTORY, '04-service.yaml'), 'utf8')) as {
      metadata: { name: string; namespace: string };
    };
    assert.equal(
      provider.spec.url,
      `https://${service.metadata.name}.${service.metadata.namespace}.svc:443${ADMISSION_ROUTES.gatekeeper}`,
    );
    const template = (await shipped(files[1]!)) as {
      metadata: { name: string };
      spec: { crd: { spec: { names: { kind: string } } }; targets: { rego: string }[] };
    };
    const kind = template.spec.crd.spec.names.kind;
    assert.equal(template.metadata.name, kind.toLowerCase());
    assert.match(template.spec.targets[0]!.rego, /"provider": "signet"/);
    const constraint = (await shipped(files[2]!)) as {
      kind: string;
      spec: { match: { namespaceSelector: { matchLabels: Record<string, string> } } };
    };
    assert.equal(constraint.kind, kind);
    assert.deepEqual(constraint.spec.match.namespaceSelector.matchLabels, {
      'signet.dev/include': 'true',
    });
  });
});

describe(
  'the published Gatekeeper flow with Signet as external-data provider',
  { skip: kubeClusterSkipReason() ?? gatekeeperSkipReason() },
  () => {
    let cluster: KubeCluster;
    let registry: RunningRegistry;
    let gatekeeper: RunningGatekeeper;
    let signet: WebhookChild;
    let dir: string;
    let closedPort: number;
    const images = { unsigned: '', signed: new Map<string, string>() };
    let runs = 0;

    /** `kubectl run` of `image` in the opted-in namespace, as a user starts a pod. */
    const kubectlRun = (image: string, extra: readonly string[] = []) =>
      cluster.kubectl([
        'run',
        `pod-${(runs += 1)}`,
        '-n',
        'team',
        `--image=${image}`,
        '--restart=Never',
        ...extra,
      ]);

    before(async () => {
      cluster = await startKubeCluster();
      registry = await startInMemoryRegistry();
      dir = await mkdtemp(join(tmpdir(), 'signet-gatekeeper-flow-'));
      closedPort = await freeLoopbackPort();
      const made = await runCli(['generate-key-pair', '--output-key-prefix', join(dir, 'ci')], {
        SIGNET_PASSWORD: PASSWORD,
      });
      assert.equal(made.code, 0, made.stderr);

      const client = new RegistryClient();
      const push = async (repository: string) => {
        const ref = `${registry.host}/${repository}:v1`;
        await pushImage(client, parseReference(ref), buildImage({ layers: 1, layerBytes: 256 }));
        return ref;
      };
      const setup = { registry, dir };
      const policies = [
        policy('unsigned-team', `${registry.host}/team/unsigned/**`, {
          name: 'ci-key',
          key: { data: await readFile(join(dir, 'ci.pub'), 'utf8') },
        }),
        policy('unreachable', `127.0.0.1:${closedPort}/**`, {
          name: 'ci-key',
          key: { data: await readFile(join(dir, 'ci.pub'), 'utf8') },
        }),
      ];
      images.unsigned = await push('team/unsigned/app');
      for (const kind of SIGNATURE_KINDS) {
        const image = await push(kind.repository);
        await kind.sign(setup, image);
        images.signed.set(kind.name, image);
        policies.push(
          policy(
            kind.repository.replace(/\W/g, '-'),
            `${registry.host}/${kind.repository}**`,
            await kind.authority(setup),
          ),
        );
      }
      await client.close();
      await writeFile(
        join(dir, 'policies.yaml'),
        policies.map((p) => JSON.stringify(p)).join('\n---\n'),
      );

      // Signet's serving certificate from the cluster CA: Gatekeeper calls it at 127.0.0.1.
      await writeClusterServingCertificate(cluster, dir);
      signet = await startClusterWebhook(
        cluster,
        dir,
        [
          '--policy',
          join(dir, 'policies.yaml'),
          '--kubernetes',
          'none',
          '--timeout',
          SIGNET_TIMEOUT,
          '--insecure-registry',
          registry.host,
          '--insecure-registry',
          `127.0.0.1:${closedPort}`,
        ],
        { readyTimeoutMs: SLOW.timeoutMs },
      );

      gatekeeper = await startGatekeeper(cluster);
      await cluster.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'team', labels: { 'signet.dev/include': 'true' } },
      });
      // The shipped Provider, pointed at this Signet and trusting the CA of its certificate.
      const provider = (await shipped('01-provider.yaml')) as unknown as ShippedProvider;
      assert.equal(provider.kind, 'Provider');
      provider.spec.url = `${signet.url}${PROVIDER_PATH}`;
      provider.spec.caBundle = Buffer.from(cluster.caPem).toString('base64');
      await cluster.apply(
        provider as unknown as Record<string, unknown>,
        await shipped('02-constraint-template.yaml'),
      );
      const created = await cluster.kubectl([
        'wait',
        '--for=jsonpath={.status.created}=true',
        '--timeout=60s',
        'constrainttemplate/signetverifiedimages',
      ]);
      assert.equal(created.code, 0, `${created.stderr}\n${await gatekeeper.log()}`);
      await waitUntil(
        'the constraint kind is served',
        () => cluster.kubectl(['apply', '-f', join(GATEKEEPER_DEPLOY, '03-constraint.yaml')]),
        (r) => r.code === 0,
        SLOW,
      );
      // Gatekeeper enforces the constraint once its controllers have loaded it.
      await waitUntil(
        'Gatekeeper enforces the constraint',
        () => kubectlRun(images.unsigned, ['--dry-run=server']),
        (r) => r.code !== 0,
        SLOW,
      );
    });
    after(async () => {
      signet?.kill();
      await gatekeeper?.stop();
      await cluster?.stop();
      await registry?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it("denies `kubectl run` of an unsigned image with Signet's reason", async () => {
      const direct = await postJson(signet, cluster.caPem, PROVIDER_PATH, {
        apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
        kind: 'ProviderRequest',
        request: { keys: [images.unsigned] },
      });
      const reason = direct.body.response.items[0].value.denials[0] as string;
      assert.equal(direct.body.response.items[0].value.isSuccess, false);
      const run = await kubectlRun(images.unsigned);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /admission webhook "validation\.gatekeeper\.sh" denied the request/);
      assert.ok(
        run.stderr.includes(
          `[signet-verified-images] image ${images.unsigned} is not allowed by Signet: ${reason}`,
        ),
        run.stderr,
      );
      const pods = await cluster.kubectl(['get', 'pods', '-n', 'team', '-o', 'name']);
      assert.doesNotMatch(pods.stdout, new RegExp(`pod/pod-${runs}\\b`));
    });

    it('denies a Deployment whose pod template holds an unsigned image', async () => {
      const created = await cluster.kubectl([
        'create',
        'deployment',
        'web',
        '-n',
        'team',
        `--image=${images.unsigned}`,
      ]);
      assert.notEqual(created.code, 0);
      assert.ok(
        created.stderr.includes(`image ${images.unsigned} is not allowed by Signet: `),
        created.stderr,
      );
    });

    for (const kind of SIGNATURE_KINDS) {
      it(`admits \`kubectl run\` of an image signed with ${kind.name}`, async () => {
        const image = images.signed.get(kind.name)!;
        const run = await kubectlRun(image);
        assert.equal(run.code, 0, run.stderr);
        const pod = await cluster.kubectl([
          'get',
          'pod',
          `pod-${runs}`,
          '-n',
          'team',
          '-o',
          'jsonpath={.spec.containers[0].image}',
        ]);
        assert.equal(pod.stdout, image);
      });
    }

    it('denies an image whose registry cannot be reached, naming the image and the error', async () => {
      const image = `127.0.0.1:${closedPort}/team/app:v1`;
      const run = await kubectlRun(image);
      assert.notEqual(run.code, 0);
      assert.ok(run.stderr.includes(`Signet could not check image ${image}: `), run.stderr);
    });

    it("answers in Gatekeeper's protocol: items by key, an item error, a systemError", async () => {
      const ask = (keys: unknown) =>
        postJson(signet, cluster.caPem, PROVIDER_PATH, {
          apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
          kind: 'ProviderRequest',
          request: { keys },
        });
      const signed = images.signed.get(SIGNATURE_KINDS[0]!.name)!;
      const answer = await ask([signed, '']);
      assert.equal(answer.status, 200);
      assert.equal(answer.body.kind, 'ProviderResponse');
      assert.equal(answer.body.response.idempotent, true);
      assert.equal(answer.body.response.systemError, undefined);
      assert.deepEqual(
        (answer.body.response.items as { key: string }[]).map((i) => i.key),
        [signed, ''],
      );
      assert.equal(answer.body.response.items[0].value.isSuccess, true);
      assert.match(answer.body.response.items[0].value.digest, /^sha256:[0-9a-f]{64}$/);
      assert.equal(typeof answer.body.response.items[1].error, 'string');
      const tooMany = await ask(Array.from({ length: 257 }, () => signed));
      assert.equal(tooMany.status, 200);
      assert.deepEqual(tooMany.body.response.items, []);
      assert.match(tooMany.body.response.systemError, /256/);
      const calls = await getText(signet, cluster.caPem, '/metrics');
      assert.match(
        calls.text,
        /signet_admission_decisions_total\{[^}]*route="gatekeeper"[^}]*\} [1-9]/,
      );
    });

    it('denies every image while Signet is down: Gatekeeper reports a system error', async () => {
      await signet.stop();
      // A key Gatekeeper has not cached: the cache would otherwise answer for Signet.
      const image = `${images.signed.get(SIGNATURE_KINDS[0]!.name)!.replace(/:v1$/, ':v2')}`;
      const run = await kubectlRun(image);
      assert.notEqual(run.code, 0);
      assert.match(
        run.stderr,
        /Signet could not check the images: .*(connection refused|failed to send)/,
      );
    });
  },
);
