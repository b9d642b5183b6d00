/**
 * The log rekor-cli runs against in the interop tests: `signet serve tlog` in this process
 * with a tampering proxy in front of it, the log key pinned from its key file, and
 * rekor-cli run against either, with artifacts signed by a P-256 or an RSA key.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPeer, peerPath } from '../../src/testing/peers.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import {
  artifactFlags,
  outputOf as json,
  runRekorCli,
  signedArtifact as signedArtifactIn,
  type RekorCliRun,
  type RekorUploadOutput as UploadOutput,
  type SignedArtifact as Artifact,
} from '../../src/testing/tlog-rekor-cli.js';
import {
  startTamperingProxy,
  type TamperingProxy,
} from '../../src/testing/tlog-tampering-proxy.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';

export const rekorCli = findPeer('rekor-cli');

export interface RekorCliLog {
  /** A folder for the tests' files, removed by stopRekorCliLog. */
  work: string;
  server: RunningTlogServer;
  proxy: TamperingProxy;
  /** The log's public key, read from its key file (never fetched, so a proxy cannot swap it). */
  keyPem: string;
}

/** The running log; set by startRekorCliLog (each test file runs in its own process). */
export const log = {} as RekorCliLog;

export async function startRekorCliLog(): Promise<void> {
  log.work = await mkdtemp(join(tmpdir(), 'signet-rekor-cli-'));
  log.server = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 5 } });
  log.proxy = await startTamperingProxy(log.server.url);
  log.keyPem = createPublicKey(createPrivateKey(await readFile(log.server.keyPath, 'utf8')))
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

export async function stopRekorCliLog(): Promise<void> {
  await log.proxy?.close();
  await log.server?.close();
  if (log.work !== undefined) await rm(log.work, { recursive: true, force: true });
}

const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsaSigner = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** rekor-cli against the log (or the tampering proxy in front of it), the log key pinned. */
export const rekor = async (
  args: readonly string[],
  options: { home?: string; pinnedKey?: string | null; via?: 'proxy' } = {},
): Promise<RekorCliRun> =>
  runRekorCli(peerPath(rekorCli), log.work, args, {
    server: options.via === 'proxy' ? log.proxy.url : log.server.url,
    pinnedKey: options.pinnedKey === undefined ? log.keyPem : options.pinnedKey,
    home: options.home,
  });

export const signedArtifact = (key: 'p256' | 'rsa' = 'p256') => {
  const pair = key === 'rsa' ? rsaSigner : signer;
  return signedArtifactIn(log.work, pair.privateKey, pair.publicKey);
};

export async function upload(a: Artifact): Promise<UploadOutput> {
  return json<UploadOutput>(await rekor(['upload', ...artifactFlags(a), '--format', 'json']));
}
