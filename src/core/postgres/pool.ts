/**
 * The PostgreSQL connection pool of every Signet store (decision records, the
 * transparency log), with the same guards: a stuck database fails a statement or a
 * connection attempt after 30 s instead of hanging the server's clients, and an idle
 * connection the server ends (a restart, a failover, pg_terminate_backend) does not crash
 * the process. A `statement_timeout` in the URL takes precedence over the 30 s.
 */
import pg from 'pg';

/** Any statement or connection attempt longer than this means a stuck database. */
export const POSTGRES_TIMEOUT_MS = 30_000;

export function createPostgresPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    statement_timeout: POSTGRES_TIMEOUT_MS,
    connectionTimeoutMillis: POSTGRES_TIMEOUT_MS,
  });
  // A lost idle connection is an 'error' event of the pool, which would crash the process
  // without a listener. The pool has already dropped that connection and the next query
  // opens a new one; a query that fails meanwhile reports the failure to its caller.
  pool.on('error', () => undefined);
  return pool;
}
