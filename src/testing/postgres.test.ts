import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { postgresSkipReason, startPostgres } from './postgres.js';

describe('ephemeral PostgreSQL', () => {
  it('starts a PostgreSQL 15 cluster that accepts connections, creates databases, and removes it on stop', async (t) => {
    const skip = postgresSkipReason();
    if (skip !== undefined) return t.skip(skip);
    const server = await startPostgres();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    assert.match(rows[0]!.server_version, /^15\./);
    const fsync = await client.query<{ fsync: string }>('SHOW fsync');
    assert.equal(fsync.rows[0]!.fsync, 'on', 'durability tests need fsync');
    await client.end();
    const created = new pg.Client({ connectionString: await server.createDatabase('signet_new') });
    await created.connect();
    const { rows: names } = await created.query<{ name: string }>(
      'SELECT current_database() AS name',
    );
    assert.equal(names[0]!.name, 'signet_new');
    await created.end();
    await assert.rejects(
      server.createDatabase('x; DROP DATABASE postgres'),
      /not a plain database name/,
    );
    await server.stop();
    const after = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2000 });
    await assert.rejects(after.connect());
  });
});
