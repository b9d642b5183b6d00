import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey } from 'node:crypto';
import {
  dsseProposal,
  hashedRekordProposal,
  inTotoStatement,
  testKey,
} from '../../testing/tlog-proposals.js';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import { verifyCheckpoint } from '../checkpoint/index.js';
import { verifyLogEntry, type LogEntryResponse } from '../entry/index.js';
import { verifyConsistency } from '../merkle/index.js';
import type { RunningTlogServer } from './start.js';

const signer = testKey('p256');
let server: RunningTlogServer;

interface ErrorReply {
  code: number;
  message: string;
}

async function call<T = ErrorReply>(method: string, path: string, body?: unknown, raw?: string) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined && raw === undefined ? {} : { 'content-type': 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, json: json as T };
}

async function logKey() {
  const pem = (await call<string>('GET', '/api/v1/log/publicKey')).json;
  return createPublicKey(pem);
}

const proposals = Array.from({ length: 4 }, (_, i) =>
  hashedRekordProposal(signer, Buffer.from(`artifact ${i}`)),
);

describe('transparency log HTTP API', () => {
  before(async () => {
    server = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 5 } });
  });
  after(() => server.close());

  it('creates an entry: 201 with ETag, Location and a verifiable entry', async () => {
    const response = await call<LogEntryResponse>('POST', '/api/v1/log/entries', proposals[0]);
    assert.equal(response.status, 201);
    const [entryId, entry] = Object.entries(response.json)[0]!;
    assert.equal(response.headers.get('etag'), entryId);
    assert.equal(response.headers.get('location'), `/api/v1/log/entries/${entryId}`);
    assert.match(entryId, /^[0-9a-f]{80}$/);
    const verified = verifyLogEntry(entry, await logKey(), { now: new Date(), entryId });
    assert.equal(verified.logIndex, 0);
  });

  it('answers a duplicate with 409 and the existing entry in Location', async () => {
    const first = await call<LogEntryResponse>('POST', '/api/v1/log/entries', proposals[1]);
    const again = await call('POST', '/api/v1/log/entries', proposals[1]);
    assert.equal(again.status, 409);
    const entryId = Object.keys(first.json)[0]!;
    assert.equal(again.headers.get('location'), `/api/v1/log/entries/${entryId}`);
    assert.equal(again.json.code, 409);
    assert.match(again.json.message, new RegExp(entryId));
  });

  it('accepts a dsse entry', async () => {
    const response = await call<LogEntryResponse>(
      'POST',
      '/api/v1/log/entries',
      dsseProposal([signer], inTotoStatement('c'.repeat(64))),
    );
    assert.equal(response.status, 201);
    const body = JSON.parse(
      Buffer.from(Object.values(response.json)[0]!.body, 'base64').toString(),
    );
    assert.equal(body.kind, 'dsse');
  });

  const rejected: [string, () => Promise<{ status: number; json: ErrorReply }>, number][] = [
    [
      'a signature made with another key',
      () => {
        const p = hashedRekordProposal(signer, Buffer.from('x')) as {
          spec: { signature: { publicKey: { content: string } } };
        };
        p.spec.signature.publicKey.content = Buffer.from(testKey().publicPem).toString('base64');
        return call('POST', '/api/v1/log/entries', p);
      },
      400,
    ],
    [
      'an unsupported kind',
      () => call('POST', '/api/v1/log/entries', { kind: 'rekord', apiVersion: '0.0.1', spec: {} }),
      400,
    ],
    [
      'a body that is not JSON',
      () => call('POST', '/api/v1/log/entries', undefined, '{"kind":'),
      400,
    ],
    [
      'an oversized body',
      () => call('POST', '/api/v1/log/entries', undefined, `"${'a'.repeat(5 * 1024 * 1024)}"`),
      413,
    ],
  ];
  for (const [name, send, status] of rejected) {
    it(`rejects ${name} with ${status} in Rekor's error shape`, async () => {
      const response = await send();
      assert.equal(response.status, status);
      assert.equal(response.json.code, status);
      assert.equal(typeof response.json.message, 'string');
    });
  }

  it('returns entries by index, UUID and entry ID', async () => {
    const created = await call<LogEntryResponse>('POST', '/api/v1/log/entries', proposals[2]);
    const [entryId, entry] = Object.entries(created.json)[0]!;
    const byIndex = await call<LogEntryResponse>(
      'GET',
      `/api/v1/log/entries?logIndex=${entry.logIndex}`,
    );
    const byUuid = await call<LogEntryResponse>('GET', `/api/v1/log/entries/${entryId.slice(16)}`);
    const byId = await call<LogEntryResponse>('GET', `/api/v1/log/entries/${entryId}`);
    for (const response of [byIndex, byUuid, byId]) {
      assert.equal(response.status, 200);
      assert.deepEqual(Object.keys(response.json), [entryId]);
      verifyLogEntry(response.json[entryId]!, await logKey(), { now: new Date(), entryId });
    }
  });

  const lookups: [string, string, number][] = [
    ['an index beyond the log', '/api/v1/log/entries?logIndex=999999', 404],
    ['a negative index', '/api/v1/log/entries?logIndex=-1', 400],
    ['a missing index', '/api/v1/log/entries', 400],
    ['an unknown UUID', `/api/v1/log/entries/${'0'.repeat(64)}`, 404],
    ['a malformed UUID', '/api/v1/log/entries/xyz', 400],
    ['an entry ID of another tree', `/api/v1/log/entries/${'0'.repeat(15)}1${'0'.repeat(64)}`, 404],
    ['a consistency proof beyond the log', '/api/v1/log/proof?firstSize=1&lastSize=999', 400],
    ['a consistency proof backwards', '/api/v1/log/proof?firstSize=3&lastSize=2', 400],
    ['an unknown path', '/api/v2/log/entries', 404],
    ['a consistency proof of another tree', '/api/v1/log/proof?lastSize=1&treeID=1', 400],
    ['the public key of another tree', '/api/v1/log/publicKey?treeID=1', 400],
    ['a tree ID that is not a number', '/api/v1/log/publicKey?treeID=x', 400],
  ];
  for (const [name, path, status] of lookups) {
    it(`answers ${status} for ${name}`, async () => {
      const response = await call('GET', path);
      assert.equal(response.status, status);
      assert.equal(response.json.code, status);
    });
  }

  it('retrieves several entries at once and refuses more than 10', async () => {
    const a = await call<LogEntryResponse>('POST', '/api/v1/log/entries', proposals[3]);
    const [entryId, entry] = Object.entries(a.json)[0]!;
    const found = await call<LogEntryResponse[]>('POST', '/api/v1/log/entries/retrieve', {
      entryUUIDs: [entryId, '0'.repeat(64)],
      logIndexes: [0],
      entries: [proposals[3]],
    });
    assert.equal(found.status, 200);
    assert.deepEqual(
      found.json.map((m) => Object.values(m)[0]!.logIndex),
      [entry.logIndex, entry.logIndex, 0],
    );
    // go-swagger clients (rekor-cli) send the lists they do not use as null.
    const withNulls = await call<LogEntryResponse[]>('POST', '/api/v1/log/entries/retrieve', {
      entryUUIDs: null,
      logIndexes: [0],
      entries: null,
    });
    assert.equal(withNulls.status, 200);
    assert.equal(withNulls.json.length, 1);
    const notAnObject = await call('POST', '/api/v1/log/entries/retrieve', [0]);
    assert.equal(notAnObject.status, 400);
    const tooMany = await call('POST', '/api/v1/log/entries/retrieve', {
      logIndexes: Array(11).fill(0),
    });
    assert.equal(tooMany.status, 422);
  });

  it('searches the index by artifact digest and by public key', async () => {
    const digest = createHash('sha256').update('artifact 0').digest('hex');
    const byHash = await call<string[]>('POST', '/api/v1/index/retrieve', {
      hash: `sha256:${digest}`,
    });
    assert.equal(byHash.status, 200);
    assert.equal(byHash.json.length, 1);
    const key = { format: 'x509', content: Buffer.from(signer.publicPem).toString('base64') };
    const byKey = await call<string[]>('POST', '/api/v1/index/retrieve', { publicKey: key });
    assert.ok(byKey.json.length >= 4);
    const both = await call<string[]>('POST', '/api/v1/index/retrieve', {
      hash: digest,
      publicKey: key,
      operator: 'and',
    });
    assert.deepEqual(both.json, byHash.json);
    for (const bad of [
      {},
      { hash: 'md5:00' },
      { email: 'a@b.c' },
      { publicKey: { format: 'ssh', content: 'x' } },
    ]) {
      assert.equal((await call('POST', '/api/v1/index/retrieve', bad)).status, 400);
    }
  });

  it('serves log info with a signed tree head and consistency proofs between sizes', async () => {
    const key = await logKey();
    const info = (
      await call<{ treeSize: number; rootHash: string; signedTreeHead: string; treeID: string }>(
        'GET',
        '/api/v1/log',
      )
    ).json;
    assert.equal(info.treeID, server.treeId);
    const head = verifyCheckpoint(info.signedTreeHead, key, '127.0.0.1', {
      origin: `127.0.0.1 - ${server.treeId}`,
    });
    assert.equal(head.size, info.treeSize);
    assert.equal(Buffer.from(head.rootHash).toString('hex'), info.rootHash);
    const first = (await call<LogEntryResponse>('GET', `/api/v1/log/entries?logIndex=0`)).json;
    const firstEntry = Object.values(first)[0]!;
    const leaf = createHash('sha256')
      .update(Buffer.from([0]))
      .update(Buffer.from(firstEntry.body, 'base64'))
      .digest();
    const proof = (
      await call<{ rootHash: string; hashes: string[] }>(
        'GET',
        `/api/v1/log/proof?lastSize=${info.treeSize}`,
      )
    ).json;
    assert.equal(proof.rootHash, info.rootHash);
    verifyConsistency(
      1,
      info.treeSize,
      proof.hashes.map((h: string) => Buffer.from(h, 'hex')),
      leaf,
      head.rootHash,
    );
  });

  it('publishes the PEM public key whose SHA-256 is the log ID', async () => {
    const response = await fetch(`${server.url}/api/v1/log/publicKey?treeID=${server.treeId}`);
    assert.equal(response.headers.get('content-type'), 'application/x-pem-file');
    const der = createPublicKey(await response.text()).export({ type: 'spki', format: 'der' });
    assert.equal(createHash('sha256').update(der).digest('hex'), server.logId);
  });
});
