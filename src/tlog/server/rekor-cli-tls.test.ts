// rekor-cli (Go's TLS stack) against the log served over HTTPS with a client CA: readers
// without a certificate are served, writers without one get 401; without a client CA,
// rekor-cli writes over HTTPS as it does over HTTP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPeer, peerPath } from '../../testing/peers.js';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import {
  artifactFlags,
  outputOf,
  runRekorCli,
  signedArtifact,
  type RekorUploadOutput,
} from '../../testing/tlog-rekor-cli.js';
import { tlogTlsMaterial, type TlogTlsMaterial } from '../../testing/tlog-tls.js';
import type { RunningTlogServer } from './start.js';

const rekorCli = findPeer('rekor-cli');
const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('rekor-cli against the log over TLS', { skip: rekorCli.skipReason }, () => {
  let work: string;
  let tls: TlogTlsMaterial;
  const servers: RunningTlogServer[] = [];

  const start = async (clientCa: boolean) => {
    const server = await startTemporaryTlogServer({
      tls: {
        certificatePem: tls.server.certificatePem,
        privateKeyPem: tls.server.privateKeyPem,
        ...(clientCa ? { clientCaPem: tls.clientCaPem } : {}),
      },
    });
    servers.push(server);
    const keyPem = createPublicKey(createPrivateKey(await readFile(server.keyPath, 'utf8')))
      .export({ type: 'spki', format: 'pem' })
      .toString();
    // Go reads extra trust from SSL_CERT_FILE; the server CA is the only one it needs.
    const rekor = (...args: string[]) =>
      runRekorCli(peerPath(rekorCli), work, args, {
        server: server.url,
        pinnedKey: keyPem,
        env: { SSL_CERT_FILE: join(work, 'server-ca.pem') },
      });
    return { server, rekor };
  };

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'signet-rekor-cli-tls-'));
    tls = await tlogTlsMaterial();
    await writeFile(join(work, 'server-ca.pem'), tls.serverCaPem);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await rm(work, { recursive: true, force: true });
  });

  it('uploads and reads back over HTTPS', async () => {
    const { server, rekor } = await start(false);
    assert.match(server.url, /^https:/);
    const artifact = await signedArtifact(work, signer.privateKey, signer.publicKey);
    const uploaded = outputOf<RekorUploadOutput>(
      await rekor('upload', ...artifactFlags(artifact), '--format', 'json'),
    );
    outputOf(await rekor('get', '--log-index', String(uploaded.Index), '--format', 'json'));
    outputOf(await rekor('loginfo', '--format', 'json'));
  });

  it('reads without a client certificate but cannot write without one', async () => {
    const { rekor } = await start(true);
    outputOf(await rekor('loginfo', '--format', 'json'));
    const artifact = await signedArtifact(work, signer.privateKey, signer.publicKey);
    const refused = await rekor('upload', ...artifactFlags(artifact));
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /401/);
  });
});
