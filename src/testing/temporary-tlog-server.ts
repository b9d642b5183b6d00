/**
 * Test-only: Signet's transparency log in this process, listening on 127.0.0.1 on a free
 * port, its generated key and SQLite database in a fresh temporary folder that `close()`
 * removes (as does the exit cleanup, should a test never get there).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startTlogServer,
  type RunningTlogServer,
  type TlogServerOptions,
} from '../tlog/server/index.js';
import { trackDirectory, untrackDirectory } from './child-cleanup.js';

export type TemporaryTlogServerOptions = Omit<TlogServerOptions, 'host' | 'port' | 'dataDir'>;

export async function startTemporaryTlogServer(
  options: TemporaryTlogServerOptions = {},
): Promise<RunningTlogServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'signet-tlog-'));
  trackDirectory(dataDir);
  const remove = async () => {
    await rm(dataDir, { recursive: true, force: true });
    untrackDirectory(dataDir);
  };
  let server: RunningTlogServer;
  try {
    server = await startTlogServer({ ...options, host: '127.0.0.1', port: 0, dataDir });
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    ...server,
    async close() {
      await server.close();
      await remove();
    },
  };
}
