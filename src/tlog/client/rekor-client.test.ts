import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createPublicKey } from 'node:crypto';
import type { RunningTlogServer } from '../server/index.js';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import { logIdOf, verifyLogEntry } from '../entry/index.js';
import {
  dsseProposal as testDsseProposal,
  hashedRekordProposal as testHashedRekord,
  inTotoStatement,
  testKey,
} from '../../testing/tlog-proposals.js';
import { RekorClient } from './rekor-client.js';
import { sha256Hex } from '../../core/digest.js';

/** Retries without waiting, so failure tests stay fast. */
const noWait = {
  retryEnvironment: { sleep: () => Promise.resolve(), now: Date.now, random: () => 0 },
};

describe('RekorClient against a Signet log', () => {
  let server: RunningTlogServer;
  let client: RekorClient;
  const key = testKey();

  before(async () => {
    server = await startTemporaryTlogServer();
    client = new RekorClient(server.url);
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('creates a hashedrekord entry, and returns the existing one when sent again (409)', async () => {
    const proposal = testHashedRekord(key, Buffer.from('artifact one'));
    const created = await client.createEntry(proposal);
    assert.equal(created.created, true);
    assert.match(created.entryId, /^[0-9a-f]{80}$/);
    assert.equal(created.entryId.slice(16), created.uuid);
    const logKey = createPublicKey(await client.publicKeyPem());
    assert.equal(logIdOf(logKey), server.logId);
    verifyLogEntry(created.entry, logKey, { now: new Date(), entryId: created.entryId });

    const again = await client.createEntry(proposal);
    assert.equal(again.created, false);
    assert.equal(again.entryId, created.entryId);
    assert.equal(again.entry.logIndex, created.entry.logIndex);
  });

  it('reads entries by index, UUID, entry ID and in a retrieval', async () => {
    const created = await client.createEntry(
      testDsseProposal([key], inTotoStatement(sha256Hex('subject'))),
    );
    const byIndex = await client.getEntryByIndex(created.entry.logIndex);
    const byUuid = await client.getEntryByUuid(created.uuid);
    const byId = await client.getEntryByUuid(created.entryId.toUpperCase());
    for (const found of [byIndex, byUuid, byId]) assert.equal(found.entry.body, created.entry.body);
    const retrieved = await client.retrieveEntries({
      entryUUIDs: [created.uuid],
      logIndexes: [created.entry.logIndex, 999_999],
    });
    assert.equal(retrieved.length, 2);
  });

  it('searches the index by artifact digest and by public key', async () => {
    const artifact = Buffer.from('searched artifact');
    const created = await client.createEntry(testHashedRekord(key, artifact));
    const byHash = await client.searchIndex({ hash: `sha256:${sha256Hex(artifact)}` });
    assert.deepEqual(byHash, [created.entryId]);
    const byKey = await client.searchIndex({ publicKeyPem: key.publicPem });
    assert.ok(byKey.includes(created.entryId));
    assert.deepEqual(await client.searchIndex({ hash: `sha256:${'0'.repeat(64)}` }), []);
  });

  it('reads the log info and a consistency proof', async () => {
    const first = await client.logInfo();
    await client.createEntry(testHashedRekord(key, Buffer.from('grow the log')));
    const info = await client.logInfo();
    assert.equal(info.treeId, server.treeId);
    assert.equal(info.treeSize, first.treeSize + 1);
    assert.match(info.signedTreeHead, new RegExp(`^127\\.0\\.0\\.1 - ${server.treeId}\\n`));
    const proof = await client.consistencyProof(first.treeSize, info.treeSize);
    assert.equal(proof.rootHash, info.rootHash);
    assert.ok(proof.hashes.length > 0);
  });

  it('reports a missing entry as not found and a refused entry as rejected', async () => {
    await assert.rejects(client.getEntryByIndex(1_000_000), { code: 'TLOG_CLIENT_NOT_FOUND' });
    await assert.rejects(client.getEntryByUuid('ab'.repeat(32)), {
      code: 'TLOG_CLIENT_NOT_FOUND',
    });
    await assert.rejects(client.getEntryByUuid('not-a-uuid'), {
      code: 'TLOG_CLIENT_REQUEST_REJECTED',
    });
    const forged = testHashedRekord(key, Buffer.from('x')) as {
      spec: { data: { hash: { value: string } } };
    };
    forged.spec.data.hash.value = sha256Hex('something else');
    await assert.rejects(client.createEntry(forged), (error: Error & { code: string }) => {
      assert.equal(error.code, 'TLOG_CLIENT_REQUEST_REJECTED');
      assert.match(error.message, /refused the new entry \(400\)/);
      return true;
    });
    await assert.rejects(client.consistencyProof(1, 1_000_000), {
      code: 'TLOG_CLIENT_REQUEST_REJECTED',
    });
  });
});

describe('RekorClient against a failing server', () => {
  let server: Server;
  let url: string;
  let handler: (
    path: string,
    count: number,
  ) => { status: number; body: string; headers?: Record<string, string> };
  let count = 0;

  before(async () => {
    server = createServer((request, response) => {
      count += 1;
      const answer = handler(request.url ?? '', count);
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const info = JSON.stringify({ rootHash: '00', treeSize: 0, signedTreeHead: 'x', treeID: '1' });

  it('retries 503 and 429 and then succeeds', async () => {
    count = 0;
    handler = (_path, n) =>
      n === 1
        ? { status: 503, body: '{"code":503,"message":"busy"}' }
        : n === 2
          ? { status: 429, body: '', headers: { 'retry-after': '0' } }
          : { status: 200, body: info };
    const client = new RekorClient(url, noWait);
    assert.equal((await client.logInfo()).treeId, '1');
    assert.equal(count, 3);
    await client.close();
  });

  it('gives up after the retries with a temporary error naming the status', async () => {
    handler = () => ({ status: 502, body: '{"message":"bad gateway\\u001b[31m"}' });
    const client = new RekorClient(url, {
      ...noWait,
      retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    });
    await assert.rejects(
      client.logInfo(),
      (error: Error & { code: string; temporary: boolean }) => {
        assert.equal(error.code, 'TLOG_CLIENT_UNAVAILABLE');
        assert.equal(error.temporary, true);
        assert.match(
          error.message,
          /answered the log info request with 502 \(bad gateway \[31m\) after 3 attempt/,
        );
        return true;
      },
    );
    await client.close();
  });

  const malformed: [string, string][] = [
    ['not JSON', 'oops'],
    [
      'an entry map with two entries',
      JSON.stringify({ ['a'.repeat(64)]: {}, ['b'.repeat(64)]: {} }),
    ],
    [
      'an entry without a body',
      JSON.stringify({
        ['a'.repeat(64)]: { integratedTime: 1, logIndex: 0, logID: 'a'.repeat(64) },
      }),
    ],
    [
      'an entry with a negative index',
      JSON.stringify({
        ['a'.repeat(64)]: { body: '', integratedTime: 1, logIndex: -1, logID: 'a'.repeat(64) },
      }),
    ],
  ];
  for (const [name, body] of malformed) {
    it(`refuses ${name} as a protocol error`, async () => {
      handler = () => ({ status: 200, body });
      const client = new RekorClient(url, noWait);
      await assert.rejects(client.getEntryByIndex(0), { code: 'TLOG_CLIENT_PROTOCOL' });
      await client.close();
    });
  }

  it('refuses an answer larger than its limit', async () => {
    handler = () => ({ status: 200, body: JSON.stringify({ rootHash: 'a'.repeat(70_000) }) });
    const client = new RekorClient(url, noWait);
    await assert.rejects(client.logInfo(), (error: Error & { code: string }) => {
      assert.equal(error.code, 'TLOG_CLIENT_PROTOCOL');
      assert.match(error.message, /over the 65536-byte limit/);
      return true;
    });
    await client.close();
  });

  it('reports an unreachable log as unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new RekorClient(`http://127.0.0.1:${port}`, noWait);
    await assert.rejects(client.logInfo(), { code: 'TLOG_CLIENT_UNAVAILABLE' });
    await client.close();
  });

  const badUrls = ['ftp://log', 'http://user:pw@log', 'http://log/?q=1', 'not a url'];
  for (const bad of badUrls) {
    it(`refuses the log URL ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => new RekorClient(bad),
        (error: Error & { code: string }) => {
          assert.equal(error.code, 'TLOG_CLIENT_URL_INVALID');
          assert.ok(!error.message.includes('pw'));
          return true;
        },
      );
    });
  }
});
