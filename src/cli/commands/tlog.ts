/**
 * `signet tlog …`: a client of Rekor v1 compatible transparency logs (Signet's and Rekor):
 * read entries, search the index, verify an entry offline against the log key, read and
 * verify the log's checkpoint, prove consistency between tree sizes, and monitor the log
 * for split views. Every command takes `--tlog-url` (or SIGNET_TLOG_URL) and `-o json`.
 */
import { readTextFile } from '../read-text-file.js';
import type { Command } from 'commander';
import { verifyLogEntry } from '../../tlog/entry/index.js';
import {
  describeCheckpoint,
  logKeyFingerprint,
  proveConsistency,
  verifyLogCheckpoint,
  type RekorClient,
} from '../../tlog/client/index.js';
import { TLOG_CLIENT_ERRORS } from '../../tlog/client/errors.js';
import { hexOf } from '../../tlog/merkle/index.js';
import { errorFactory } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { addOutputOption, type OutputOptions } from '../options.js';
import { printJson } from '../output.js';
import { parseCount, parseInterval, parseSha256 } from '../tlog/flag-values.js';
import { loadLogKey, logKeyFor, openLog, requireTlogUrl } from '../tlog/log-access.js';
import { runMonitor } from '../tlog/monitor-command.js';
import { entryJson, entryText } from '../tlog/render-entry.js';
import { parseEntryUrl } from '../tlog/entry-url.js';

interface LogOptions extends OutputOptions {
  tlogUrl?: string;
  tlogKey?: string;
}

const tlogClientError = errorFactory(TLOG_CLIENT_ERRORS);

