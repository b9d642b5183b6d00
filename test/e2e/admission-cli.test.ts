// `signet certs` and `signet serve webhook` as an operator runs them: certificates written
// and the caBundle printed, the webhook started as its own process, answering a review.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import type { Json } from './admission-harness.js';

async function run(args: string[]) {
  const console = captureConsole();
  const code = await main(args, { console, env: {} });
  return { code, stdout: console.stdout, stderr: console.stderr };
}

const POLICY = `apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: system }
spec:
  images: [{ glob: "registry.example/system/**" }]
  authorities: [{ name: ok, static: { action: pass } }]
`;

describe('signet certs and signet serve webhook', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'signet-webhook-cli-'))));
  after(async () => {
    if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a CA and serving certificate and prints the caBundle', async () => {
    const out = join(dir, 'certs');
    const { code, stdout, stderr } = await run([
      'certs',
      '--service',
      'hook',
      '--namespace',
      'sec',
      '--out',
      out,
    ]);
    assert.equal(code, 0, stderr);
    const bundle = Buffer.from(stdout.trim(), 'base64').toString();
    assert.equal(bundle, await readFile(join(out, 'ca.crt'), 'utf8'));
    const serving = new X509Certificate(await readFile(join(out, 'tls.crt')));
    assert.ok(serving.checkIssued(new X509Certificate(bundle)));
    assert.equal(serving.checkHost('hook.sec.svc'), 'hook.sec.svc');
    assert.match(stderr, /kubectl -n sec create secret tls hook-tls/);
  });

  it('refuses a service name that is not a DNS label', async () => {
    const { code, stderr } = await run([
      'certs',
      '--service',
      'Bad_Name',
      '--out',
      join(dir, 'bad'),
    ]);
    assert.notEqual(code, 0);
    assert.match(stderr, /service name "Bad_Name" is not a DNS label/);
  });

  it('refuses a deadline beyond the Kubernetes webhook maximum', async () => {
    const certs = join(dir, 'certs');
    const { code, stderr } = await run([
      'serve',
      'webhook',
      '--policy',
      'p.yaml',
      '--tls-cert',
      join(certs, 'tls.crt'),
      '--tls-key',
      join(certs, 'tls.key'),
      '--timeout',
      '45s',
    ]);
    assert.notEqual(code, 0);
    assert.match(stderr, /--timeout must be at most 30s/);
  });

  it('serves admission reviews as its own process', async () => {
    const certs = join(dir, 'certs');
    const policy = join(dir, 'policy.yaml');
    await writeFile(policy, POLICY);
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
        policy,
        '--tls-cert',
        join(certs, 'tls.crt'),
        '--tls-key',
        join(certs, 'tls.key'),
        '--listen',
        '127.0.0.1:0',
        '--database',
        `sqlite:${join(dir, 'records.db')}`,
        '--kubernetes',
        'none',
        '--log-level',
        'silent',
      ],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child!.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (https:\/\/[^\s]+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      child!.on('exit', (code) => reject(new Error(`webhook exited with ${code}: ${stderr}`)));
    });
    const ca = await readFile(join(certs, 'ca.crt'), 'utf8');
    const body = JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'cli-1',
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        namespace: 'team',
        operation: 'CREATE',
        object: { spec: { containers: [{ name: 'a', image: 'registry.example/other/app:1' }] } },
      },
    });
    const answer = await new Promise<Json>((resolve, reject) => {
      const req = request(
        `${url}/validate`,
        {
          method: 'POST',
          ca,
          servername: 'hook.sec.svc',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(JSON.parse(text)));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(answer.response.uid, 'cli-1');
    assert.equal(answer.response.allowed, false);
    assert.match(
      answer.response.status.message,
      /spec\.containers\[0\]\.image: .*no policy covers it/,
    );
    const exited = new Promise((resolve) => child!.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
