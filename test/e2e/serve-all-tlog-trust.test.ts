// `signet serve all --webhook --tlog`: the in-process webhook verifies log entries of key
// signatures against the in-process log's key without being told it, and against the keys
// `--tlog-key` names. A deploy-stage SecurityPolicy requires a verified entry; images
// signed to either log are admitted, an unlogged one is refused naming the reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import { runCli } from '../../src/testing/run-cli.js';
import { RekorClient } from '../../src/tlog/client/index.js';
import { startTlogServer, type RunningTlogServer } from '../../src/tlog/server/index.js';
import {
  postJson,
  review,
  startServeChild,
  type Json,
  type ServeChild,
} from './admission-harness.js';

const env = { SIGNET_PASSWORD: 'serve all tlog test' };

const coverAll = (host: string) => `apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: everything}
spec:
  images: [{glob: "${host}/**"}]
  authorities: [{name: any, static: {action: pass}}]
`;

const loggedSignature = (publicKeyPem: string) => `apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: logged-signature}
spec:
  name: Logged signature
  description: Images must carry a CI signature recorded in a trusted transparency log.
  remediation: Sign with signet sign --tlog-url.
  severity: high
  lifecycleStages: [deploy]
  enforcement: {deploy: enforce}
  criteria:
    signature:
      authorities: [{name: ci, key: {data: ${JSON.stringify(publicKeyPem)}}}]
    transparencyLog: {entryRequired: true}
`;

describe('signet serve all --webhook --tlog', () => {
  let dir: string;
  let registry: RunningRegistry;
  let external: RunningTlogServer;
  let server: ServeChild<'tlog' | 'webhook' | 'server'> | undefined;
  let ca: string;
  const file = (name: string) => join(dir, name);

  const signed = async (name: string, logUrl?: string) => {
    const ref = `${registry.host}/team/${name}:1.0`;
    const client = new RegistryClient();
    await pushImage(client, parseReference(ref), buildImage());
    await client.close();
    const logFlags = logUrl === undefined ? [] : ['--tlog-url', logUrl];
    const result = await runCli(['sign', '--key', file('ci.key'), ...logFlags, ref], env);
    assert.equal(result.code, 0, result.stderr);
    return ref;
  };
  const admit = async (image: string) => {
    const sent: Json = review('Pod', { spec: { containers: [{ name: 'app', image }] } });
    const { body } = await postJson(
      { url: server!.urls.webhook, serverName: 'hook.sec.svc' },
      ca,
      '/validate',
      sent,
    );
    return body.response as { allowed: boolean; status?: { message: string } };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-serve-all-tlog-'));
    registry = await startInMemoryRegistry();
    external = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir: file('external') });
    const rekor = new RekorClient(external.url);
    await writeFile(file('external.pub'), await rekor.publicKeyPem());
    await rekor.close();
    for (const command of [
      ['generate-key-pair', '--output-key-prefix', file('ci')],
      ['certs', '--service', 'hook', '--namespace', 'sec', '--out', file('certs')],
    ]) {
      const made = await runCli(command, env);
      assert.equal(made.code, 0, made.stderr);
    }
    ca = await readFile(file('certs/ca.crt'), 'utf8');
    await writeFile(file('cover.yaml'), coverAll(registry.host));
    await writeFile(file('logged.yaml'), loggedSignature(await readFile(file('ci.pub'), 'utf8')));
    server = await startServeChild(
      'all',
      [
        ...[
          '--listen',
          '127.0.0.1:0',
          '--public-read',
          '--database',
          `sqlite:${file('records.db')}`,
        ],
        ...['--tlog', '--tlog-listen', '127.0.0.1:0', '--tlog-data-dir', file('log')],
        ...['--webhook', '--webhook-listen', '127.0.0.1:0'],
        ...[
          '--webhook-tls-cert',
          file('certs/tls.crt'),
          '--webhook-tls-key',
          file('certs/tls.key'),
        ],
        ...['--policy', file('cover.yaml'), '--security-policy', file('logged.yaml')],
        ...['--tlog-key', file('external.pub'), '--log-level', 'silent'],
      ],
      ['tlog', 'webhook', 'server'],
      { HOME: dir },
    );
  });

  after(async () => {
    server?.kill();
    await external?.close();
    await registry?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('admits an image signed to the in-process log, whose key it was not given', async () => {
    const answer = await admit(await signed('in-process', server!.urls.tlog));
    assert.equal(answer.allowed, true, answer.status?.message);
  });

  it('admits an image signed to a log named by --tlog-key', async () => {
    const answer = await admit(await signed('external', external.url));
    assert.equal(answer.allowed, true, answer.status?.message);
  });

  it('refuses an image signed with the right key but recorded in no log, saying why', async () => {
    const answer = await admit(await signed('unlogged'));
    assert.equal(answer.allowed, false);
    assert.match(answer.status!.message, /Logged signature/);
    assert.match(answer.status!.message, /no transparency-log entry that verified/);
  });

  it('stops on SIGTERM with exit 0', async () => {
    assert.equal(await server!.stop(), 0);
  });
});