export function registerTlogCommands(program: Command, context: CliContext): void {
  const tlog = program
    .command('tlog')
    .description('read, verify and monitor a Rekor v1 compatible transparency log');
  const sub = (name: string, description: string) =>
    addOutputOption(
      tlog
        .command(name)
        .description(description)
        .option('--tlog-url <url>', 'the log (or SIGNET_TLOG_URL)'),
    );
  /** Runs `action` with a client of the log, setting the output format first. */
  const withLog =
    <T extends LogOptions>(action: (log: RekorClient, options: T) => Promise<void>) =>
    async (options: T) => {
      context.format = options.output;
      const log = openLog(requireTlogUrl(options.tlogUrl, context.env));
      try {
        await action(log, options);
      } finally {
        await log.close();
      }
    };

  const printEntry = async (
    log: RekorClient,
    options: LogOptions & { logIndex?: string; uuid?: string },
  ) => {
    const entry = await fetchEntry(log, options);
    if (options.output === 'json') printJson(context.console, entryJson(entry));
    else context.console.out(entryText(entry));
  };
  sub('get', 'print an entry by log index or UUID, or by its URL (as run annotations carry it)')
    .argument(
      '[entry-url]',
      '<log>/api/v1/log/entries/<uuid> or <log>/api/v1/log/entries?logIndex=N',
    )
    .option('--log-index <n>', 'the entry at this index')
    .option('--uuid <id>', 'the entry with this 64-hex UUID or 80-hex entry ID')
    .action(
      async (
        entryUrl: string | undefined,
        options: LogOptions & { logIndex?: string; uuid?: string },
      ) => {
        if (entryUrl === undefined) return withLog(printEntry)(options);
        if (options.logIndex !== undefined || options.uuid !== undefined || options.tlogUrl)
          throw cliError(
            'CLI_USAGE',
            'an entry URL names the log and the entry: give no --tlog-url, --log-index or --uuid with it',
          );
        const at = parseEntryUrl(entryUrl);
        const located = at.kind === 'uuid' ? { uuid: at.uuid } : { logIndex: at.logIndex };
        return withLog(printEntry)({ ...options, tlogUrl: at.logUrl, ...located });
      },
    );

  sub('search', 'list the entry IDs logged for an artifact digest and/or a public key')
    .option('--sha256 <hex>', 'SHA-256 of the artifact (for a cosign signature: of its payload)')
    .option('--public-key <file>', 'a PEM public key the entries were signed with')
    .option('--operator <and|or>', 'with both: entries matching both (and) or either (or)', 'or')
    .action(
      withLog(
        async (
          log,
          options: LogOptions & { sha256?: string; publicKey?: string; operator: string },
        ) => {
          if (options.sha256 === undefined && options.publicKey === undefined)
            throw cliError('CLI_USAGE', 'give --sha256 HEX and/or --public-key FILE');
          if (options.operator !== 'and' && options.operator !== 'or')
            throw cliError('CLI_USAGE', `--operator must be and or or, got "${options.operator}"`);
          const ids = await log.searchIndex({
            ...(options.sha256 === undefined
              ? {}
              : { hash: `sha256:${parseSha256(options.sha256)}` }),
            ...(options.publicKey === undefined
              ? {}
              : { publicKeyPem: await readTextFile(options.publicKey) }),
            operator: options.operator,
          });
          if (options.output === 'json') printJson(context.console, { entryIds: ids });
          else if (ids.length === 0) context.console.err('no entries found');
          else context.console.out(ids.join('\n'));
        },
      ),
    );

  sub('verify', "verify an entry's SET, inclusion proof and checkpoint with the log key")
    .option('--uuid <id>', 'the entry with this UUID or entry ID')
    .option('--log-index <n>', 'the entry at this index')
    .option('--tlog-key <file>', "the log's public key (PEM); without it the log's own is fetched")
    .action(
      withLog(async (log, options: LogOptions & { logIndex?: string; uuid?: string }) => {
        const key = await logKeyFor(context, options.tlogKey, log);
        const entry = await fetchEntry(log, options);
        const verified = verifyLogEntry(entry.entry, key, {
          now: new Date(),
          entryId: entry.entryId,
        });
        const facts = {
          logIndex: verified.logIndex,
          integratedTime: verified.integratedTime,
          checkpoint: describeCheckpoint(verified.checkpoint),
          logId: logKeyFingerprint(key),
        };
        if (options.output === 'json') printJson(context.console, entryJson(entry, facts));
        else
          context.console.out(
            `Verified entry ${entry.entryId} at index ${verified.logIndex}: signed entry timestamp by log ${facts.logId}, inclusion in checkpoint ${facts.checkpoint}`,
          );
      }),
    );

  sub('loginfo', "print the log's size, root and checkpoint; verify it with --tlog-key")
    .option('--tlog-key <file>', "the log's public key (PEM)")
    .action(
      withLog(async (log, options: LogOptions) => {
        const info = await log.logInfo();
        const key = options.tlogKey === undefined ? undefined : await loadLogKey(options.tlogKey);
        const checkpoint =
          key === undefined ? undefined : verifyLogCheckpoint(info.signedTreeHead, key);
        // Only the signed checkpoint counts; the bare fields must agree with it.
        if (
          checkpoint !== undefined &&
          (checkpoint.size !== info.treeSize || hexOf(checkpoint.rootHash) !== info.rootHash)
        )
          throw tlogClientError(
            'TLOG_CLIENT_PROTOCOL',
            `the log info says size ${info.treeSize} root ${info.rootHash}, but its signed checkpoint says ${describeCheckpoint(checkpoint)}`,
          );
        const json = {
          treeId: info.treeId,
          treeSize: info.treeSize,
          rootHash: info.rootHash,
          checkpointVerified: checkpoint !== undefined,
          ...(checkpoint === undefined
            ? {}
            : { origin: checkpoint.origin, logId: logKeyFingerprint(key!) }),
          signedTreeHead: info.signedTreeHead,
        };
        if (options.output === 'json') printJson(context.console, json);
        else
          context.console.out(
            [
              `Tree ID:   ${info.treeId}`,
              `Tree size: ${info.treeSize}`,
              `Root hash: ${info.rootHash}`,
              checkpoint === undefined
                ? 'Checkpoint: not verified (give --tlog-key to verify it)'
                : `Checkpoint: verified with the log key (origin "${checkpoint.origin}", log ID ${logKeyFingerprint(key!)})`,
            ].join('\n'),
          );
      }),
    );

  sub('consistency', 'fetch and verify a consistency proof between two tree sizes')
    .requiredOption('--first-size <n>', 'the older tree size')
    .option('--last-size <n>', "the newer tree size (default: the log's current size)")
    .option(
      '--first-checkpoint <file>',
      'a checkpoint saved earlier at --first-size (note text or monitor state)',
    )
    .option('--tlog-key <file>', "the log's public key (PEM); without it the log's own is fetched")
    .action(
      withLog(
        async (
          log,
          options: LogOptions & { firstSize: string; lastSize?: string; firstCheckpoint?: string },
        ) => {
          const key = await logKeyFor(context, options.tlogKey, log);
          const firstCheckpoint =
            options.firstCheckpoint === undefined
              ? undefined
              : verifyLogCheckpoint(noteOf(await readTextFile(options.firstCheckpoint)), key);
          const proven = await proveConsistency(log, key, {
            firstSize: parseCount(options.firstSize, '--first-size', 1),
            ...(options.lastSize === undefined
              ? {}
              : { lastSize: parseCount(options.lastSize, '--last-size', 1) }),
            ...(firstCheckpoint === undefined ? {} : { firstCheckpoint }),
            now: new Date(),
          });
          const json = {
            firstSize: proven.firstSize,
            lastSize: proven.lastSize,
            firstRoot: hexOf(proven.firstRoot),
            lastRoot: hexOf(proven.lastRoot),
            firstRootSource: proven.firstRootSource,
            hashes: proven.hashes.map(hexOf),
            checkpoint: proven.latest.note,
          };
          if (options.output === 'json') printJson(context.console, json);
          else
            context.console.out(
              `Consistent: the tree of size ${proven.firstSize} (root ${json.firstRoot}, from ${proven.firstRootSource === 'checkpoint' ? 'the given checkpoint' : 'the verified inclusion proof of its last entry'}) is a prefix of the tree of size ${proven.lastSize} (root ${json.lastRoot}); ${proven.hashes.length}-hash proof, log checkpoint ${describeCheckpoint(proven.latest)}`,
            );
        },
      ),
    );

  sub('monitor', 'watch the log for split views: verify each new checkpoint and its consistency')
    .option('--tlog-key <file>', "the log's public key (PEM); required")
    .requiredOption('--state <file>', 'where the last verified checkpoint is kept')
    .option('--interval <duration>', 'time between rounds: 30s, 5m, 1h', '30s')
    .option('--once', 'run one round and exit (for cron and CI)')
    .action(
      withLog(
        async (log, options: LogOptions & { state: string; interval: string; once?: boolean }) => {
          if (options.tlogKey === undefined)
            throw cliError(
              'CLI_USAGE',
              "monitor needs the log key: --tlog-key FILE (a fetched key could be the attacker's)",
            );
          await runMonitor(context, log, await loadLogKey(options.tlogKey), {
            statePath: options.state,
            intervalMs: parseInterval(options.interval),
            once: options.once === true,
          });
        },
      ),
    );
}

async function fetchEntry(log: RekorClient, options: { logIndex?: string; uuid?: string }) {
  if ((options.logIndex === undefined) === (options.uuid === undefined))
    throw cliError('CLI_USAGE', 'give exactly one of --log-index N and --uuid ID');
  return options.uuid !== undefined
    ? log.getEntryByUuid(options.uuid)
    : log.getEntryByIndex(parseCount(options.logIndex!, '--log-index', 0));
}

/** A checkpoint file is the note itself or a monitor state holding it. */
function noteOf(text: string): string {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    const doc = JSON.parse(text) as { checkpoint?: unknown };
    if (typeof doc.checkpoint === 'string') return doc.checkpoint;
  } catch {
    // Not JSON after all: verify it as a note, which reports what is wrong.
  }
  return text;
}
