/**
 * SQLite log store (better-sqlite3). WAL journal with synchronous=FULL: a commit returns
 * only once the WAL is fsynced, so an acknowledged entry survives a crash or power loss
 * (https://www.sqlite.org/pragma.html#pragma_synchronous). better-sqlite3 is synchronous;
 * calls are short indexed lookups, and the sequencer writes one transaction per batch.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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

export function openSqliteLogStore(path: string): LogStore {
  let db: Database.Database;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // A concurrent reader (a backup, an operator's sqlite3 shell) must not fail writes at once.
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    throw storeFailure(error, `cannot open the log database ${path}`);
  }
  return new SqliteLogStore(db);
}

function migrate(db: Database.Database): void {
  db.exec(MIGRATIONS_TABLE);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  const applied = row.version ?? 0;
  pendingMigrations('sqlite', applied).forEach((statements, i) => {
    db.transaction(() => {
      for (const sql of statements) db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(applied + i + 1);
    })();
  });
}

class SqliteLogStore implements LogStore {
  readonly dialect = 'sqlite';
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      identity: db.prepare('SELECT tree_id, log_id FROM log_identity WHERE singleton = 1'),
      insertIdentity: db.prepare(
        'INSERT INTO log_identity (singleton, tree_id, log_id) VALUES (1, ?, ?)',
      ),
      latest: db.prepare(
        'SELECT tree_size, root_hash, note FROM checkpoints ORDER BY tree_size DESC LIMIT 1',
      ),
      subtree: db.prepare('SELECT hash FROM subtrees WHERE level = ? AND start = ?').pluck(),
      byUuid: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE uuid = ?`),
      byIndex: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE log_index = ?`),
      insertEntry: db.prepare(
        `INSERT INTO entries (${ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertKey: db.prepare('INSERT OR IGNORE INTO search_keys (key, log_index) VALUES (?, ?)'),
      insertSubtree: db.prepare('INSERT INTO subtrees (level, start, hash) VALUES (?, ?, ?)'),
      insertCheckpoint: db.prepare(
        'INSERT INTO checkpoints (tree_size, root_hash, note) VALUES (?, ?, ?)',
      ),
      searchOr: db
        .prepare(
          `SELECT uuid FROM entries WHERE log_index IN
           (SELECT log_index FROM search_keys WHERE key IN (SELECT value FROM json_each(?)))
         ORDER BY log_index LIMIT ?`,
        )
        .pluck(),
      searchAnd: db
        .prepare(
          `SELECT uuid FROM entries WHERE log_index IN
           (SELECT log_index FROM search_keys WHERE key IN (SELECT value FROM json_each(?))
            GROUP BY log_index HAVING COUNT(*) = ?)
         ORDER BY log_index LIMIT ?`,
        )
        .pluck(),
    };
  }

  identity(proposed: LogIdentity): Promise<LogIdentity> {
    return this.run(() => {
      const row = this.statements.identity.get() as { tree_id: string; log_id: string } | undefined;
      if (row !== undefined) return { treeId: row.tree_id, logId: row.log_id };
      this.statements.insertIdentity.run(proposed.treeId, proposed.logId);
      return proposed;
    });
  }

  latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.run(() => {
      const row = this.statements.latest.get() as
        { tree_size: number; root_hash: Buffer; note: string } | undefined;
      return (
        row && { size: row.tree_size, rootHash: new Uint8Array(row.root_hash), note: row.note }
      );
    });
  }

  subtreeHashes(ids: readonly SubtreeId[]): Promise<Map<string, Uint8Array>> {
    return this.run(() => {
      const out = new Map<string, Uint8Array>();
      for (const id of ids) {
        const hash = this.statements.subtree.get(id.level, id.start) as Buffer | undefined;
        if (hash !== undefined) out.set(subtreeKey(id), new Uint8Array(hash));
      }
      return out;
    });
  }

  entriesByUuid(uuids: readonly string[]): Promise<StoredEntry[]> {
    return this.run(() => entriesFound(this.statements.byUuid, uuids));
  }

  entriesByIndex(indexes: readonly number[]): Promise<StoredEntry[]> {
    return this.run(() => entriesFound(this.statements.byIndex, indexes));
  }

  search(keys: readonly string[], operator: SearchOperator, limit: number): Promise<string[]> {
    const unique = [...new Set(keys)];
    return this.run(() =>
      operator === 'or'
        ? (this.statements.searchOr.all(JSON.stringify(unique), limit) as string[])
        : (this.statements.searchAnd.all(JSON.stringify(unique), unique.length, limit) as string[]),
    );
  }

  append(batch: AppendBatch): Promise<void> {
    const s = this.statements;
    return this.run(() =>
      this.db
        .transaction(() => {
          const latest = s.latest.get() as { tree_size: number } | undefined;
          checkBatchContinuesLog(latest?.tree_size, batch);
          for (const e of batch.entries) {
            s.insertEntry.run(
              e.logIndex,
              e.uuid,
              buffer(e.body),
              e.integratedTime,
              e.kind,
              e.apiVersion,
              buffer(e.signedEntryTimestamp),
            );
            for (const key of e.searchKeys) s.insertKey.run(key, e.logIndex);
          }
          for (const t of batch.subtrees) s.insertSubtree.run(t.level, t.start, buffer(t.hash));
          const c = batch.checkpoint;
          s.insertCheckpoint.run(c.size, buffer(c.rootHash), c.note);
        })
        .immediate(),
    );
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  /** Runs a synchronous database call, turning driver failures into typed errors. */
  private run<T>(call: () => T): Promise<T> {
    try {
      return Promise.resolve(call());
    } catch (error) {
      return Promise.reject(storeFailure(error, 'the log database failed'));
    }
  }
}

/** One lookup per key (each an indexed point query); keys with no entry are skipped. */
function entriesFound(
  statement: Database.Statement,
  keys: readonly (string | number)[],
): StoredEntry[] {
  return keys.flatMap((key) => {
    const row = statement.get(key) as EntryRow | undefined;
    return row === undefined ? [] : [entryFromRow(row)];
  });
}

/** better-sqlite3 binds Buffers, not plain Uint8Arrays; this shares the memory. */
function buffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
