/**
 * Test-only: the transparency-log stores to run the same cases against, SQLite in a temp
 * file and PostgreSQL in an ephemeral cluster (one cluster per test file, one database per
 * store), and a log key with the sequencer options that go with it.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointSigner, rekorKeyHint } from '../tlog/checkpoint/index.js';
import { logIdOf } from '../tlog/entry/index.js';
import type { SequencerOptions } from '../tlog/store/index.js';
import { postgresSkipReason, startPostgres, type RunningPostgres } from './postgres.js';

export interface StoreTarget {
  readonly name: 'sqlite' | 'postgres';
  /** Why this target is skipped, or undefined. */
  skipReason(): string | undefined;
  /** A database URL for a fresh, empty log. */
  newDatabase(): Promise<string>;
  /** Removes everything the target created. */
  cleanUp(): Promise<void>;
}

export function storeTargets(): StoreTarget[] {
  const directories: string[] = [];
  let postgres: Promise<RunningPostgres> | undefined;
  let counter = 0;
  return [
    {
      name: 'sqlite',
      skipReason: () => undefined,
      async newDatabase() {
        const directory = await mkdtemp(join(tmpdir(), 'signet-tlog-'));
        directories.push(directory);
        return `sqlite:${join(directory, 'tlog.db')}`;
      },
      async cleanUp() {
        await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })));
      },
    },
    {
      name: 'postgres',
      skipReason: postgresSkipReason,
      async newDatabase() {
        postgres ??= startPostgres();
        return (await postgres).createDatabase(`tlog_${process.pid}_${++counter}`);
      },
      async cleanUp() {
        if (postgres !== undefined) await (await postgres).stop();
      },
    },
  ];
}

export interface TestLogKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly options: SequencerOptions;
}

/** A fresh P-256 log key and sequencer options naming the log "localhost - 42". */
export function testLogKey(overrides: Partial<SequencerOptions> = {}): TestLogKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey,
    publicKey,
    options: {
      signer: checkpointSigner(privateKey),
      origin: 'localhost - 42',
      keyName: 'localhost',
      keyHint: rekorKeyHint(publicKey),
      logId: logIdOf(publicKey),
      ...overrides,
    },
  };
}
