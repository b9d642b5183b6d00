/**
 * Starts a real, ephemeral PostgreSQL 15 cluster (Debian package `postgresql`) for tests:
 * a fresh data directory under the OS temp dir, trust authentication, listening on
 * 127.0.0.1 on a free port with its Unix socket inside the temp dir. initdb refuses to run
 * as root, so when the tests run as root both initdb and the server run as the `postgres`
 * OS user (spawned with its uid and gid, so that signals reach the server directly).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { trackChild, trackDirectory, untrackDirectory } from './child-cleanup.js';
import { freeLoopbackPort } from './free-port.js';

export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

/** Start-up wait: a small cluster starts in about a second; 30 s covers a loaded CI machine. */
const READY_TIMEOUT_MS = 30_000;
/** Fast shutdown normally takes well under a second. */
const STOP_TIMEOUT_MS = 10_000;

export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  /** Creates an empty database `name` (letters, digits, _) and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Set SIGNET_SKIP_POSTGRES=1 to skip PostgreSQL tests; returns the reason to print. */
export function postgresSkipReason(): string | undefined {
  return process.env.SIGNET_SKIP_POSTGRES === '1'
    ? 'SIGNET_SKIP_POSTGRES=1: tests against PostgreSQL are skipped'
    : undefined;
}

export async function startPostgres(): Promise<RunningPostgres> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb')) || !existsSync(join(POSTGRES_BIN, 'postgres'))) {
    throw new Error(
      `PostgreSQL 15 is not installed (no ${POSTGRES_BIN}/initdb): install the Debian package "postgresql", or set SIGNET_SKIP_POSTGRES=1 to skip these tests`,
    );
  }
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  const directory = await mkdtemp(join(tmpdir(), 'signet-postgres-'));
  trackDirectory(directory);
  const data = join(directory, 'data');
  if (owner !== undefined) await chown(directory, owner.uid, owner.gid);
  const asOwner = owner === undefined ? {} : { uid: owner.uid, gid: owner.gid };
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', HOME: directory };
  await promisify(execFile)(
    join(POSTGRES_BIN, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'],
    { ...asOwner, env, cwd: directory },
  ).catch((error: unknown) => {
    throw new Error(`initdb failed: ${describe(error)}`);
  });
  const port = await freeLoopbackPort();
  const child = spawn(
    join(POSTGRES_BIN, 'postgres'),
    [
      '-D',
      data,
      '-k',
      directory,
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-c',
      'shared_buffers=16MB',
    ],
    { ...asOwner, env, cwd: directory, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  trackChild(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    await stopChild(child);
    await rm(directory, { recursive: true, force: true });
    untrackDirectory(directory);
  };
  try {
    await waitUntilReady(url, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  const createDatabase = async (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return url.replace(/\/postgres$/, `/${name}`);
  };
  return { url, createDatabase, stop };
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const fields = line?.split(':');
  if (fields === undefined || fields.length < 4) {
    throw new Error(
      'no "postgres" OS user: install the Debian package "postgresql", which creates it',
    );
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`postgres exited with ${child.exitCode}: ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(
          `postgres did not accept connections within ${READY_TIMEOUT_MS} ms: ${log()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT'); // PostgreSQL "fast" shutdown: disconnects clients, then exits.
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function describe(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return (e.stderr || e.message || String(error)).trim();
}
