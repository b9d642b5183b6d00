/**
 * PostgreSQL log store (pg Pool). Durability is PostgreSQL's: COMMIT returns once the WAL
 * is flushed (fsync and synchronous_commit on, the defaults). Writers serialize on a lock
 * of the checkpoints table, so a second server writing the same database is detected by
 * the size check instead of forking the log. Batches are written with one INSERT per table
 * over unnest()ed arrays: a batch costs the same few round trips whatever its size.
 */
import type pg from 'pg';
import { createPostgresPool } from '../../core/postgres/index.js';
import type { SubtreeId } from '../merkle/index.js';
import { checkBatchContinuesLog } from './batch-check.js';
import { ENTRY_COLUMNS, entryFromRow, type EntryRow } from './entry-rows.js';
import { storeFailure } from './errors.js';
import {
  subtreeKey,
  type AppendBatch,
  type LogIdentity,
  type LogStore,
  type SearchOperator,
  type StoredCheckpoint,
  type StoredEntry,
} from './log-store.js';
import { MIGRATIONS_TABLE, pendingMigrations } from './schema.js';

/** Connections: one writer plus concurrent readers; PostgreSQL's default limit is 100. */
const POOL_SIZE = 10;
/** Arbitrary constant naming the migration lock (pg_advisory_xact_lock). */
const MIGRATION_LOCK = 7_411_093;

export async function openPostgresLogStore(url: string): Promise<LogStore> {
  const pool = createPostgresPool(url, POOL_SIZE);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw storeFailure(error, 'cannot open the PostgreSQL log database');
  }
  return new PostgresLogStore(pool);
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(MIGRATIONS_TABLE);
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT MAX(version) AS version FROM schema_migrations',
    );
    const applied = rows[0]?.version ?? 0;
    for (const [i, statements] of pendingMigrations('postgres', applied).entries()) {
      for (const sql of statements) await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [applied + i + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

class PostgresLogStore implements LogStore {
  readonly dialect = 'postgres';

  constructor(private readonly pool: pg.Pool) {}

  async identity(proposed: LogIdentity): Promise<LogIdentity> {
    await this.query(
      `INSERT INTO log_identity (singleton, tree_id, log_id) VALUES (1, $1, $2)
       ON CONFLICT (singleton) DO NOTHING`,
      [proposed.treeId, proposed.logId],
    );
    const [row] = await this.query<{ tree_id: string; log_id: string }>(
      'SELECT tree_id, log_id FROM log_identity',
    );
    return { treeId: row!.tree_id, logId: row!.log_id };
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const rows = await this.query<{ tree_size: string; root_hash: Buffer; note: string }>(
      'SELECT tree_size, root_hash, note FROM checkpoints ORDER BY tree_size DESC LIMIT 1',
    );
    const row = rows[0];
    return (
      row && {
        size: Number(row.tree_size),
        rootHash: new Uint8Array(row.root_hash),
        note: row.note,
      }
    );
  }

  async subtreeHashes(ids: readonly SubtreeId[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    if (ids.length === 0) return out;
    const rows = await this.query<{ level: string; start: string; hash: Buffer }>(
      `SELECT s.level, s.start, s.hash FROM subtrees s
       JOIN unnest($1::bigint[], $2::bigint[]) AS wanted(level, start)
         ON s.level = wanted.level AND s.start = wanted.start`,
      [ids.map((id) => id.level), ids.map((id) => id.start)],
    );
    for (const row of rows) {
      out.set(
        subtreeKey({ level: Number(row.level), start: Number(row.start) }),
        new Uint8Array(row.hash),
      );
    }
    return out;
  }

  async entriesByUuid(uuids: readonly string[]): Promise<StoredEntry[]> {
    if (uuids.length === 0) return [];
    const rows = await this.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM entries WHERE uuid = ANY($1::text[])`,
      [uuids],
    );
    return rows.map(entryFromRow);
  }

  async entriesByIndex(indexes: readonly number[]): Promise<StoredEntry[]> {
    if (indexes.length === 0) return [];
    const rows = await this.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM entries WHERE log_index = ANY($1::bigint[])`,
      [indexes],
    );
    return rows.map(entryFromRow);
  }

  async search(
    keys: readonly string[],
    operator: SearchOperator,
    limit: number,
  ): Promise<string[]> {
    const unique = [...new Set(keys)];
    const having = operator === 'and' ? 'HAVING COUNT(*) = $3' : '';
    const rows = await this.query<{ uuid: string }>(
      `SELECT uuid FROM entries WHERE log_index IN
         (SELECT log_index FROM search_keys WHERE key = ANY($1::text[]) GROUP BY log_index ${having})
       ORDER BY log_index LIMIT $2`,
      operator === 'and' ? [unique, limit, unique.length] : [unique, limit],
    );
    return rows.map((r) => r.uuid);
  }

  async append(batch: AppendBatch): Promise<void> {
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      // Serializes writers: the size read below cannot change until COMMIT.
      await client.query('LOCK TABLE checkpoints IN SHARE ROW EXCLUSIVE MODE');
      const latest = await client.query<{ size: string | null }>(
        'SELECT MAX(tree_size) AS size FROM checkpoints',
      );
      const size = latest.rows[0]?.size;
      checkBatchContinuesLog(size === null || size === undefined ? undefined : Number(size), batch);
      const e = batch.entries;
      if (e.length > 0) {
        await client.query(
          `INSERT INTO entries (${ENTRY_COLUMNS})
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::bytea[], $4::bigint[], $5::text[], $6::text[], $7::bytea[])`,
          [
            e.map((x) => x.logIndex),
            e.map((x) => x.uuid),
            e.map((x) => Buffer.from(x.body)),
            e.map((x) => x.integratedTime),
            e.map((x) => x.kind),
            e.map((x) => x.apiVersion),
            e.map((x) => Buffer.from(x.signedEntryTimestamp)),
          ],
        );
        const keys = e.flatMap((x) => x.searchKeys.map((key) => ({ key, index: x.logIndex })));
        await client.query(
          `INSERT INTO search_keys (key, log_index) SELECT * FROM unnest($1::text[], $2::bigint[])
           ON CONFLICT DO NOTHING`,
          [keys.map((k) => k.key), keys.map((k) => k.index)],
        );
      }
      const t = batch.subtrees;
      await client.query(
        'INSERT INTO subtrees (level, start, hash) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])',
        [t.map((x) => x.level), t.map((x) => x.start), t.map((x) => Buffer.from(x.hash))],
      );
      const c = batch.checkpoint;
      await client.query(
        'INSERT INTO checkpoints (tree_size, root_hash, note) VALUES ($1, $2, $3)',
        [c.size, Buffer.from(c.rootHash), c.note],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw wrap(error);
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw wrap(error);
    }
  }

  private async query<R extends pg.QueryResultRow>(
    sql: string,
    values: unknown[] = [],
  ): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, values)).rows;
    } catch (error) {
      throw wrap(error);
    }
  }
}

/** A failed query (lost connection, statement timeout) may succeed when retried. */
function wrap(error: unknown): Error {
  return storeFailure(error, 'the PostgreSQL log database failed', true);
}
