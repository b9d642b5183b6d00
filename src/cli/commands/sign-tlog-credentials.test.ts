// `signet sign --tlog-url` against a log that restricts writes (`signet serve tlog
// --write-token-file --client-ca`): refused without credentials (exit 3, naming the log),
// recorded with the write token or the client certificate.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../oci/build/index.js';
import { parseReference } from '../../oci/reference/index.js';
import { RegistryClient } from '../../oci/remote/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../testing/index.js';
import { runCli } from '../../testing/run-cli.js';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import { tlogTlsMaterial } from '../../testing/tlog-tls.js';
import { RekorClient } from '../../tlog/client/index.js';
import { parseWriteTokens, type RunningTlogServer } from '../../tlog/server/index.js';

const TOKEN = '7a11e9'.repeat(6);

describe('signet sign with a log that restricts writes', () => {
  let dir: string;
  let registry: RunningRegistry;
  let log: RunningTlogServer;
  let reader: RekorClient;
  let files: Record<'token' | 'wrongToken' | 'ca' | 'cert' | 'key', string>;
  let counter = 0;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const env = { SIGNER: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };

  /** A new image each time, so every signature is a new log entry. */
  async function freshImage(): Promise<string> {
    const ref = `${registry.host}/tlog-writers/app${++counter}:1`;
    const client = new RegistryClient();
    try {
      await pushImage(client, parseReference(ref), buildImage());
    } finally {
      await client.close();
    }
    return ref;
  }

  const sign = async (...flags: string[]) =>
    runCli(['sign', '--key', 'env://SIGNER', '--tlog-url', log.url, ...flags, await freshImage()], {
      ...env,
      HOME: dir,
    });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-sign-tlog-'));
    const tls = await tlogTlsMaterial();
    registry = await startInMemoryRegistry();
    log = await startTemporaryTlogServer({
      tls: {
        certificatePem: tls.server.certificatePem,
        privateKeyPem: tls.server.privateKeyPem,
        clientCaPem: tls.clientCaPem,
      },
      write: { tokens: parseWriteTokens(TOKEN, 'tokens') },
    });
    reader = new RekorClient(log.url, { tls: { caPem: tls.serverCaPem } });
    files = {
      token: join(dir, 'token'),
      wrongToken: join(dir, 'wrong-token'),
      ca: join(dir, 'log-ca.pem'),
      cert: join(dir, 'client.pem'),
      key: join(dir, 'client-key.pem'),
    };
    await writeFile(files.token, `${TOKEN}\n`);
    await writeFile(files.wrongToken, 'not-the-write-token-4242\n');
    await writeFile(files.ca, tls.serverCaPem);
    await writeFile(files.cert, tls.client.certificatePem);
    await writeFile(files.key, tls.client.privateKeyPem);
  });
  after(async () => {
    await reader.close();
    await log.close();
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails without credentials with exit 3 naming the log, and records nothing', async () => {
    const before = (await reader.logInfo()).treeSize;
    for (const flags of [[], ['--tlog-write-token-file', files.wrongToken]]) {
      const run = await sign('--tlog-ca-file', files.ca, ...flags);
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /error \[TLOG_CLIENT_UNAUTHORIZED\]/);
      assert.ok(run.stderr.includes(log.url), run.stderr);
      assert.ok(!run.stderr.includes('not-the-write-token'), 'the token is never printed');
    }
    assert.equal((await reader.logInfo()).treeSize, before);
  });

  it('records the signature with the write token', async () => {
    const before = (await reader.logInfo()).treeSize;
    const run = await sign('--tlog-ca-file', files.ca, '--tlog-write-token-file', files.token);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Recorded in the transparency log .* at index \d+/);
    assert.equal((await reader.logInfo()).treeSize, before + 1);
  });

  it('records the signature with a client certificate', async () => {
    const before = (await reader.logInfo()).treeSize;
    const run = await sign(
      '--tlog-ca-file',
      files.ca,
      '--tlog-client-cert',
      files.cert,
      '--tlog-client-key',
      files.key,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await reader.logInfo()).treeSize, before + 1);
  });

  it('refuses credentials that would be useless or travel in clear (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--tlog-url', log.url, '--tlog-client-cert', files.cert],
        /--tlog-client-cert and --tlog-client-key go together/,
      ],
      [
        ['--tlog-url', 'http://127.0.0.1:1', '--tlog-ca-file', files.ca],
        /--tlog-ca-file needs an https:\/\/ --tlog-url/,
      ],
      [
        ['--tlog-url', 'http://log.example:3000', '--tlog-write-token-file', files.token],
        /the token would travel in clear/,
      ],
    ];
    for (const [flags, message] of cases) {
      const run = await runCli(
        ['sign', '--key', 'env://SIGNER', ...flags, `${registry.host}/x:1`],
        {
          ...env,
          HOME: dir,
        },
      );
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
    }
  });
});
