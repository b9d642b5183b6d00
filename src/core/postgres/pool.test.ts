import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postgresSkipReason, startPostgres, type RunningPostgres } from '../../testing/postgres.js';
import { createPostgresPool } from './pool.js';

describe('createPostgresPool', { skip: postgresSkipReason() }, () => {
  let postgres: RunningPostgres;
  before(async () => {
    postgres = await startPostgres();
  });
  after(() => postgres?.stop());

  const statementTimeout = async (url: string) => {
    const pool = createPostgresPool(url, 1);
    try {
      return (await pool.query<{ statement_timeout: string }>('SHOW statement_timeout')).rows[0]
        ?.statement_timeout;
    } finally {
      await pool.end();
    }
  };

  it('gives every session a 30 s statement timeout', async () => {
    assert.equal(await statementTimeout(postgres.url), '30s');
  });

  it('lets the URL set another one', async () => {
    assert.equal(await statementTimeout(`${postgres.url}?statement_timeout=1500`), '1500ms');
  });
});
