/**
 * `signet serve all` (also plain `signet serve`): the API and dashboard, and for small
 * installs the admission webhook (`--webhook`) and the transparency log (`--tlog`) in the
 * same process, each on its own listener. Decisions the in-process webhook makes go
 * straight into the server's store, and it trusts the in-process log's key; the dashboard
 * shows the in-process log unless `--tlog-url` names another. SQLite by default; several
 * replicas share a PostgreSQL database (`--database postgres://…`). Runs until SIGINT or
 * SIGTERM.
 */
import type { KeyObject } from 'node:crypto';
import type { Command } from 'commander';
import { pino } from 'pino';
import { openDecisionStore, type DecisionStore } from '../../records/index.js';
import { startTlogServer, DEFAULT_TLOG_DATA_DIR } from '../../tlog/server/index.js';
import { startSignetServer } from '../../ui/server.js';
import { readRoleTokens } from '../../ui/tokens.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { parseWholeNumber } from '../flag-values.js';
import { collectValues } from '../options.js';
import { parseListenAddress, untilSignalled } from '../server-lifecycle.js';
import { readServingCertificateFlags } from './serve-lookaside.js';
import { startWebhookPart, type WebhookPartOptions } from './serve-webhook.js';

interface AllOptions {
  listen: string;
  database: string;
  tokenFile?: string;
  publicRead?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  retentionDays: string;
  retentionMaxDecisions: string;
  clusterName?: string;
  webhook?: boolean;
  webhookListen: string;
  webhookTlsCert?: string;
  webhookTlsKey?: string;
  policy?: string[];
  securityPolicy?: string[];
  tlogKey?: string[];
  policySource: string;
  match: string;
  tlog?: boolean;
  tlogListen: string;
  tlogDataDir: string;
  tlogUrl?: string;
  logLevel: string;
}

const DAY_MS = 86_400_000;

export function registerServeAllCommand(serve: Command, context: CliContext): void {
  serve
    .command('all', { isDefault: true })
    .description('run the API and dashboard, optionally with the webhook and the log (the default)')
    .option('--listen <host:port>', 'address of the API and dashboard', '127.0.0.1:8080')
    .option(
      '--database <url>',
      'decision records: sqlite:PATH or postgres://…',
      'sqlite:./signet-data/records.db',
    )
    .option('--token-file <file>', 'API tokens, one "viewer|writer|admin TOKEN" per line')
    .option('--public-read', 'anyone may read the API and dashboard (writes still need tokens)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate PEM (with --tls-key)')
    .option('--tls-key <file>', 'private key PEM of --tls-cert')
    .option('--retention-days <n>', 'delete decisions older than this many days', '90')
    .option('--retention-max-decisions <n>', 'keep at most this many decisions', '1000000')
    .option(
      '--cluster-name <name>',
      'cluster name recorded with the in-process webhook’s decisions',
    )
    .option('--webhook', 'also run the admission webhook in this process')
    .option('--webhook-listen <host:port>', 'address of the webhook', '0.0.0.0:8443')
    .option(
      '--webhook-tls-cert <file>',
      "the webhook's serving certificate PEM (required with --webhook)",
    )
    .option('--webhook-tls-key <file>', "the webhook's serving key PEM (required with --webhook)")
    .option(
      '--policy <file|dir>',
      'policy file or folder of the webhook; repeatable',
      collectValues,
    )
    .option(
      '--security-policy <file|dir>',
      "the webhook's SecurityPolicy files (deploy stage), repeatable",
      collectValues,
    )
    .option(
      '--tlog-key <file>',
      "a transparency log's public key the webhook verifies entries of key signatures against (the in-process log's is trusted already); repeatable",
      collectValues,
    )
    .option('--policy-source <files|kubernetes>', 'where the webhook reads policies', 'files')
    .option(
      '--no-match <deny|allow|warn>',
      'what the webhook does with images no policy covers',
      'deny',
    )
    .option('--tlog', 'also run the transparency log in this process')
    .option('--tlog-listen <host:port>', 'address of the in-process log', '127.0.0.1:3000')
    .option(
      '--tlog-data-dir <dir>',
      "the in-process log's key and database folder",
      DEFAULT_TLOG_DATA_DIR,
    )
    .option('--tlog-url <url>', 'show this log on the dashboard instead of the in-process one')
    .option('--log-level <level>', 'pino log level', 'info')
    .action(async (options: AllOptions) => {
      const { host, port } = parseListenAddress(options.listen);
      const tls = await readServingCertificateFlags(options);
      const tokens =
        options.tokenFile === undefined ? undefined : await readRoleTokens(options.tokenFile);
      const retention = {
        maxAgeMs:
          parseWholeNumber(options.retentionDays, '--retention-days', { min: 1, max: 36_500 }) *
          DAY_MS,
        maxDecisions: parseWholeNumber(options.retentionMaxDecisions, '--retention-max-decisions', {
          min: 1,
          max: 1_000_000_000,
        }),
      };
      if (
        options.webhook === true &&
        (options.webhookTlsCert === undefined || options.webhookTlsKey === undefined)
      ) {
        throw cliError(
          'CLI_USAGE',
          '--webhook needs --webhook-tls-cert and --webhook-tls-key: the API server only calls webhooks over HTTPS',
        );
      }
      const store = await openDecisionStore(options.database);
      const stops: (() => Promise<void>)[] = [() => store.close()];
      const stopAll = async () => {
        for (const stop of stops.reverse()) await stop();
      };
      try {
        const parts = await startParts(options, context, store, stops);
        const server = await startSignetServer({
          host,
          port,
          store,
          ...(tokens === undefined ? {} : { tokens }),
          publicRead: options.publicRead === true,
          ...(tls === undefined ? {} : { tls }),
          ...(parts.tlogUrl === undefined ? {} : { tlogUrl: parts.tlogUrl }),
          ...(parts.policyNames === undefined ? {} : { loadedPolicies: parts.policyNames }),
          retention,
          logger: pino({ name: 'signet-server', level: options.logLevel }),
        });
        stops.push(() => server.close());
        context.console.err(
          `signet server listening on ${server.url} (dashboard ${server.url}/, API ${server.url}/api/v1, ${tokens === undefined ? 'no tokens: read-only' : `${tokens.count} token(s)`}${options.publicRead === true ? ', public reads' : ''})`,
        );
        const signal = await untilSignalled();
        context.console.err(`received ${signal}, stopping`);
      } finally {
        await stopAll();
      }
    });
}

