/**
 * `signet serve <server>`: long-running servers. Each runs until SIGINT or SIGTERM and
 * then closes its listeners and storage cleanly.
 */
import type { Command } from 'commander';
import { startRegistryServer } from '../../registry/index.js';
import type { CliContext } from '../context.js';
import { parseListenAddress, untilSignalled } from '../server-lifecycle.js';
import {
  parseMaxConnections,
  readServingCertificateFlags,
  registerServeLookasideCommand,
} from './serve-lookaside.js';
import { registerServeWebhookCommand } from './serve-webhook.js';
import { registerServeTlogCommand } from './serve-tlog.js';
import { registerServeAllCommand } from './serve-all.js';
import { registerServeChainsCommand } from './serve-chains.js';

interface RegistryServeOptions {
  listen: string;
  storage: string;
  noReferrersApi?: boolean;
  referrersApi: boolean;
  tlsCert?: string;
  tlsKey?: string;
  maxConnections?: number;
}

export function registerServeCommands(program: Command, context: CliContext): void {
  const serve = program
    .command('serve')
    .description("run Signet's server (API and dashboard; `all`, the default) or one of its parts");
  registerServeAllCommand(serve, context);
  registerServeWebhookCommand(serve, context);
  registerServeTlogCommand(serve, context);

  serve
    .command('registry')
    .description('run the embedded OCI registry (for demos, CI and air-gapped tests)')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:5000')
    .option(
      '--storage <dir|memory>',
      'folder to keep blobs and manifests in, or "memory"',
      'memory',
    )
    .option('--no-referrers-api', 'answer the referrers API with 404, like distribution 2.8')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate PEM (with --tls-key)')
    .option('--tls-key <file>', 'private key PEM of --tls-cert')
    .option(
      '--max-connections <n>',
      'connections served at once; more are refused (default 1024)',
      parseMaxConnections,
    )
    .action(async (options: RegistryServeOptions) => {
      const { host, port } = parseListenAddress(options.listen);
      const tls = await readServingCertificateFlags(options);
      const server = await startRegistryServer({
        host,
        port,
        storage:
          options.storage === 'memory'
            ? { kind: 'memory' }
            : { kind: 'filesystem', directory: options.storage },
        referrersApi: options.referrersApi,
        ...(tls === undefined ? {} : { tls }),
        ...(options.maxConnections === undefined
          ? {}
          : { limits: { maxConnections: options.maxConnections } }),
      });
      context.console.err(
        `signet registry listening on ${server.url} (storage: ${options.storage})`,
      );
      const signal = await untilSignalled();
      context.console.err(`received ${signal}, stopping`);
      await server.close();
    });

  registerServeLookasideCommand(serve, context);
  registerServeChainsCommand(serve, context);
}
