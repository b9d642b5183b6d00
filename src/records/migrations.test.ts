import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { openDecisionStore } from './open.js';
import { migrationsFor, type RecordsDatabase } from './schema.js';

describe('decision store migrations', () => {
  it('upgrades a database written before violations existed and keeps its decisions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-records-'));
    const path = join(dir, 'records.db');
    try {
      const db = new Kysely<RecordsDatabase>({
        dialect: new SqliteDialect({ database: new Database(path) }),
      });
      const { error } = await new Migrator({
        db,
        provider: migrationsFor('sqlite'),
        migrationTableName: 'signet_records_migrations',
        migrationLockTableName: 'signet_records_migrations_lock',
      }).migrateTo('0001-create-decisions');
      assert.equal(error, undefined);
      await db
        .insertInto('decisions')
        .values({ time_ms: 1, source: 'admission', outcome: 'denied', warnings: '[]' })
        .execute();
      await db.destroy();

      const store = await openDecisionStore(`sqlite:${path}`);
      try {
        const [old] = await store.query();
        assert.equal(old?.outcome, 'denied');
        assert.equal(old?.cluster, undefined);
        await store.record({
          time: new Date(2),
          source: 'admission',
          outcome: 'denied',
          cluster: 'edge',
          warnings: [],
          images: [{ image: 'a.example/b:1', allowed: false, reasons: ['unsigned'] }],
        });
        assert.equal((await store.violations({ cluster: 'edge' })).length, 1);
      } finally {
        await store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
