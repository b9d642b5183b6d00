// k8s:// key pairs end to end against a real Kubernetes API server: `signet
// generate-key-pair k8s://NS/NAME` creates the Secret (reached through $KUBECONFIG, as in
// production, as a CI user whose RBAC allows Secrets only), `signet sign --key k8s://…`
// decrypts with the password kept in it, and `signet verify --key k8s://…` checks with its
// public key. The same Secrets are exchanged with cosign v3 both ways.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import {
  kubeClusterSkipReason,
  startKubeCluster,
  type KubeCluster,
} from '../../src/testing/kube-cluster.js';
import { runCommand } from '../../src/testing/kube-cluster-command.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import { findPeer, peerPath } from '../../src/testing/peers.js';

const PASSWORD = 'k8s-secret-pass';
/** The CI identity: a client certificate whose user may only create and read Secrets. */
const SIGNER = 'ci-signer';

/** Commands read the kubeconfig named in the environment they are given, as a shell passes it. */
async function run(args: string[], env: Record<string, string> = {}) {
  const console = captureConsole();
  const kubeconfig = process.env['KUBECONFIG'] ?? '';
  const code = await main(args, { console, env: { KUBECONFIG: kubeconfig, ...env } });
  return { code, stdout: console.stdout, stderr: console.stderr };
}

