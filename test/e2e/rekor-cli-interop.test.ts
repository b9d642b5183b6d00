// rekor-cli v1.5.4, Rekor's own client, against `signet serve tlog`: upload, get, verify,
// loginfo, logproof and search succeed with the log key pinned. Answers altered by a proxy
// are in rekor-cli-tampering.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dsseProposal, inTotoStatement, testKey } from '../../src/testing/tlog-proposals.js';
import {
  artifactFlags,
  outputOf as json,
  succeeded,
  type RekorGetOutput as GetOutput,
  type RekorUploadOutput as UploadOutput,
  type SignedArtifact as Artifact,
} from '../../src/testing/tlog-rekor-cli.js';
import { verifyConsistency } from '../../src/tlog/merkle/index.js';
import { verifyCheckpoint } from '../../src/tlog/checkpoint/index.js';
import {
  log,
  rekor,
  rekorCli,
  signedArtifact,
  startRekorCliLog,
  stopRekorCliLog,
  upload,
} from './rekor-cli-log.js';

describe('rekor-cli against signet serve tlog', { skip: rekorCli.skipReason }, () => {
  const uploaded: { artifact: Artifact; index: number; entryId: string }[] = [];

  before(startRekorCliLog);
  after(stopRekorCliLog);

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
      assert.equal(entryId.slice(0, 16), BigInt(log.server.treeId).toString(16).padStart(16, '0'));
      uploaded.push({ artifact, index: output.Index, entryId });
    });
  }

  it('uploads and verifies a dsse entry from a signed envelope file', async () => {
    const key = testKey('p256');
    const proposal = dsseProposal([key], inTotoStatement('d'.repeat(64)));
    const envelope = (proposal.spec as { proposedContent: { envelope: string } }).proposedContent
      .envelope;
    await writeFile(join(log.work, 'envelope.json'), envelope);
    await writeFile(join(log.work, 'envelope.pub'), key.publicPem);
    const flags = [
      '--type',
      'dsse',
      '--artifact',
      join(log.work, 'envelope.json'),
      '--public-key',
      join(log.work, 'envelope.pub'),
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
    const entry = join(log.work, 'bad-entry.json');
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
        assert.equal(entry.LogID, log.server.logId);
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
    assert.equal(byEnv.TreeID, log.server.treeId);
    assert.ok(byEnv.ActiveTreeSize >= uploaded.length);
    const home = await mkdtemp(join(log.work, 'home-'));
    const indented = log.keyPem.trimEnd().replaceAll('\n', '\n  ');
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
    const home = await mkdtemp(join(log.work, 'home-'));
    succeeded(await rekor(['loginfo'], { home }));
    await upload(await signedArtifact());
    const second = succeeded(await rekor(['loginfo'], { home }));
    assert.doesNotMatch(second.stderr, /No previous log state/);
  });

  it('serves consistency proofs that rekor-cli prints and Signet verifies', async () => {
    const info = (await (await fetch(`${log.server.url}/api/v1/log`)).json()) as {
      treeSize: number;
      signedTreeHead: string;
    };
    const key = createPublicKey(log.keyPem);
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
    const first = (await (await fetch(`${log.server.url}/api/v1/log/proof?lastSize=2`)).json()) as {
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
});
