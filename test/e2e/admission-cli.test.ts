// `signet certs` and `signet serve webhook` as an operator runs them: certificates written
// and the caBundle printed, the webhook started as its own process, answering a review.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/testing/run-cli.js';
import {
  postJson,
  review,
  startWebhookChild,
  type Json,
  type WebhookChild,
} from './admission-harness.js';

const POLICY = `apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: system }
spec:
  images: [{ glob: "registry.example/system/**" }]
  authorities: [{ name: ok, static: { action: pass } }]
`;

describe('signet certs and signet serve webhook', () => {
  let dir: string;
  let webhook: WebhookChild | undefined;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'signet-webhook-cli-'))));
  after(async () => {
    await webhook?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a CA and serving certificate and prints the caBundle', async () => {
    const out = join(dir, 'certs');
    const { code, stdout, stderr } = await runCli([
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
    const { code, stderr } = await runCli([
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
    const { code, stderr } = await runCli([
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
    const child = await startWebhookChild([
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
    ]);
    webhook = child;
    const ca = await readFile(join(certs, 'ca.crt'), 'utf8');
    const sent: Json = review('Pod', {
      spec: { containers: [{ name: 'a', image: 'registry.example/other/app:1' }] },
    });
    const { body: answer } = await postJson(
      { url: child.url, serverName: 'hook.sec.svc' },
      ca,
      '/validate',
      sent,
    );
    assert.equal(answer.response.uid, sent.request.uid);
    assert.equal(answer.response.allowed, false);
    assert.match(
      answer.response.status.message,
      /spec\.containers\[0\]\.image: .*no policy covers it/,
    );
    assert.equal(await child.stop(), 0);
  });
});
