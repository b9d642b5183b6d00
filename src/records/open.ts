/**
 * Opens the decision store named by a database URL: `sqlite:PATH` (the embedded default;
 * WAL mode so the dashboard can read while the webhook writes), `sqlite::memory:`, or a
 * `postgres://` / `postgresql://` URL.
 *
 * A store that cannot be opened is a typed error naming the database (PostgreSQL URLs
 * without their password): RECORDS_DATABASE_UNOPENABLE when the operator must fix the
 * setting (a path that cannot hold a database, a refused login), RECORDS_UNAVAILABLE when
 * the server could not be reached and trying again may work.
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeError, isSignetError } from '../core/errors.js';
import { createPostgresPool } from '../core/postgres/index.js';
import type { BatchWriterOptions } from './batch-writer.js';
import { shownDatabaseUrl } from './database-location.js';
import { SqlDecisionStore } from './decision-store.js';
import { recordsError } from './errors.js';
import type { Dialect, RecordsDatabase } from './schema.js';
import type { DecisionStore } from './types.js';

/** Connections to PostgreSQL; the writer uses one at a time, readers the rest. */
const POSTGRES_POOL_SIZE = 4;

export async function openDecisionStore(
  url: string,
  batching: BatchWriterOptions = {},
): Promise<DecisionStore> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = createPostgresPool(url, POSTGRES_POOL_SIZE);
    const db = new Kysely<RecordsDatabase>({ dialect: new PostgresDialect({ pool }) });
    return openStore(db, 'postgres', batching, shownDatabaseUrl(url));
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') {
      throw recordsError(
        'RECORDS_DATABASE_URL_INVALID',
        'sqlite: needs a file path, e.g. sqlite:./signet-data/records.db',
      );
    }
    const db = new Kysely<RecordsDatabase>({
      dialect: new SqliteDialect({ database: openSqliteFile(path, url) }),
    });
    return openStore(db, 'sqlite', batching, url);
  }
  throw recordsError(
    'RECORDS_DATABASE_URL_INVALID',
    `database "${shownDatabaseUrl(url)}" is neither sqlite:PATH nor postgres://…`,
  );
}

function openSqliteFile(path: string, url: string): Database.Database {
  let database: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new Database(path);
    database.pragma('journal_mode = WAL');
    // NORMAL in WAL mode keeps the database consistent after a crash and loses at most
    // the last moments of decisions on power loss; records are an audit trail, not the
    // source of truth for admission, so this trades little for much lower write latency.
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    return database;
  } catch (error) {
    database?.close();
    throw unopenable(url, sqliteReason(path, error), error);
  }
}

/** Says what is wrong with the path in the user's terms rather than as a bare errno. */
function sqliteReason(path: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    return `cannot create the folder ${dirname(path)}: a file is in the way`;
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return `no permission to create or write it (${describeError(error)})`;
  }
  return describeError(error);
}

/** Applies the migrations; a failure there is how an unreachable or refusing server shows. */
async function openStore(
  db: Kysely<RecordsDatabase>,
  dialect: Dialect,
  batching: BatchWriterOptions,
  shown: string,
): Promise<DecisionStore> {
  try {
    return await SqlDecisionStore.open(db, dialect, batching);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    const cause =
      isSignetError(error) && error.code === 'RECORDS_UNAVAILABLE' ? error.cause : error;
    if (dialect === 'sqlite' || isPostgresSettingProblem(cause)) {
      throw unopenable(shown, describeError(cause), cause);
    }
    throw recordsError(
      'RECORDS_UNAVAILABLE',
      `cannot reach the decision database ${shown}: ${describeError(cause)}`,
      { temporary: true, cause, details: { database: shown } },
    );
  }
}

/**
 * PostgreSQL answers that waiting will not fix: a refused login (SQLSTATE class 28), a
 * database that does not exist (3D000), missing privileges for the tables (42501); and a
 * URL pg cannot read (TypeError).
 */
function isPostgresSettingProblem(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    typeof code === 'string' && (code.startsWith('28') || code === '3D000' || code === '42501')
  );
}

function unopenable(shown: string, reason: string, cause: unknown) {
  return recordsError(
    'RECORDS_DATABASE_UNOPENABLE',
    `cannot open the decision database ${shown}: ${reason}`,
    { cause, details: { database: shown } },
  );
}
