/**
 * Transparency-log benchmarks (`npm run bench -- tlog-append tlog-proofs`):
 * - tlog-append: durable appends per second over HTTP, dsse and hashedrekord, SQLite and
 *   PostgreSQL, 1/8/64 clients, next to the crypto and fsync ceilings;
 * - tlog-proofs: inclusion and consistency proof latency in 1,000,000-entry logs on SQLite
 *   and PostgreSQL, with build time and (SQLite) storage per entry.
 * Ceilings (tlog-ceilings.ts) are measured at the start of each scenario.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../../src/testing/postgres.js';
import type { Measurement, Scenario } from '../harness.js';
import { measureAppends } from './tlog-append.js';
import { measureCeilings } from './tlog-ceilings.js';
import { measureProofs } from './tlog-proofs.js';

const SQLITE_ENTRIES = 1_000_000;
/** PostgreSQL builds through unnest() inserts at about the SQLite rate (16k entries/s here). */
const PG_ENTRIES = 1_000_000;

export const tlogAppendScenario: Scenario = {
  name: 'tlog-append',
  description:
    'transparency-log appends/s over HTTP: dsse and hashedrekord, SQLite and PostgreSQL, 1/8/64 clients',
  async run(): Promise<Measurement[]> {
    return measureAppends(await measureCeilings());
  },
};

export const tlogProofsScenario: Scenario = {
  name: 'tlog-proofs',
  description: `inclusion and consistency proofs over HTTP in a ${SQLITE_ENTRIES.toLocaleString('en')}-entry SQLite log and a ${PG_ENTRIES.toLocaleString('en')}-entry PostgreSQL log`,
  async run(): Promise<Measurement[]> {
    const ceilings = await measureCeilings();
    const dir = await mkdtemp(join(tmpdir(), 'signet-bench-tlog-proofs-'));
    const postgres = await startPostgres();
    try {
      const out = await measureProofs(
        'sqlite',
        `sqlite:${join(dir, 'large.db')}`,
        join(dir, 'sqlite'),
        SQLITE_ENTRIES,
        ceilings,
      );
      out.push(
        ...(await measureProofs(
          'postgres',
          await postgres.createDatabase('bench_proofs'),
          join(dir, 'pg'),
          PG_ENTRIES,
          ceilings,
        )),
      );
      out.push(...ceilingMeasurements(ceilings));
      return out;
    } finally {
      await postgres.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/** The ceilings themselves, so every figure of the run is in the report. */
function ceilingMeasurements(c: Awaited<ReturnType<typeof measureCeilings>>): Measurement[] {
  const row = (name: string, subject: typeof c.fsync): Measurement => ({
    name: `ceiling: ${name}`,
    unit: 'ops/s',
    subject,
    ceiling: subject,
    ceilingName: 'itself',
  });
  return [
    row('P-256 verify from digest, pure JS', c.digestVerifyPureJs),
    row('P-256 verify over data, node:crypto', c.verifyNodeCrypto),
    row('SHA-256 of 64 B', c.sha256Node64),
    row('4 KiB write + fsync', c.fsync),
  ];
}
