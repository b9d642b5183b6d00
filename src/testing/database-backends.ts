/**
 * The databases store tests run against: embedded SQLite (in memory) and a real
 * PostgreSQL cluster started for the run. Use as
 *
 *   for (const backend of databaseBackends()) describe(backend.name, { skip: backend.skipReason }, ...)
 */
import { startPostgres, postgresSkipReason } from './postgres.js';

export interface DatabaseBackend {
  readonly name: 'sqlite' | 'postgres';
  readonly skipReason?: string;
  start(): Promise<{ url: string; cleanup: () => Promise<void> }>;
}

export function databaseBackends(): DatabaseBackend[] {
  return [
    {
      name: 'sqlite',
      start: () => Promise.resolve({ url: 'sqlite::memory:', cleanup: () => Promise.resolve() }),
    },
    {
      name: 'postgres',
      skipReason: postgresSkipReason(),
      async start() {
        const server = await startPostgres();
        return { url: server.url, cleanup: () => server.stop() };
      },
    },
  ];
}
