// rekor-cli v1.5.4, Rekor's own client, against `signet serve tlog`: upload, get, verify,
// loginfo, logproof and search succeed with the log key pinned, and every answer a proxy
// alters by one byte (inclusion proof, SET, checkpoint, body, consistency proof) is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPeer, peerPath } from '../../src/testing/peers.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import { dsseProposal, inTotoStatement, testKey } from '../../src/testing/tlog-proposals.js';
import {
  artifactFlags,
  outputOf as json,
  runRekorCli,
  signedArtifact as signedArtifactIn,
  succeeded,
  type RekorCliRun,
  type RekorGetOutput as GetOutput,
  type RekorUploadOutput as UploadOutput,
  type SignedArtifact as Artifact,
} from '../../src/testing/tlog-rekor-cli.js';
import {
  bumpNumberField,
  flipCheckpointRoot,
  flipInStringField,
  startTamperingProxy,
  type Tamper,
  type TamperingProxy,
} from '../../src/testing/tlog-tampering-proxy.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';
import { verifyConsistency } from '../../src/tlog/merkle/index.js';
import { verifyCheckpoint } from '../../src/tlog/checkpoint/index.js';

const rekorCli = findPeer('rekor-cli');

let work: string;
let server: RunningTlogServer;
let proxy: TamperingProxy;
let logKeyPem: string;
const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsaSigner = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** rekor-cli against the log (or the tampering proxy in front of it), the log key pinned. */
const rekor = async (
  args: readonly string[],
  options: { home?: string; pinnedKey?: string | null; via?: 'proxy' } = {},
): Promise<RekorCliRun> =>
  runRekorCli(peerPath(rekorCli), work, args, {
    server: options.via === 'proxy' ? proxy.url : server.url,
    pinnedKey: options.pinnedKey === undefined ? logKeyPem : options.pinnedKey,
    home: options.home,
  });

const signedArtifact = (key: 'p256' | 'rsa' = 'p256') => {
  const pair = key === 'rsa' ? rsaSigner : signer;
  return signedArtifactIn(work, pair.privateKey, pair.publicKey);
};

async function upload(a: Artifact): Promise<UploadOutput> {
  return json<UploadOutput>(await rekor(['upload', ...artifactFlags(a), '--format', 'json']));
}

