/**
 * Opens the decision store named by a database URL: `sqlite:PATH` (the embedded default;
 * WAL mode so the dashboard can read while the webhook writes), `sqlite::memory:`, or a
 * `postgres://` / `postgresql://` URL.
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BatchWriterOptions } from './batch-writer.js';
import { SqlDecisionStore } from './decision-store.js';
import { recordsError } from './errors.js';
import type { RecordsDatabase } from './schema.js';
import type { DecisionStore } from './types.js';

/** Connections to PostgreSQL; the writer uses one at a time, readers the rest. */
const POSTGRES_POOL_SIZE = 4;

export async function openDecisionStore(
  url: string,
  batching: BatchWriterOptions = {},
): Promise<DecisionStore> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const db = new Kysely<RecordsDatabase>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: url, max: POSTGRES_POOL_SIZE }),
      }),
    });
    return SqlDecisionStore.open(db, 'postgres', batching);
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') {
      throw recordsError(
        'RECORDS_DATABASE_URL_INVALID',
        'sqlite: needs a file path, e.g. sqlite:./signet-data/records.db',
      );
    }
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new Database(path);
    database.pragma('journal_mode = WAL');
    // NORMAL in WAL mode keeps the database consistent after a crash and loses at most
    // the last moments of decisions on power loss; records are an audit trail, not the
    // source of truth for admission, so this trades little for much lower write latency.
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    const db = new Kysely<RecordsDatabase>({ dialect: new SqliteDialect({ database }) });
    return SqlDecisionStore.open(db, 'sqlite', batching);
  }
  throw recordsError(
    'RECORDS_DATABASE_URL_INVALID',
    `database "${url.replace(/\/\/[^@/]*@/, '//***@')}" is neither sqlite:PATH nor postgres://…`,
  );
}
