/**
 * `signet serve tlog`: the Rekor v1 compatible transparency log. Runs until SIGINT or
 * SIGTERM, then stops listening, writes every queued entry and closes the database.
 */
import type { Command } from 'commander';
import { startTlogServer, DEFAULT_TLOG_DATA_DIR } from '../../tlog/server/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { parseListenAddress, untilSignalled } from '../server-lifecycle.js';
import {
  describeProtections,
  tlogProtectionOptions,
  type TlogProtectionFlags,
} from '../tlog/serve-options.js';

interface TlogServeOptions extends TlogProtectionFlags {
  listen: string;
  dataDir: string;
  key?: string;
  database?: string;
  hostname?: string;
  batchSize: string;
  batchDelay: string;
}

function positiveInteger(value: string, flag: string, max: number): number {
  const number = /^[0-9]{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(number >= 1 && number <= max)) {
    throw cliError('CLI_USAGE', `${flag} must be a whole number from 1 to ${max}, got "${value}"`);
  }
  return number;
}

export function registerServeTlogCommand(serve: Command, context: CliContext): void {
  serve
    .command('tlog')
    .description('run the transparency log (Rekor v1 API)')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:3000')
    .option(
      '--data-dir <dir>',
      'folder for the generated key and the SQLite database',
      DEFAULT_TLOG_DATA_DIR,
    )
    .option(
      '--key <file>',
      'ECDSA P-256 private key PEM that signs checkpoints and SETs (default: generated into --data-dir)',
    )
    .option('--database <url>', 'sqlite:PATH or postgres://… (default: sqlite:<data-dir>/tlog.db)')
    .option(
      '--hostname <name>',
      'name in checkpoints; must occur in the URL clients trust (default: the listen host)',
    )
    .option('--batch-size <n>', 'most entries written per transaction and checkpoint', '256')
    .option('--batch-delay <ms>', 'longest wait for a batch to fill, in milliseconds', '20')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate PEM (with --tls-key)')
    .option('--tls-key <file>', 'private key PEM of --tls-cert')
    .option(
      '--client-ca <file>',
      'CA PEM: clients with a certificate it issued may write (needs --tls-cert)',
    )
    .option(
      '--write-token-file <file>',
      'writes need "Authorization: Bearer <token>" with a token from this file, one per line',
    )
    .option('--write-rate <n>', 'most writes per second per client (token, certificate or IP)')
    .option('--write-burst <n>', 'writes a client may send at once (default: --write-rate)')
    .action(async (options: TlogServeOptions) => {
      const { host, port } = parseListenAddress(options.listen);
      const batching = {
        maxBatchSize: positiveInteger(options.batchSize, '--batch-size', 10_000),
        maxBatchDelayMs: positiveInteger(options.batchDelay, '--batch-delay', 60_000),
      };
      const protections = await tlogProtectionOptions(options);
      const server = await startTlogServer({
        host,
        port,
        dataDir: options.dataDir,
        keyPath: options.key,
        database: options.database,
        hostname: options.hostname,
        batching,
        ...protections,
        onInternalError: (error) => context.console.err(`internal error: ${String(error)}`),
      });
      const database = options.database?.startsWith('postgres')
        ? 'postgres'
        : (options.database ?? 'sqlite');
      context.console.err(
        `signet tlog listening on ${server.url} (log ID ${server.logId}, tree ${server.treeId}, checkpoint name ${server.hostname}, database ${database}${server.keyGenerated ? `, new key ${server.keyPath}` : ''}; ${describeProtections(protections)})`,
      );
      const signal = await untilSignalled();
      context.console.err(`received ${signal}, stopping`);
      await server.close();
    });
}
