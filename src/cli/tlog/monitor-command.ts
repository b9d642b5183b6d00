/**
 * `signet tlog monitor`: watches a log for split views and rewritten history, as a
 * witness would (C2SP tlog-witness, in its simplest form). Each round verifies the latest
 * checkpoint with the log key and a consistency proof from the last trusted one, then
 * saves the new one. On inconsistency it prints both checkpoints, keeps the old state
 * (the evidence) and exits 12. `--once` runs one round, for cron jobs and CI.
 */
import type { KeyObject } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isSignetError } from '../../core/errors.js';
import {
  formatMonitorState,
  monitorRound,
  parseMonitorState,
  type MonitorRound,
  type ObservedCheckpoint,
  type RekorClient,
} from '../../tlog/client/index.js';
import { hexOf } from '../../tlog/merkle/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { printError } from '../output.js';

export interface MonitorOptions {
  readonly statePath: string;
  readonly intervalMs: number;
  readonly once: boolean;
}

export async function runMonitor(
  context: CliContext,
  client: RekorClient,
  logKey: KeyObject,
  options: MonitorOptions,
): Promise<void> {
  for (;;) {
    try {
      const previous = await readState(options.statePath, logKey);
      const round = await monitorRound(client, logKey, previous);
      await writeState(options.statePath, formatMonitorState(logKey, round.next, new Date()));
      report(context, round);
    } catch (error) {
      if (isSignetError(error) && error.code === 'TLOG_CONSISTENCY_FAILED') {
        context.console.err(
          `${'!'.repeat(72)}\n!!! The transparency log at ${client.url} is INCONSISTENT: it showed two histories.\n!!! The state file ${options.statePath} was kept as evidence; do not trust this log.\n${'!'.repeat(72)}`,
        );
        throw error;
      }
      // A log that is down or slow is reported; a loop keeps watching, --once fails.
      if (options.once || !isSignetError(error) || !error.temporary) throw error;
      printError(context.console, error, context.format);
    }
    if (options.once || (await waitOrSignal(options.intervalMs)) === 'signal') return;
  }
}

function report(context: CliContext, round: MonitorRound): void {
  const { next, previous } = round;
  const root = hexOf(next.rootHash);
  if (context.format === 'json') {
    context.console.out(
      JSON.stringify({
        origin: next.origin,
        size: next.size,
        rootHash: root,
        previousSize: previous?.size ?? null,
        proofHashes: round.proofLength,
        firstUse: previous === undefined,
      }),
    );
    return;
  }
  const head = `checkpoint of "${next.origin}" at size ${next.size} (root ${root}) verified`;
  context.console.out(
    previous === undefined
      ? `${head}; no earlier state: trusting it on first use`
      : previous.size === next.size
        ? `${head}; unchanged since the last round`
        : `${head}; consistent with size ${previous.size} (${round.proofLength}-hash proof)`,
  );
}

async function readState(path: string, logKey: KeyObject): Promise<ObservedCheckpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cliError(
      'CLI_FILE_UNREADABLE',
      `cannot read the monitor state ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return parseMonitorState(text, path, logKey);
}

/** Write-then-rename: a crash mid-write never leaves half a state file behind. */
async function writeState(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    throw cliError(
      'CLI_FILE_UNREADABLE',
      `cannot write the monitor state ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

function waitOrSignal(ms: number): Promise<'timeout' | 'signal'> {
  return new Promise((resolve) => {
    const done = (outcome: 'timeout' | 'signal') => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(outcome);
    };
    const onSignal = () => done('signal');
    const timer = setTimeout(() => done('timeout'), ms);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
