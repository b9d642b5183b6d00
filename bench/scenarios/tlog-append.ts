/**
 * Append throughput of the transparency log over HTTP: `startTlogServer` (default
 * batching: 256 entries or 20 ms) on SQLite and on PostgreSQL, fed by RekorClient with
 * 1, 8 and 64 requests in flight, ENTRIES new entries per cell, for dsse and hashedrekord
 * proposals signed before timing starts. A write returns once its batch is committed
 * (fsynced), so the figures are durable appends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../src/core/digest.js';
import { startPostgres, type RunningPostgres } from '../../src/testing/postgres.js';
import {
  dsseProposal,
  hashedRekordProposal,
  inTotoStatement,
  testKey,
} from '../../src/testing/tlog-proposals.js';
import { RekorClient } from '../../src/tlog/client/index.js';
import { startTlogServer } from '../../src/tlog/server/index.js';
import { measureLoop, type LoopStats, type Measurement } from '../harness.js';
import type { Ceilings } from './tlog-ceilings.js';

/** Entries per cell: enough for stable rates, small enough for a shared 2-core machine. */
const ENTRIES = 500;
const WARMUP = 10;
const CONCURRENCY = [1, 8, 64] as const;
type Kind = 'dsse' | 'hashedrekord';

export async function measureAppends(ceilings: Ceilings): Promise<Measurement[]> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-bench-tlog-append-'));
  let postgres: RunningPostgres | undefined;
  const out: Measurement[] = [];
  try {
    postgres = await startPostgres();
    let databases = 0;
    const newDatabase = async (backend: 'sqlite' | 'postgres') => {
      databases += 1;
      if (backend === 'sqlite') return `sqlite:${join(dir, `append-${databases}.db`)}`;
      return postgres!.createDatabase(`bench_append_${databases}`);
    };
    for (const backend of ['sqlite', 'postgres'] as const) {
      for (const kind of ['dsse', 'hashedrekord'] as const) {
        const server = await startTlogServer({
          host: '127.0.0.1',
          port: 0,
          dataDir: join(dir, `${backend}-${kind}`),
          database: await newDatabase(backend),
        });
        try {
          for (const concurrency of CONCURRENCY) {
            const stats = await appendCell(
              server.url,
              kind,
              concurrency,
              `${backend}-${kind}-${concurrency}`,
            );
            out.push({
              name: `append ${kind} ${backend}`,
              unit: 'entries/s',
              subject: stats,
              ceiling:
                kind === 'hashedrekord' ? ceilings.digestVerifyPureJs : ceilings.verifyNodeCrypto,
              ceilingName:
                kind === 'hashedrekord'
                  ? 'P-256 verify from digest, pure JS'
                  : 'P-256 verify, node:crypto',
              notes: `${ENTRIES} entries over HTTP, ${concurrency} in flight; fsync ceiling ${ceilings.fsync.perSecond}/s`,
            });
          }
        } finally {
          await server.close();
        }
      }
    }
  } finally {
    await postgres?.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

async function appendCell(
  url: string,
  kind: Kind,
  concurrency: number,
  salt: string,
): Promise<LoopStats> {
  const key = testKey();
  const proposals = Array.from({ length: ENTRIES + WARMUP }, (_, i) => {
    const artifact = Buffer.from(`bench ${salt} ${i}`);
    return kind === 'dsse'
      ? dsseProposal([key], inTotoStatement(sha256Hex(artifact)))
      : hashedRekordProposal(key, artifact);
  });
  const client = new RekorClient(url, { connections: concurrency });
  try {
    let next = 0;
    const append = async () => {
      const created = await client.createEntry(proposals[next++]!);
      if (!created.created) throw new Error('benchmark proposal was already in the log');
    };
    return await measureLoop(append, { count: ENTRIES, concurrency, warmup: WARMUP });
  } finally {
    await client.close();
  }
}