async function startParts(
  options: AllOptions,
  context: CliContext,
  store: DecisionStore,
  stops: (() => Promise<void>)[],
): Promise<{ tlogUrl?: string; policyNames?: () => readonly string[] | undefined }> {
  let tlogUrl = options.tlogUrl;
  let inProcessLogKey: KeyObject | undefined;
  if (options.tlog === true) {
    const { host, port } = parseListenAddress(options.tlogListen);
    const tlog = await startTlogServer({ host, port, dataDir: options.tlogDataDir });
    stops.push(() => tlog.close());
    tlogUrl ??= tlog.url;
    // Its key is read from disk by this process, not fetched: as trustworthy as a file.
    inProcessLogKey = tlog.publicKey;
    context.console.err(`signet tlog listening on ${tlog.url} (log ID ${tlog.logId})`);
  }
  if (options.webhook !== true) return tlogUrl === undefined ? {} : { tlogUrl };
  const webhookOptions: WebhookPartOptions = {
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.securityPolicy === undefined ? {} : { securityPolicy: options.securityPolicy }),
    ...(options.tlogKey === undefined ? {} : { tlogKey: options.tlogKey }),
    ...(inProcessLogKey === undefined ? {} : { logKeys: [inProcessLogKey] }),
    policySource: options.policySource,
    tlsCert: options.webhookTlsCert!,
    tlsKey: options.webhookTlsKey!,
    listen: options.webhookListen,
    ...(options.clusterName === undefined ? {} : { clusterName: options.clusterName }),
    match: options.match,
    timeout: '25s',
    cacheTtl: '60s',
    cacheSize: '10000',
    kubernetes: 'auto',
    logLevel: options.logLevel,
  };
  const webhook = await startWebhookPart(webhookOptions, context, store);
  stops.push(() => webhook.close());
  context.console.err(`signet webhook listening on ${webhook.url} (${webhook.summary})`);
  return {
    ...(tlogUrl === undefined ? {} : { tlogUrl }),
    policyNames: () => webhook.policyNames(),
  };
}
