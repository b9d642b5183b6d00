/**
 * Proof latency in a large log: a tree of LARGE_LOG entries is built straight through the
 * store layer (LogStore.append in big batches: realistic hashedrekord bodies with the
 * digest varied, both search keys, every subtree hash, one signed checkpoint per batch;
 * SETs are random bytes since nothing reads them here), then `startTlogServer` is opened
 * on it and entries with inclusion proofs (GET ?logIndex) and consistency proofs
 * (GET /api/v1/log/proof) are fetched over HTTP for random indexes and sizes.
 * Also reported: build time and bytes of database per entry.
 */
import { randomBytes, randomInt, type KeyObject } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { canonicalizeProposedEntry, logIdOf } from '../../src/tlog/entry/index.js';
import { leafHash } from '../../src/tlog/merkle/index.js';
import { checkpointSigner, rekorKeyHint } from '../../src/tlog/checkpoint/index.js';
import {
  MerkleFrontier,
  issueCheckpoint,
  openLogStore,
  type NewEntry,
  type SubtreeHash,
} from '../../src/tlog/store/index.js';
import { RekorClient } from '../../src/tlog/client/index.js';
import { startTlogServer } from '../../src/tlog/server/index.js';
import { hashedRekordProposal, testKey } from '../../src/testing/tlog-proposals.js';
import { measureLoop, round, type Measurement } from '../harness.js';
import type { Ceilings } from './tlog-ceilings.js';

/** Entries per append transaction while building. */
const BUILD_BATCH = 8192;
const PROBES = 1000;
const TREE_ID = '4242';

export interface BuiltLog {
  readonly entries: number;
  readonly buildSeconds: number;
}

/** Fills an empty database with `entries` entries; returns the build time. */
export async function buildLargeLog(
  database: string,
  entries: number,
  logKey: { privateKey: KeyObject; publicKey: KeyObject },
): Promise<BuiltLog> {
  const started = performance.now();
  const store = await openLogStore(database);
  const logId = logIdOf(logKey.publicKey);
  await store.identity({ treeId: TREE_ID, logId });
  const template = canonicalizeProposedEntry(hashedRekordProposal(testKey(), Buffer.from('x')));
  const text = new TextDecoder().decode(template.body);
  const digest = /"value":"([0-9a-f]{64})"/.exec(text)![1]!;
  const [head, tail] = text.split(digest) as [string, string];
  const keyKey = template.searchKeys.find((k) => k.startsWith('key:'))!;
  const issuer = {
    signer: checkpointSigner(logKey.privateKey),
    origin: `127.0.0.1 - ${TREE_ID}`,
    keyName: '127.0.0.1',
    keyHint: rekorKeyHint(logKey.publicKey),
  };
  const frontier = new MerkleFrontier(0, []);
  const now = Math.floor(Date.now() / 1000);
  try {
    for (let start = 0; start < entries; start += BUILD_BATCH) {
      const batch: NewEntry[] = [];
      const subtrees: SubtreeHash[] = [];
      for (let i = start; i < Math.min(entries, start + BUILD_BATCH); i++) {
        const value = i.toString(16).padStart(64, '0');
        const body = new TextEncoder().encode(head + value + tail);
        const leaf = leafHash(body);
        subtrees.push(...frontier.append(leaf));
        batch.push({
          logIndex: i,
          uuid: Buffer.from(leaf).toString('hex'),
          body,
          integratedTime: now,
          kind: 'hashedrekord',
          apiVersion: '0.0.1',
          signedEntryTimestamp: randomBytes(71),
          searchKeys: [`hash:sha256:${value}`, keyKey],
        });
      }
      await store.append({
        entries: batch,
        subtrees,
        checkpoint: issueCheckpoint(issuer, frontier.size, frontier.root()),
      });
    }
  } finally {
    await store.close();
  }
  return { entries, buildSeconds: round((performance.now() - started) / 1000, 1) };
}

export async function measureProofs(
  backend: 'sqlite' | 'postgres',
  database: string,
  dataDir: string,
  entries: number,
  ceilings: Ceilings,
): Promise<Measurement[]> {
  const logKey = testKey();
  const built = await buildLargeLog(database, entries, logKey);
  let storage = '';
  if (backend === 'sqlite') {
    const bytes = (await stat(database.slice('sqlite:'.length))).size;
    storage = `; SQLite file ${round(bytes / 2 ** 20, 1)} MiB = ${Math.round(bytes / entries)} bytes/entry`;
  }
  await mkdir(dataDir, { recursive: true });
  const keyPath = join(dataDir, 'bench-log-key.pem');
  await writeFile(keyPath, logKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
    mode: 0o600,
  });
  const server = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir, keyPath, database });
  const client = new RekorClient(server.url);
  const notes = `${entries.toLocaleString('en')} entries on ${backend}, built through the store in ${built.buildSeconds} s${storage}`;
  try {
    const inclusion = await measureLoop(
      async () => {
        const { entry } = await client.getEntryByIndex(randomInt(entries));
        if (entry.verification?.inclusionProof?.treeSize !== entries) throw new Error('bad proof');
      },
      { count: PROBES, concurrency: 1 },
    );
    const consistency = await measureLoop(
      async () => {
        const first = 1 + randomInt(entries - 1);
        await client.consistencyProof(first, entries);
      },
      { count: PROBES, concurrency: 1 },
    );
    const ceiling = { ceiling: ceilings.sha256Node64, ceilingName: 'SHA-256 of 64 B, node:crypto' };
    return [
      {
        name: `inclusion proof (GET entry) ${backend}`,
        unit: 'requests/s',
        subject: inclusion,
        ...ceiling,
        notes,
      },
      {
        name: `consistency proof ${backend}`,
        unit: 'requests/s',
        subject: consistency,
        ...ceiling,
        notes,
      },
    ];
  } finally {
    await client.close();
    await server.close();
  }
}