describe('rekor-cli against signet serve tlog', { skip: rekorCli.skipReason }, () => {
  const uploaded: { artifact: Artifact; index: number; entryId: string }[] = [];

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'signet-rekor-cli-'));
    server = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 5 } });
    proxy = await startTamperingProxy(server.url);
    // Pinned from the key file, never fetched: a proxy must not be able to swap it.
    logKeyPem = createPublicKey(createPrivateKey(await readFile(server.keyPath, 'utf8')))
      .export({ type: 'spki', format: 'pem' })
      .toString();
  });
  after(async () => {
    await proxy?.close();
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('verifies the signed tree head of the empty log', async () => {
    const info = json<{ ActiveTreeSize: number; RootHash: string }>(
      await rekor(['loginfo', '--format', 'json']),
    );
    assert.equal(info.ActiveTreeSize, 0);
    assert.equal(info.RootHash, createHash('sha256').digest('hex'));
  });

  for (const key of ['p256', 'rsa'] as const) {
    it(`uploads a hashedrekord entry signed with ${key} and verifies the answer`, async () => {
      const artifact = await signedArtifact(key);
      const output = await upload(artifact);
      assert.equal(output.AlreadyExists, false);
      assert.match(output.Location, /\/api\/v1\/log\/entries\/[0-9a-f]{80}$/);
      const entryId = output.Location.split('/').at(-1)!;
      assert.equal(entryId.slice(0, 16), BigInt(server.treeId).toString(16).padStart(16, '0'));
      uploaded.push({ artifact, index: output.Index, entryId });
    });
  }

  it('uploads and verifies a dsse entry from a signed envelope file', async () => {
    const key = testKey('p256');
    const proposal = dsseProposal([key], inTotoStatement('d'.repeat(64)));
    const envelope = (proposal.spec as { proposedContent: { envelope: string } }).proposedContent
      .envelope;
    await writeFile(join(work, 'envelope.json'), envelope);
    await writeFile(join(work, 'envelope.pub'), key.publicPem);
    const flags = [
      '--type',
      'dsse',
      '--artifact',
      join(work, 'envelope.json'),
      '--public-key',
      join(work, 'envelope.pub'),
    ];
    const output = json<UploadOutput>(await rekor(['upload', ...flags, '--format', 'json']));
    const verified = json<{ EntryUUID: string }>(
      await rekor(['verify', ...flags, '--format', 'json']),
    );
    assert.equal(verified.EntryUUID, output.Location.split('/').at(-1));
    const tle = json<{ kindVersion: { kind: string; version: string } }>(
      await rekor(['get', '--log-index', String(output.Index), '--format', 'tle']),
    );
    assert.deepEqual(tle.kindVersion, { kind: 'dsse', version: '0.0.1' });
  });

  it('reports an entry uploaded twice as already existing', async () => {
    const again = await upload(uploaded[0]!.artifact);
    assert.equal(again.AlreadyExists, true);
    assert.match(again.Location, new RegExp(uploaded[0]!.entryId));
  });

  it('relays the log refusing an entry whose signature does not verify', async () => {
    // rekor-cli checks signatures of artifacts itself, so hand it a ready-made entry.
    const artifact = await signedArtifact();
    const entry = join(work, 'bad-entry.json');
    await writeFile(
      entry,
      JSON.stringify({
        apiVersion: '0.0.1',
        kind: 'hashedrekord',
        spec: {
          data: { hash: { algorithm: 'sha256', value: 'f'.repeat(64) } },
          signature: {
            content: (await readFile(artifact.signature)).toString('base64'),
            publicKey: { content: (await readFile(artifact.publicKey)).toString('base64') },
          },
        },
      }),
    );
    const run = await rekor(['upload', '--entry', entry]);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /400/);
  });

  it('gets an entry by entry ID, by UUID and by log index, each verified', async () => {
    for (const { artifact, index, entryId } of uploaded) {
      for (const lookup of [
        ['--uuid', entryId],
        ['--uuid', entryId.slice(16)],
        ['--log-index', String(index)],
      ]) {
        const entry = json<GetOutput>(await rekor(['get', ...lookup, '--format', 'json']));
        assert.equal(entry.UUID, entryId);
        assert.equal(entry.LogIndex, index);
        assert.equal(entry.LogID, server.logId);
        assert.deepEqual(entry.Body.HashedRekordObj.data.hash, {
          algorithm: 'sha256',
          value: artifact.sha256,
        });
      }
    }
  });

  it('verifies inclusion by entry ID, by log index and by the artifact itself', async () => {
    const { artifact, index, entryId } = uploaded[0]!;
    for (const lookup of [
      ['--uuid', entryId],
      ['--log-index', String(index)],
      artifactFlags(artifact),
    ]) {
      const verified = json<{ EntryUUID: string; Index: number; Size: number }>(
        await rekor(['verify', ...lookup, '--format', 'json']),
      );
      assert.equal(verified.EntryUUID, entryId);
      assert.equal(verified.Index, index);
    }
  });

  it('finds no entry for an artifact that was never uploaded', async () => {
    const run = await rekor(['verify', ...artifactFlags(await signedArtifact())]);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /cannot be located/);
  });

  it('verifies the signed tree head with the log key pinned by environment or config file', async () => {
    const byEnv = json<{ ActiveTreeSize: number; RootHash: string; TreeID: string }>(
      await rekor(['loginfo', '--format', 'json']),
    );
    assert.equal(byEnv.TreeID, server.treeId);
    assert.ok(byEnv.ActiveTreeSize >= uploaded.length);
    const home = await mkdtemp(join(work, 'home-'));
    const indented = logKeyPem.trimEnd().replaceAll('\n', '\n  ');
    await writeFile(join(home, '.rekor.yaml'), `rekor_server_public_key: |\n  ${indented}\n`);
    const byConfig = json<{ RootHash: string }>(
      await rekor(['loginfo', '--format', 'json'], { home, pinnedKey: null }),
    );
    assert.equal(byConfig.RootHash, byEnv.RootHash);
  });

  it("fetches the log key for the entry's tree when none is pinned", async () => {
    const { index, entryId } = uploaded[0]!;
    const entry = json<GetOutput>(
      await rekor(['get', '--log-index', String(index), '--format', 'json'], { pinnedKey: null }),
    );
    assert.equal(entry.UUID, entryId);
    const otherTree = await rekor(['logproof', '--last-size', '1', '--tree-id', '1']);
    assert.notEqual(otherTree.code, 0);
    assert.match(otherTree.stderr, /no tree 1/);
  });

  it('refuses the tree head when another key is pinned', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const run = await rekor(['loginfo'], { pinnedKey: other });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /did not verify/);
  });

  it('proves consistency between two loginfo calls as the log grows', async () => {
    const home = await mkdtemp(join(work, 'home-'));
    succeeded(await rekor(['loginfo'], { home }));
    await upload(await signedArtifact());
    const second = succeeded(await rekor(['loginfo'], { home }));
    assert.doesNotMatch(second.stderr, /No previous log state/);
  });

  it('serves consistency proofs that rekor-cli prints and Signet verifies', async () => {
    const info = (await (await fetch(`${server.url}/api/v1/log`)).json()) as {
      treeSize: number;
      signedTreeHead: string;
    };
    const key = createPublicKey(logKeyPem);
    const head = verifyCheckpoint(info.signedTreeHead, key, '127.0.0.1');
    const proof = json<{ RootHash: string; Hashes: string[] }>(
      await rekor([
        'logproof',
        '--first-size',
        '2',
        '--last-size',
        String(info.treeSize),
        '--format',
        'json',
      ]),
    );
    assert.equal(proof.RootHash, Buffer.from(head.rootHash).toString('hex'));
    const first = (await (await fetch(`${server.url}/api/v1/log/proof?lastSize=2`)).json()) as {
      rootHash: string;
    };
    verifyConsistency(
      2,
      info.treeSize,
      proof.Hashes.map((h) => Buffer.from(h, 'hex')),
      Buffer.from(first.rootHash, 'hex'),
      head.rootHash,
    );
  });

  it('searches by artifact, by digest, by public key, and by both', async () => {
    const { artifact, entryId } = uploaded[0]!;
    const search = async (...args: string[]) =>
      json<{ UUIDs: string[] }>(await rekor(['search', ...args, '--format', 'json'])).UUIDs;
    assert.deepEqual(await search('--artifact', artifact.path), [entryId]);
    assert.deepEqual(await search('--sha', artifact.sha256), [entryId]);
    assert.deepEqual(await search('--sha', `sha256:${artifact.sha256}`), [entryId]);
    const byKey = await search('--public-key', artifact.publicKey, '--pki-format', 'x509');
    assert.ok(byKey.includes(entryId));
    assert.ok(!byKey.includes(uploaded[1]!.entryId), 'the RSA entry has another key');
    assert.deepEqual(
      await search(
        '--public-key',
        artifact.publicKey,
        '--artifact',
        artifact.path,
        '--operator',
        'and',
      ),
      [entryId],
    );
  });

  describe('through a proxy that alters one byte', () => {
    const index = () => String(uploaded[0]!.index);
    const onEntry =
      (change: (body: Buffer) => Buffer): Tamper =>
      (answer) =>
        answer.path.startsWith('/api/v1/log/entries') && answer.status < 300
          ? change(answer.body)
          : undefined;
    const cases: [string, string[], Tamper][] = [
      [
        'an inclusion proof hash',
        ['get', '--log-index'],
        onEntry((b) => flipInStringField(b, 'hashes')),
      ],
      [
        'the proof root hash',
        ['get', '--log-index'],
        onEntry((b) => flipInStringField(b, 'rootHash')),
      ],
      [
        'the SET',
        ['get', '--log-index'],
        onEntry((b) => flipInStringField(b, 'signedEntryTimestamp')),
      ],
      [
        'the integrated time',
        ['get', '--log-index'],
        onEntry((b) => bumpNumberField(b, 'integratedTime')),
      ],
      ['the entry body', ['get', '--log-index'], onEntry((b) => flipInStringField(b, 'body'))],
      [
        'the checkpoint root',
        ['get', '--log-index'],
        onEntry((b) => flipCheckpointRoot(b, 'checkpoint')),
      ],
      [
        'an inclusion proof hash',
        ['verify', '--log-index'],
        onEntry((b) => flipInStringField(b, 'hashes')),
      ],
      [
        'the SET',
        ['verify', '--log-index'],
        onEntry((b) => flipInStringField(b, 'signedEntryTimestamp')),
      ],
      [
        'the checkpoint root',
        ['verify', '--log-index'],
        onEntry((b) => flipCheckpointRoot(b, 'checkpoint')),
      ],
    ];

    after(() => proxy.setTamper(undefined));

    it('lets untouched answers through (the proxy itself changes nothing)', async () => {
      proxy.setTamper(undefined);
      succeeded(await rekor(['get', '--log-index', index()], { via: 'proxy' }));
      succeeded(await rekor(['verify', '--log-index', index()], { via: 'proxy' }));
      succeeded(await rekor(['loginfo'], { via: 'proxy' }));
    });

    for (const [what, command, tamper] of cases) {
      it(`rekor-cli ${command[0]} refuses an answer with ${what} altered`, async () => {
        proxy.setTamper(tamper);
        const run = await rekor([...command, index()], { via: 'proxy' });
        assert.ok(proxy.tampered >= 1, 'the proxy altered an answer');
        assert.notEqual(run.code, 0, `rekor-cli accepted a tampered answer: ${run.stdout}`);
      });
    }

    it('rekor-cli get --uuid refuses an entry whose body was altered', async () => {
      proxy.setTamper(onEntry((b) => flipInStringField(b, 'body')));
      const run = await rekor(['get', '--uuid', uploaded[0]!.entryId], { via: 'proxy' });
      assert.ok(proxy.tampered >= 1);
      assert.notEqual(run.code, 0);
    });

    it('rekor-cli upload refuses a creation answer whose SET was altered', async () => {
      proxy.setTamper((answer) =>
        answer.method === 'POST' && answer.status === 201
          ? flipInStringField(answer.body, 'signedEntryTimestamp')
          : undefined,
      );
      const run = await rekor(['upload', ...artifactFlags(await signedArtifact())], {
        via: 'proxy',
      });
      assert.equal(proxy.tampered, 1);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /unable to verify/);
    });

    it('rekor-cli loginfo refuses a signed tree head whose root was altered', async () => {
      proxy.setTamper((answer) =>
        answer.path === '/api/v1/log'
          ? flipCheckpointRoot(answer.body, 'signedTreeHead')
          : undefined,
      );
      const run = await rekor(['loginfo'], { via: 'proxy' });
      assert.equal(proxy.tampered, 1);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /did not verify/);
    });

    it('rekor-cli loginfo refuses a consistency proof that was altered', async () => {
      const home = await mkdtemp(join(work, 'home-'));
      proxy.setTamper(undefined);
      succeeded(await rekor(['loginfo'], { home, via: 'proxy' }));
      await upload(await signedArtifact());
      proxy.setTamper((answer) =>
        answer.path.startsWith('/api/v1/log/proof')
          ? flipInStringField(answer.body, 'hashes')
          : undefined,
      );
      const run = await rekor(['loginfo'], { home, via: 'proxy' });
      assert.equal(proxy.tampered, 1);
      assert.notEqual(run.code, 0);
    });
  });
});
