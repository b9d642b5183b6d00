/**
 * The log's schema, as numbered migrations applied at start-up (each in its own
 * transaction, recorded in schema_migrations). The two dialects differ only in type names
 * and in how append-only is enforced; every table is append-only: entries, subtree hashes
 * and checkpoints are never updated or deleted once committed.
 */
import { storeError } from './errors.js';

export type Dialect = 'sqlite' | 'postgres';

interface Types {
  readonly int: string;
  readonly bytes: string;
}

const TYPES: Record<Dialect, Types> = {
  sqlite: { int: 'INTEGER', bytes: 'BLOB' },
  postgres: { int: 'BIGINT', bytes: 'BYTEA' },
};

const APPEND_ONLY_TABLES = ['entries', 'subtrees', 'checkpoints', 'search_keys', 'log_identity'];

function appendOnly(dialect: Dialect): string[] {
  if (dialect === 'sqlite') {
    return APPEND_ONLY_TABLES.map(
      (table) =>
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE ON ${table} ` +
        `BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;\n` +
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} ` +
        `BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END`,
    );
  }
  return [
    `CREATE FUNCTION signet_tlog_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'the transparency log is append-only (table %)', TG_TABLE_NAME; END $$`,
    ...APPEND_ONLY_TABLES.map(
      (table) =>
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} ` +
        `FOR EACH ROW EXECUTE FUNCTION signet_tlog_append_only()`,
    ),
  ];
}

/** Migration N (1-based) is element N - 1; each is a list of statements. */
export function migrations(dialect: Dialect): string[][] {
  const { int, bytes } = TYPES[dialect];
  const withoutRowId = dialect === 'sqlite' ? ' WITHOUT ROWID' : '';
  return [
    [
      `CREATE TABLE log_identity (
         singleton ${int} PRIMARY KEY CHECK (singleton = 1),
         tree_id TEXT NOT NULL,
         log_id TEXT NOT NULL)`,
      `CREATE TABLE entries (
         log_index ${int} PRIMARY KEY,
         uuid TEXT NOT NULL UNIQUE,
         body ${bytes} NOT NULL,
         integrated_time ${int} NOT NULL,
         kind TEXT NOT NULL,
         api_version TEXT NOT NULL,
         signed_entry_timestamp ${bytes} NOT NULL)`,
      // Root of the complete subtree [start, start + 2^level): a proof is O(log n) lookups.
      `CREATE TABLE subtrees (
         level ${int} NOT NULL,
         start ${int} NOT NULL,
         hash ${bytes} NOT NULL,
         PRIMARY KEY (level, start))${withoutRowId}`,
      `CREATE TABLE checkpoints (
         tree_size ${int} PRIMARY KEY,
         root_hash ${bytes} NOT NULL,
         note TEXT NOT NULL)`,
      `CREATE TABLE search_keys (
         key TEXT NOT NULL,
         log_index ${int} NOT NULL,
         PRIMARY KEY (key, log_index))${withoutRowId}`,
      ...appendOnly(dialect).flatMap((s) => s.split(';\n')),
    ],
  ];
}

/**
 * The migrations still to apply to a database at schema version `applied`; a database
 * written by a newer Signet is refused rather than guessed at.
 */
export function pendingMigrations(dialect: Dialect, applied: number): string[][] {
  const steps = migrations(dialect);
  if (applied > steps.length) {
    throw storeError(
      'TLOG_STORE_CORRUPT',
      `the log database has schema version ${applied}, newer than this Signet (${steps.length}); upgrade Signet`,
    );
  }
  return steps.slice(applied);
}

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`;
