// `signet serve webhook --policy-source kubernetes` as an operator runs it: its own process,
// $KUBECONFIG pointing at the Kubernetes API (the stand-in of src/testing), policies from a
// file and from ClusterImagePolicy objects of both groups, each change applied without a
// restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { startKubeApiServer, type KubeApiServer } from '../../src/testing/kube-api-server.js';
import {
  makeCertificates,
  removeCertificates,
  SERVER_NAME,
  type Certificates,
  type Json,
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

function call(
  url: string,
  ca: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method: body === undefined ? 'GET' : 'POST',
        ca,
        servername: SERVER_NAME,
        agent: false,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const reviewOf = (image: string) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: 'cli',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'team',
    operation: 'CREATE',
    object: { spec: { containers: [{ name: 'a', image }] } },
  },
});

async function until<T>(
  what: string,
  probe: () => Promise<T>,
  done: (v: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      assert.fail(`timed out waiting until ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('signet serve webhook --policy-source kubernetes', () => {
  let api: KubeApiServer;
  let certs: Certificates;
  let dir: string;
  let child: ChildProcess | undefined;

  before(async () => {
    api = await startKubeApiServer();
    api.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team', labels: { 'signet.dev/include': 'true' } },
    });
    api.apply(sigstorePolicy);
    certs = await makeCertificates();
    dir = await mkdtemp(join(tmpdir(), 'signet-webhook-k8s-'));
  });
  after(async () => {
    child?.kill('SIGKILL');
    await api.close();
    await removeCertificates(certs);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start without any policy source, or with sigstore policies but no API source', async () => {
    for (const extra of [
      [],
      ['--policy', 'p.yaml', '--watch-sigstore-policies'],
      ['--policy-source', 'etcd'],
    ]) {
      const console = captureConsole();
      const code = await main(
        ['serve', 'webhook', '--tls-cert', certs.certFile, '--tls-key', certs.keyFile, ...extra],
        { console, env: {} },
      );
      assert.equal(code, 2, console.stderr);
      assert.match(console.stderr, /--policy|--policy-source|--watch-sigstore-policies/);
    }
  });

  it('unites file and API policies and applies changes to both without a restart', async () => {
    const file = join(dir, 'policy.yaml');
    await writeFile(file, filePolicy('pass'));
    const entry =
      "const m = await import('./src/cli/main.ts'); process.exitCode = await m.main(process.argv.slice(1));";
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        entry,
        'serve',
        'webhook',
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
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          KUBECONFIG: api.kubeconfigPath,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child!.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (https:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      child!.on('exit', (code) => reject(new Error(`webhook exited with ${code}: ${stderr}`)));
    });
    const ready = await until(
      'ready',
      () => call(url, certs.ca, '/readyz'),
      (r) => r.status === 200,
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
      ],
    );
    assert.equal(ready.body.policies.policies, 2);
    const allowed = async (image: string): Promise<Json> =>
      (await call(url, certs.ca, '/validate', reviewOf(image))).body.response;
    assert.equal((await allowed('registry.example/pc/app:1')).allowed, true);
    assert.equal((await allowed('registry.example/file/app:1')).allowed, true);
    assert.equal((await allowed('registry.example/other/app:1')).allowed, false, '--no-match deny');

    await writeFile(file, filePolicy('fail'));
    await until(
      'the file change applies',
      () => allowed('registry.example/file/app:1'),
      (r) => r.allowed === false,
    );
    api.remove('policy.sigstore.dev/v1beta1', 'ClusterImagePolicy', 'from-policy-controller');
    await until(
      'the deletion applies',
      () => allowed('registry.example/pc/app:1'),
      (r) => r.allowed === false,
    );

    const exited = new Promise((resolve) => child!.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    child = undefined;
  });
});
