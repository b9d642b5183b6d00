import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testLogKey } from '../../testing/tlog-stores.js';
import { openLogStore } from './open-store.js';
import { Sequencer } from './sequencer.js';

const dirs: string[] = [];
async function databasePath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-sqlite-'));
  dirs.push(dir);
  return join(dir, 'tlog.db');
}

describe('SQLite log store', () => {
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('runs in WAL mode with synchronous=FULL so that commits are durable', async () => {
    const path = await databasePath();
    const store = await openLogStore(`sqlite:${path}`);
    await Sequencer.open(store, testLogKey().options);
    await store.close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('refuses updates and deletes: the tables are append-only', async () => {
    const path = await databasePath();
    const store = await openLogStore(`sqlite:${path}`);
    await Sequencer.open(store, testLogKey().options);
    await store.close();
    const db = new Database(path);
    assert.throws(() => db.prepare("UPDATE checkpoints SET note = 'forged'").run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM checkpoints').run(), /append-only/);
    db.close();
  });

  it('refuses a database with a newer schema than it knows', async () => {
    const path = await databasePath();
    await (await openLogStore(`sqlite:${path}`)).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version) VALUES (99)').run();
    db.close();
    await assert.rejects(openLogStore(`sqlite:${path}`), { code: 'TLOG_STORE_CORRUPT' });
  });

  for (const url of ['mysql://x', 'sqlite:', '/var/lib/tlog.db']) {
    it(`rejects the database URL "${url}"`, async () => {
      await assert.rejects(openLogStore(url), { code: 'TLOG_STORE_URL_INVALID' });
    });
  }
});