describe(
  'cosign key pairs in Kubernetes Secrets through the API',
  { skip: kubeClusterSkipReason() },
  () => {
    let cluster: KubeCluster;
    let registry: RunningRegistry;
    let dir: string;
    let signerKubeconfig: string;
    const previousKubeconfig = process.env['KUBECONFIG'];
    const pushed: string[] = [];

    const secretData = async (name: string): Promise<Record<string, string>> => {
      const result = await cluster.kubectl(['-n', 'ci', 'get', 'secret', name, '-o', 'json']);
      assert.equal(result.code, 0, result.stderr);
      return (JSON.parse(result.stdout) as { data: Record<string, string> }).data;
    };
    const signerRequests = async () =>
      (await cluster.auditedRequests(SIGNER)).map((r) => r.request);
    const pushImageNamed = async (path: string) => {
      const client = new RegistryClient();
      const image = `${registry.host}/${path}`;
      await pushImage(client, parseReference(image), buildImage());
      await client.close();
      pushed.push(image);
      return image;
    };

    before(async () => {
      cluster = await startKubeCluster();
      await cluster.apply(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ci' } },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'key-secrets' },
          rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create'] }],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'ci-signer-key-secrets' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'key-secrets',
          },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: SIGNER }],
        },
      );
      signerKubeconfig = await cluster.userKubeconfig(SIGNER);
      // client-node reads $KUBECONFIG from the process environment, as in production.
      process.env['KUBECONFIG'] = signerKubeconfig;
      registry = await startInMemoryRegistry();
      dir = await mkdtemp(join(tmpdir(), 'signet-k8s-keys-'));
      await pushImageNamed('team/app:1.0');
    });
    after(async () => {
      if (previousKubeconfig === undefined) delete process.env['KUBECONFIG'];
      else process.env['KUBECONFIG'] = previousKubeconfig;
      await registry?.stop();
      await cluster?.stop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('creates an immutable Secret with cosign.key, cosign.pub and cosign.password', async () => {
      const prefix = join(dir, 'cosign');
      const made = await run(
        ['generate-key-pair', 'k8s://ci/signing', '--output-key-prefix', prefix],
        {
          SIGNET_PASSWORD: PASSWORD,
        },
      );
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stderr, /Secret ci\/signing created/);
      await waitUntil('the creation is audited', signerRequests, (r) =>
        r.includes('POST /api/v1/namespaces/ci/secrets'),
      );
      const immutable = await cluster.kubectl([
        '-n',
        'ci',
        'get',
        'secret',
        'signing',
        '-o',
        'jsonpath={.immutable}',
      ]);
      assert.equal(immutable.stdout, 'true');
      const data = await secretData('signing');
      const text = (key: string) => Buffer.from(data[key]!, 'base64').toString('utf8');
      assert.deepEqual(Object.keys(data).sort(), ['cosign.key', 'cosign.password', 'cosign.pub']);
      assert.match(text('cosign.key'), /^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----/);
      assert.equal(text('cosign.password'), PASSWORD);
      assert.equal(text('cosign.pub'), await readFile(`${prefix}.pub`, 'utf8'));
    });

    it('refuses to replace an existing Secret and says what to do', async () => {
      const again = await run(
        ['generate-key-pair', 'k8s://ci/signing', '--output-key-prefix', join(dir, 'again')],
        { SIGNET_PASSWORD: PASSWORD },
      );
      assert.notEqual(again.code, 0);
      assert.match(
        again.stderr,
        /KUBERNETES_API_FAILED.*creating Secret ci\/signing failed \(HTTP 409: secrets "signing" already exists\); delete it first/s,
      );
    });

    it('reports a namespace that does not exist', async () => {
      const made = await run(
        ['generate-key-pair', 'k8s://nowhere/signing', '--output-key-prefix', join(dir, 'nowhere')],
        { SIGNET_PASSWORD: PASSWORD },
      );
      assert.notEqual(made.code, 0);
      assert.match(
        made.stderr,
        /HTTP 404: namespaces "nowhere" not found\); create namespace nowhere first/,
      );
    });

    it('signs with the key in the Secret (password from the Secret) and verifies with it', async () => {
      const signed = await run(['sign', '--key', 'k8s://ci/signing', pushed[0]!]);
      assert.equal(signed.code, 0, signed.stderr);
      await waitUntil('the read is audited', signerRequests, (r) =>
        r.includes('GET /api/v1/namespaces/ci/secrets/signing'),
      );
      const verified = await run(['verify', '--key', 'k8s://ci/signing', pushed[0]!]);
      assert.equal(verified.code, 0, verified.stderr);
      assert.match(verified.stderr, /Verification for .*team\/app/);
    });

    it('names a missing Secret and how to create it', async () => {
      const verified = await run(['verify', '--key', 'k8s://ci/absent', pushed[0]!]);
      assert.notEqual(verified.code, 0);
      assert.match(
        verified.stderr,
        /reading Secret ci\/absent failed \(HTTP 404: secrets "absent" not found\); create it with `signet generate-key-pair k8s:\/\/ci\/absent`/,
      );
    });

    describe('with cosign v3', { skip: findPeer('cosign3').skipReason }, () => {
      const cosign = (args: readonly string[]) =>
        runCommand(peerPath(findPeer('cosign3')), args, {
          env: {
            HOME: dir,
            TUF_ROOT: join(dir, 'tuf'),
            KUBECONFIG: signerKubeconfig,
            COSIGN_PASSWORD: PASSWORD,
          },
          cwd: dir, // generate-key-pair k8s://… also writes cosign.pub there
        });
      const offline = [
        '--allow-http-registry',
        '--use-signing-config=false',
        '--tlog-upload=false',
        '--yes',
      ];

      it('verifies with a Secret cosign generated, an image cosign signed', async () => {
        const made = await cosign(['generate-key-pair', 'k8s://ci/from-cosign']);
        assert.equal(made.code, 0, made.stderr);
        const image = await pushImageNamed('team/cosign-signed:1.0');
        const signed = await cosign(['sign', '--key', 'k8s://ci/from-cosign', ...offline, image]);
        assert.equal(signed.code, 0, signed.stderr);
        const verified = await run(['verify', '--key', 'k8s://ci/from-cosign', image]);
        assert.equal(verified.code, 0, verified.stderr);
        const other = await run(['verify', '--key', 'k8s://ci/signing', image]);
        assert.notEqual(other.code, 0, 'a signature by cosign key is not accepted for another key');
      });

      it('lets cosign sign and verify with a Secret Signet generated', async () => {
        const image = await pushImageNamed('team/signet-key:1.0');
        const signed = await cosign(['sign', '--key', 'k8s://ci/signing', ...offline, image]);
        assert.equal(signed.code, 0, signed.stderr);
        const verified = await cosign([
          'verify',
          '--key',
          'k8s://ci/signing',
          '--allow-http-registry',
          '--insecure-ignore-tlog',
          image,
        ]);
        assert.equal(verified.code, 0, verified.stderr);
        const bySignet = await run(['verify', '--key', 'k8s://ci/signing', image]);
        assert.equal(bySignet.code, 0, bySignet.stderr);
      });
    });
  },
);
