/**
 * The decision store behind `signet serve`, on SQLite and PostgreSQL:
 *
 * - paging: 10,000 recorded decisions, pages of 50 violations read through the API over
 *   HTTP (newest-first keyset paging, unfiltered and with a policy filter plus a text
 *   search) next to the bare SQL of an unfiltered page on the same database, through the
 *   driver with no server, JSON or HTTP in between. The target is under 100 ms per page.
 * - recording: decisions recorded per second through DecisionStore.record (batched
 *   transactions, a violation row per reason) with 512 callers, next to the database's
 *   bare insert rate: plain one-table INSERTs in transactions of the same batch size.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pino } from 'pino';
import {
  openDecisionStore,
  type DecisionInput,
  type DecisionStore,
} from '../../src/records/index.js';
import { startPostgres, type RunningPostgres } from '../../src/testing/postgres.js';
import { startSignetServer } from '../../src/ui/server.js';
import { measureLoop, type Measurement, type Scenario } from '../harness.js';

const DECISIONS = 10_000;
const PAGE = 50;
const PAGE_READS = 200;
const RECORDS = 3_000;
const BATCH = 256;
const CALLERS = 512;
const POLICIES = ['signed-by-ci', 'slsa-provenance', 'no-latest-tag', 'sbom-attached'];

function decision(i: number): DecisionInput {
  const image = `registry.example/team-${i % 40}/app:${i % 500}`;
  const policy = POLICIES[i % POLICIES.length]!;
  return {
    time: new Date(Date.now() - (DECISIONS - i) * 1000),
    source: 'admission',
    outcome: 'denied',
    cluster: `cluster-${i % 3}`,
    namespace: `ns-${i % 20}`,
    kind: 'Deployment',
    name: `app-${i % 100}`,
    warnings: [],
    images: [
      {
        image,
        allowed: false,
        reasons: [`image ${image} is not allowed by policy "${policy}": no trusted signature`],
      },
    ],
  };
}

async function fill(store: DecisionStore, count: number): Promise<void> {
  const pending: Promise<number>[] = [];
  for (let i = 0; i < count; i++) pending.push(store.record(decision(i)));
  await Promise.all(pending);
}

type BareQuery = (beforeId: number) => Promise<unknown>;
type BareInsert = (rows: number) => Promise<void>;

async function measureBackend(
  backend: 'sqlite' | 'postgres',
  url: string,
  bare: { page: BareQuery; insert: BareInsert; close(): Promise<void> },
): Promise<Measurement[]> {
  const store = await openDecisionStore(url);
  const token = 'bench-viewer-token-0123456789';
  const { parseRoleTokens } = await import('../../src/ui/tokens.js');
  const server = await startSignetServer({
    store,
    tokens: parseRoleTokens(`writer ${token}`, 'bench'),
    logger: pino({ level: 'silent' }),
  });
  const headers = { authorization: `Bearer ${token}` };
  try {
    await fill(store, DECISIONS);
    const top = DECISIONS + 1;
    const before = (i: number) => top - ((i * 997) % (DECISIONS - PAGE));
    const read = async (path: string) => {
      const response = await fetch(`${server.url}${path}`, { headers });
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      await response.arrayBuffer();
    };
    const ceiling = await measureLoop((i) => bare.page(before(i)), { count: PAGE_READS });
    const unfiltered = await measureLoop(
      (i) => read(`/api/v1/violations?limit=${PAGE}&before=${before(i)}`),
      { count: PAGE_READS },
    );
    const filtered = await measureLoop(
      (i) =>
        read(`/api/v1/violations?limit=${PAGE}&policy=signed-by-ci&q=team-1&before=${before(i)}`),
      { count: PAGE_READS },
    );
    const recordCeiling = await measureLoop(() => bare.insert(BATCH), {
      count: Math.ceil(RECORDS / BATCH),
      warmup: 2,
    });
    const perRow = {
      ...recordCeiling,
      operations: recordCeiling.operations * BATCH,
      perSecond: Math.round(recordCeiling.perSecond * BATCH),
    };
    // The webhook records without waiting (recordInBackground), so many decisions are
    // queued at once: 512 callers keep the writer's batches full, as a busy webhook does.
    const recorded = await measureLoop((i) => store.record(decision(DECISIONS + i)), {
      count: RECORDS,
      concurrency: CALLERS,
      warmup: CALLERS,
    });
    const note = `${DECISIONS} decisions; page of ${PAGE}`;
    return [
      {
        name: `violations page ${backend}`,
        unit: 'pages/s',
        subject: unfiltered,
        ceiling,
        ceilingName: 'bare SQL page, same database',
        notes: `${note}; p99 ${unfiltered.p99Ms} ms (target < 100 ms)`,
      },
      {
        name: `violations page filtered+search ${backend}`,
        unit: 'pages/s',
        subject: filtered,
        ceiling,
        ceilingName: 'bare SQL page, same database',
        notes: `${note}; policy filter and text search; p99 ${filtered.p99Ms} ms (target < 100 ms)`,
      },
      {
        name: `decisions recorded ${backend}`,
        unit: 'decisions/s',
        subject: recorded,
        ceiling: perRow,
        ceilingName: `bare INSERT, transactions of ${BATCH}`,
        notes: `${CALLERS} callers; each decision writes 3 rows (decision, image, violation)`,
      },
    ];
  } finally {
    await server.close();
    await store.close();
    await bare.close();
  }
}

function bareSqlite(path: string): { page: BareQuery; insert: BareInsert; close(): Promise<void> } {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS bare_inserts (id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER, text TEXT)',
  );
  const page = db.prepare('SELECT * FROM violations WHERE id < ? ORDER BY id DESC LIMIT ?');
  const insert = db.prepare('INSERT INTO bare_inserts (time_ms, text) VALUES (?, ?)');
  const batch = db.transaction((rows: number) => {
    for (let i = 0; i < rows; i++)
      insert.run(Date.now(), 'image registry.example/app:1 is not allowed');
  });
  return {
    page: (beforeId) => Promise.resolve(page.all(beforeId, PAGE)),
    insert: (rows) => Promise.resolve(batch(rows)),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

async function barePostgres(
  url: string,
): Promise<{ page: BareQuery; insert: BareInsert; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    'CREATE TABLE IF NOT EXISTS bare_inserts (id bigserial PRIMARY KEY, time_ms bigint, text text)',
  );
  return {
    page: (beforeId) =>
      client.query('SELECT * FROM violations WHERE id < $1 ORDER BY id DESC LIMIT $2', [
        beforeId,
        PAGE,
      ]),
    async insert(rows) {
      await client.query('BEGIN');
      for (let i = 0; i < rows; i++) {
        await client.query('INSERT INTO bare_inserts (time_ms, text) VALUES ($1, $2)', [
          Date.now(),
          'image registry.example/app:1 is not allowed',
        ]);
      }
      await client.query('COMMIT');
    },
    close: () => client.end(),
  };
}

export const decisionsScenario: Scenario = {
  name: 'decisions',
  description:
    'decision store: API paging over 10,000 decisions and recording rate, SQLite and PostgreSQL',
  async run() {
    const dir = await mkdtemp(join(tmpdir(), 'signet-bench-decisions-'));
    let postgres: RunningPostgres | undefined;
    try {
      const path = join(dir, 'records.db');
      // The store creates the tables first; the bare connection then reads the same file.
      const sqliteStore = await openDecisionStore(`sqlite:${path}`);
      await sqliteStore.close();
      const out = await measureBackend('sqlite', `sqlite:${path}`, bareSqlite(path));
      postgres = await startPostgres();
      const url = await postgres.createDatabase('bench_decisions');
      const pgStore = await openDecisionStore(url);
      await pgStore.close();
      out.push(...(await measureBackend('postgres', url, await barePostgres(url))));
      return out;
    } finally {
      await postgres?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
