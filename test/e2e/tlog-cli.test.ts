// `signet tlog …` end to end against real Signet logs: get, search, verify, loginfo,
// consistency and monitor, on SQLite and PostgreSQL. The split-view case starts a second
// log with the same key and tree ID on another database: its checkpoints are validly
// signed but describe another history, which the monitor must catch (exit 12).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { storeTargets } from '../../src/testing/tlog-stores.js';
import { hashedRekordProposal, testKey } from '../../src/testing/tlog-proposals.js';
import { startTlogServer, type RunningTlogServer } from '../../src/tlog/server/index.js';
import { openLogStore } from '../../src/tlog/store/index.js';
import { RekorClient } from '../../src/tlog/client/index.js';

async function run(args: string[]) {
  const console = captureConsole();
  const code = await main(args, { console, env: {} });
  return { code, stdout: console.stdout, stderr: console.stderr };
}

const signer = testKey();

for (const store of storeTargets()) {
  describe(`signet tlog on a ${store.name} log`, { skip: store.skipReason() }, () => {
    let dir: string;
    let log: RunningTlogServer;
    let rekor: RekorClient;
    let logKey: string;
    let publicKey: string;
    const artifacts: Buffer[] = [];

    /** `signet tlog <command> --tlog-url <this log> <args>`, in process. */
    const tlog = (command: string, ...args: string[]) =>
      run(['tlog', command, '--tlog-url', log.url, ...args]);

    async function addEntries(count: number, client = rekor) {
      for (let i = 0; i < count; i++) {
        const artifact = Buffer.from(`artifact ${store.name} ${artifacts.length}`);
        artifacts.push(artifact);
        await client.createEntry(hashedRekordProposal(signer, artifact));
      }
    }

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'signet-tlog-cli-'));
      log = await startTlogServer({
        host: '127.0.0.1',
        port: 0,
        dataDir: join(dir, 'log'),
        database: await store.newDatabase(),
      });
      rekor = new RekorClient(log.url);
      logKey = join(dir, 'log.pub');
      await writeFile(logKey, await rekor.publicKeyPem());
      publicKey = join(dir, 'signer.pub');
      await writeFile(publicKey, signer.publicPem);
      await addEntries(5);
    });

    after(async () => {
      await rekor.close();
      await log.close();
      await store.cleanUp();
      await rm(dir, { recursive: true, force: true });
    });

    it('gets an entry by index and by UUID, as text and JSON', async () => {
      const json = await tlog('get', '--log-index', '2', '-o', 'json');
      assert.equal(json.code, 0, json.stderr);
      const entry = JSON.parse(json.stdout);
      assert.equal(entry.logIndex, 2);
      assert.equal(entry.body.kind, 'hashedrekord');
      const text = await tlog('get', '--uuid', entry.uuid);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /Log index: +2\n/);
      assert.match(text.stdout, new RegExp(`Entry ID: +${entry.entryId}`));
      const missing = await tlog('get', '--log-index', '999');
      assert.equal(missing.code, 11);
      assert.equal((await tlog('get')).code, 2);
      assert.equal((await run(['tlog', 'get', '--log-index', '1'])).code, 2);
    });

    it('gets an entry by the URL a run annotation carries, in both forms', async () => {
      const byIndex = await run([
        'tlog',
        'get',
        `${log.url}/api/v1/log/entries?logIndex=3`,
        '-o',
        'json',
      ]);
      assert.equal(byIndex.code, 0, byIndex.stderr);
      const entry = JSON.parse(byIndex.stdout);
      assert.equal(entry.logIndex, 3);
      const byPath = await run([
        'tlog',
        'get',
        `${log.url}/api/v1/log/entries/${entry.entryId}`,
        '-o',
        'json',
      ]);
      assert.equal(byPath.code, 0, byPath.stderr);
      assert.equal(JSON.parse(byPath.stdout).logIndex, 3);
      const both = await run([
        'tlog',
        'get',
        `${log.url}/api/v1/log/entries?logIndex=3`,
        '--log-index',
        '3',
      ]);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /an entry URL names the log and the entry/);
    });

    it('searches by artifact digest and by public key', async () => {
      const digest = createHash('sha256').update(artifacts[1]!).digest('hex');
      const byHash = await tlog('search', '--sha256', `sha256:${digest}`, '-o', 'json');
      assert.equal(byHash.code, 0, byHash.stderr);
      assert.equal(JSON.parse(byHash.stdout).entryIds.length, 1);
      const byKey = await tlog('search', '--public-key', publicKey);
      assert.equal(byKey.code, 0, byKey.stderr);
      assert.ok(byKey.stdout.trim().split('\n').length >= 5);
      assert.equal((await tlog('search', '--sha256', 'xyz')).code, 2);
    });

    it('verifies an entry with the log key, and fails with another key (exit 12)', async () => {
      const { stdout } = await tlog('get', '--log-index', '3', '-o', 'json');
      const uuid = JSON.parse(stdout).uuid;
      const verified = await tlog('verify', '--uuid', uuid, '--tlog-key', logKey);
      assert.equal(verified.code, 0, verified.stderr);
      assert.match(
        verified.stdout,
        new RegExp(
          `at index 3: signed entry timestamp by log ${log.logId}, inclusion in checkpoint "127\\.0\\.0\\.1 - ${log.treeId}"`,
        ),
      );
      const other = join(dir, 'other.pub');
      await writeFile(
        other,
        generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .publicKey.export({ type: 'spki', format: 'pem' })
          .toString(),
      );
      const wrong = await tlog('verify', '--uuid', uuid, '--tlog-key', other);
      assert.equal(wrong.code, 12);
      assert.match(wrong.stderr, /not by the trusted log key/);
    });

    it('prints the log info and verifies its checkpoint', async () => {
      const info = await tlog('loginfo', '--tlog-key', logKey, '-o', 'json');
      assert.equal(info.code, 0, info.stderr);
      const parsed = JSON.parse(info.stdout);
      assert.equal(parsed.checkpointVerified, true);
      assert.equal(parsed.treeId, log.treeId);
      const text = await tlog('loginfo');
      assert.match(text.stdout, /Checkpoint: not verified/);
    });

    it('proves consistency between sizes, from a saved checkpoint or from the log alone', async () => {
      const saved = JSON.parse((await tlog('loginfo', '-o', 'json')).stdout);
      const savedFile = join(dir, 'saved.note');
      await writeFile(savedFile, saved.signedTreeHead);
      await addEntries(3);
      const fromSaved = await tlog(
        'consistency',
        '--tlog-key',
        logKey,
        '--first-size',
        String(saved.treeSize),
        '--first-checkpoint',
        savedFile,
        '-o',
        'json',
      );
      assert.equal(fromSaved.code, 0, fromSaved.stderr);
      const proof = JSON.parse(fromSaved.stdout);
      assert.equal(proof.firstRoot, saved.rootHash);
      assert.equal(proof.firstRootSource, 'checkpoint');
      const derived = await tlog(
        'consistency',
        '--tlog-key',
        logKey,
        '--first-size',
        String(saved.treeSize),
        '--last-size',
        String(saved.treeSize + 2),
      );
      assert.equal(derived.code, 0, derived.stderr);
      assert.match(
        derived.stdout,
        new RegExp(
          `^Consistent: the tree of size ${saved.treeSize} \\(root ${saved.rootHash}, from the verified inclusion proof`,
        ),
      );
      const tooLarge = await tlog(
        'consistency',
        '--tlog-key',
        logKey,
        '--first-size',
        '1',
        '--last-size',
        '100000',
      );
      assert.equal(tooLarge.code, 2);
    });

    it('monitors growth, then catches a second log that shows another history (exit 12)', async () => {
      const state = join(dir, 'monitor.json');
      const monitor = (url: string) =>
        run([
          'tlog',
          'monitor',
          '--tlog-url',
          url,
          '--tlog-key',
          logKey,
          '--state',
          state,
          '--once',
        ]);
      const first = await monitor(log.url);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /trusting it on first use/);
      await addEntries(2);
      const second = await monitor(log.url);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /consistent with size \d+ \(\d+-hash proof\)/);
      const trusted = await readFile(state, 'utf8');

      // Same key, same tree ID, another database: valid signatures over another history.
      const database = await store.newDatabase();
      const opened = await openLogStore(database);
      await opened.identity({ treeId: log.treeId, logId: log.logId });
      await opened.close();
      const fork = await startTlogServer({
        host: '127.0.0.1',
        port: 0,
        dataDir: join(dir, 'fork'),
        keyPath: log.keyPath,
        database,
      });
      const forkClient = new RekorClient(fork.url);
      try {
        const size = JSON.parse(trusted).size as number;
        for (let i = 0; i < size + 3; i++)
          await forkClient.createEntry(hashedRekordProposal(signer, Buffer.from(`forged ${i}`)));
        const split = await monitor(fork.url);
        assert.equal(split.code, 12, split.stderr);
        assert.match(split.stderr, /INCONSISTENT/);
        assert.match(
          split.stderr,
          /SPLIT VIEW OR REWRITTEN HISTORY: the log's consistency proof from size \d+ to \d+ does not verify/,
        );
        assert.match(
          split.stderr,
          new RegExp(
            `Trusted checkpoint: "127\\.0\\.0\\.1 - ${log.treeId}" size ${size} root [0-9a-f]{64}; new checkpoint: "127\\.0\\.0\\.1 - ${log.treeId}" size ${size + 3}`,
          ),
        );
        assert.equal(
          await readFile(state, 'utf8'),
          trusted,
          'the trusted state is kept as evidence',
        );
      } finally {
        await forkClient.close();
        await fork.close();
      }
      const bad = await tlog(
        'monitor',
        '--tlog-key',
        logKey,
        '--state',
        state,
        '--interval',
        '0s',
        '--once',
      );
      assert.equal(bad.code, 2);
    });
  });
}
