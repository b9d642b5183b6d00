/**
 * Opens the store a database URL names: `sqlite:PATH` (the default, one file) or
 * `postgres://…` / `postgresql://…`. Migrations run before the store is returned.
 */
import { resolve } from 'node:path';
import { storeError } from './errors.js';
import type { LogStore } from './log-store.js';
import { openPostgresLogStore } from './postgres-store.js';
import { openSqliteLogStore } from './sqlite-store.js';

export async function openLogStore(url: string): Promise<LogStore> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '')
      throw storeError(
        'TLOG_STORE_URL_INVALID',
        'sqlite: needs a file path, e.g. sqlite:./tlog.db',
      );
    return openSqliteLogStore(resolve(path));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return openPostgresLogStore(url);
  throw storeError(
    'TLOG_STORE_URL_INVALID',
    'the log database must be sqlite:PATH or a postgres:// URL (the value is not shown: it may hold a password)',
  );
}
