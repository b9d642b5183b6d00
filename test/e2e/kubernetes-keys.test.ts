// k8s:// key pairs end to end: `signet generate-key-pair k8s://NS/NAME` creates the Secret
// through the Kubernetes API (the stand-in of src/testing, reached through $KUBECONFIG as in
// production), `signet sign --key k8s://…` decrypts with the password kept in it, and
// `signet verify --key k8s://…` checks with its public key.
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
import { startKubeApiServer, type KubeApiServer } from '../../src/testing/kube-api-server.js';

const PASSWORD = 'k8s-secret-pass';

async function run(args: string[], env: Record<string, string> = {}) {
  const console = captureConsole();
  const code = await main(args, { console, env });
  return { code, stdout: console.stdout, stderr: console.stderr };
}

describe('cosign key pairs in Kubernetes Secrets through the API', () => {
  let api: KubeApiServer;
  let registry: RunningRegistry;
  let dir: string;
  let image: string;
  const previousKubeconfig = process.env['KUBECONFIG'];

  before(async () => {
    api = await startKubeApiServer();
    api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ci' } });
    // client-node reads $KUBECONFIG from the process environment, as in production.
    process.env['KUBECONFIG'] = api.kubeconfigPath;
    registry = await startInMemoryRegistry();
    dir = await mkdtemp(join(tmpdir(), 'signet-k8s-keys-'));
    const client = new RegistryClient();
    image = `${registry.host}/team/app:1.0`;
    await pushImage(client, parseReference(image), buildImage());
    await client.close();
  });
  after(async () => {
    if (previousKubeconfig === undefined) delete process.env['KUBECONFIG'];
    else process.env['KUBECONFIG'] = previousKubeconfig;
    await registry.stop();
    await api.close();
    await rm(dir, { recursive: true, force: true });
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
    assert.ok(api.requests.includes('POST /api/v1/namespaces/ci/secrets'));
    const secret = api.get('v1', 'Secret', 'signing', 'ci')!;
    assert.equal(secret['immutable'], true);
    const data = secret['data'] as Record<string, string>;
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
    const signed = await run(['sign', '--key', 'k8s://ci/signing', image]);
    assert.equal(signed.code, 0, signed.stderr);
    assert.ok(api.requests.includes('GET /api/v1/namespaces/ci/secrets/signing'));
    const verified = await run(['verify', '--key', 'k8s://ci/signing', image]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stderr, /Verification for .*team\/app/);
  });

  it('names a missing Secret and how to create it', async () => {
    const verified = await run(['verify', '--key', 'k8s://ci/absent', image]);
    assert.notEqual(verified.code, 0);
    assert.match(
      verified.stderr,
      /reading Secret ci\/absent failed \(HTTP 404: secrets "absent" not found\); create it with `signet generate-key-pair k8s:\/\/ci\/absent`/,
    );
  });
});
