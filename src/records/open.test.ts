import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { isSignetError, type SignetError } from '../core/errors.js';
import { freeLoopbackPort } from '../testing/free-port.js';
import { postgresSkipReason, startPostgres, type RunningPostgres } from '../testing/postgres.js';
import { runCli } from '../testing/run-cli.js';
import { openDecisionStore } from './open.js';

const PASSWORD = 'pg-secret-do-not-print';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-records-open-'));
  await writeFile(join(dir, 'a-file'), 'not a folder\n');
  await writeFile(
    join(dir, 'junk.db'),
    'this is not an SQLite database, it only has its name'.repeat(50),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

async function openFailure(url: string): Promise<SignetError> {
  try {
    const store = await openDecisionStore(url);
    await store.close();
  } catch (error) {
    assert.ok(isSignetError(error), `a typed error, got ${String(error)}`);
    return error;
  }
  assert.fail(`${url} opened`);
}

describe('opening the decision store', () => {
  it('names the SQLite path when its folder cannot be created', async () => {
    const url = `sqlite:${join(dir, 'a-file', 'records.db')}`;
    const error = await openFailure(url);
    assert.equal(error.code, 'RECORDS_DATABASE_UNOPENABLE');
    assert.equal(error.category, 'config');
    assert.ok(error.message.includes(url), error.message);
    assert.match(error.message, /cannot create the folder .*a-file.*: a file is in the way/);
  });

  it('names the SQLite file when it is not a database', async () => {
    const url = `sqlite:${join(dir, 'junk.db')}`;
    const error = await openFailure(url);
    assert.equal(error.code, 'RECORDS_DATABASE_UNOPENABLE');
    assert.ok(error.message.includes(url), error.message);
  });

  it('reports an unreachable PostgreSQL server as temporary, without its password', async () => {
    const port = await freeLoopbackPort();
    const error = await openFailure(`postgres://signet:${PASSWORD}@127.0.0.1:${port}/records`);
    assert.equal(error.code, 'RECORDS_UNAVAILABLE');
    assert.equal(error.temporary, true);
    assert.ok(
      error.message.includes(`postgres://signet:***@127.0.0.1:${port}/records`),
      error.message,
    );
    assert.doesNotMatch(JSON.stringify(error.toJSON()), new RegExp(PASSWORD));
  });

  it('exits 3 from signet serve webhook naming the database, not 1 as an internal error', async () => {
    const url = `sqlite:${join(dir, 'a-file', 'records.db')}`;
    const run = await runCli([
      'serve',
      'webhook',
      '--policy',
      fileURLToPath(new URL('../../examples/policies/signed-by-ci-key.yaml', import.meta.url)),
      '--tls-cert',
      join(dir, 'tls.crt'),
      '--tls-key',
      join(dir, 'tls.key'),
      '--kubernetes',
      'none',
      '--database',
      url,
    ]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /RECORDS_DATABASE_UNOPENABLE/);
    assert.ok(run.stderr.includes(url), run.stderr);
  });
});

describe('opening the decision store on PostgreSQL', { skip: postgresSkipReason() }, () => {
  let postgres: RunningPostgres;
  before(async () => {
    postgres = await startPostgres();
  });
  after(() => postgres?.stop());

  it('reports a database that does not exist as a setting to fix, without the password', async () => {
    const url = new URL(postgres.url);
    url.password = PASSWORD;
    url.pathname = '/no_such_database';
    const error = await openFailure(url.href);
    assert.equal(error.code, 'RECORDS_DATABASE_UNOPENABLE');
    assert.equal(error.category, 'config');
    assert.match(error.message, /postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/no_such_database/);
    assert.match(error.message, /does not exist/);
    assert.doesNotMatch(JSON.stringify(error.toJSON()), new RegExp(PASSWORD));
  });

  it('keeps serving when the server ends its idle connections, as a restart does', async () => {
    const url = await postgres.createDatabase('restarted');
    const store = await openDecisionStore(url, { maxDelayMs: 5 });
    try {
      const time = new Date('2026-12-06T10:00:00Z');
      const decision = (name: string) => ({
        time,
        source: 'admission' as const,
        outcome: 'allowed' as const,
        name,
        warnings: [],
        images: [{ image: 'registry.example/app:1', allowed: true, reasons: [] }],
      });
      await store.record(decision('before'));
      await store.query({ limit: 5 }); // leaves pooled connections idle
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const ended = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await admin.end();
      assert.ok(ended.rowCount! > 0, 'the store held idle connections to end');
      // Let the pool see its connections end; without a listener this is an uncaught error.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await store.record(decision('after'));
      const names = (await store.query({ limit: 5 })).map((d) => d.name);
      assert.deepEqual(names.sort(), ['after', 'before']);
    } finally {
      await store.close();
    }
  });

  it('fails a read held up by a stuck database after the statement timeout, not hanging', async () => {
    const url = await postgres.createDatabase('stuck');
    // The URL's statement_timeout replaces the 30 s default, so that the test is quick.
    const store = await openDecisionStore(`${url}?statement_timeout=300`);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('BEGIN; LOCK TABLE decisions IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      await assert.rejects(store.query({ limit: 5 }), /statement timeout/);
      assert.ok(Date.now() - started < 5_000, `failed after ${Date.now() - started} ms`);
      await admin.query('ROLLBACK');
      assert.deepEqual(await store.query({ limit: 5 }), []);
    } finally {
      await admin.end();
      await store.close();
    }
  });
});
