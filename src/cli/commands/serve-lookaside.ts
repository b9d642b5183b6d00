/**
 * `signet serve lookaside`: the lookaside signature server (docs/lookaside.md). Serves
 * `<repo>@sha256=<hex>/signature-N` from a folder and accepts authenticated uploads.
 */
import type { Command } from 'commander';
import type { ServingCertificate } from '../../core/http/index.js';
import { readTextFile } from '../read-text-file.js';
import { loadKeyring } from '../../signing/gpg/index.js';
import { MAX_LOOKASIDE_SIGNATURE_BYTES } from '../../signing/lookaside/index.js';
import {
  DEFAULT_MAX_SIGNATURE_BYTES,
  parseTokenFile,
  startLookasideServer,
} from '../../signing/lookaside/server/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { parseWholeNumber } from '../flag-values.js';
import { readCliFile } from '../gpg/index.js';
import { isLoopbackRegistry as isLoopbackHost } from '../../oci/reference/index.js';
import { parseListenAddress, untilSignalled } from '../server-lifecycle.js';
import { collectValues } from '../options.js';

interface LookasideServeFlags {
  listen: string;
  storage: string;
  tokenFile: string;
  keyring?: string[];
  maxSignatureBytes?: number;
  tlsCert?: string;
  tlsKey?: string;
  maxConnections?: number;
}

/**
 * Far above the 1,024 default and what one machine's file descriptors allow, but finite:
 * a typo with extra digits fails instead of quietly lifting the cap.
 */
const MAX_CONNECTIONS_RANGE = { min: 1, max: 1_000_000 };

/** `--max-connections` of every server command. */
export function parseMaxConnections(value: string): number {
  return parseWholeNumber(value, '--max-connections', MAX_CONNECTIONS_RANGE);
}

/** Readers refuse larger signature files, so storing one would only break them. */
const SIGNATURE_BYTES_RANGE = { min: 1, max: MAX_LOOKASIDE_SIGNATURE_BYTES };

function parseMaxSignatureBytes(value: string): number {
  return parseWholeNumber(value, '--max-signature-bytes', SIGNATURE_BYTES_RANGE);
}

/** `--tls-cert` and `--tls-key` of a server command: both or neither, read once at start. */
export async function readServingCertificateFlags(flags: {
  tlsCert?: string;
  tlsKey?: string;
}): Promise<ServingCertificate | undefined> {
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    throw cliError('CLI_USAGE', '--tls-cert and --tls-key go together');
  }
  if (flags.tlsCert === undefined || flags.tlsKey === undefined) return undefined;
  return {
    cert: await readTextFile(flags.tlsCert, { what: 'TLS certificate' }),
    key: await readTextFile(flags.tlsKey, { what: 'TLS private key' }),
  };
}

export function registerServeLookasideCommand(serve: Command, context: CliContext): void {
  serve
    .command('lookaside')
    .description(
      'serve GPG simple signatures in the lookaside layout, with an authenticated upload API',
    )
    .requiredOption(
      '--storage <dir>',
      'folder holding <repo>@sha256=<hex>/signature-N (same layout as a file:// store)',
    )
    .requiredOption(
      '--token-file <file>',
      'bearer tokens allowed to upload, one per line (# comments)',
    )
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:5080')
    .option(
      '--keyring <file>',
      'only accept signatures made by these OpenPGP keys; repeatable',
      collectValues,
    )
    .option(
      '--max-signature-bytes <n>',
      `largest signature accepted (default ${DEFAULT_MAX_SIGNATURE_BYTES}, at most ${MAX_LOOKASIDE_SIGNATURE_BYTES})`,
      parseMaxSignatureBytes,
    )
    .option('--tls-cert <file>', 'serve HTTPS with this certificate PEM (with --tls-key)')
    .option('--tls-key <file>', 'private key PEM of --tls-cert')
    .option(
      '--max-connections <n>',
      'connections served at once; more are refused (default 1024)',
      parseMaxConnections,
    )
    .action(async (flags: LookasideServeFlags) => {
      const { host, port } = parseListenAddress(flags.listen);
      const tls = await readServingCertificateFlags(flags);
      const tokens = parseTokenFile(
        await readTextFile(flags.tokenFile, { what: '--token-file' }),
        flags.tokenFile,
      );
      const keyring =
        flags.keyring === undefined
          ? undefined
          : await loadKeyring(
              await Promise.all(
                flags.keyring.map(async (f) => ({
                  name: f,
                  data: await readCliFile(f, 'keyring'),
                })),
              ),
            );
      const server = await startLookasideServer({
        storage: flags.storage,
        tokens,
        host,
        port,
        ...(keyring === undefined ? {} : { keyring }),
        ...(flags.maxSignatureBytes === undefined
          ? {}
          : { maxSignatureBytes: flags.maxSignatureBytes }),
        ...(tls === undefined ? {} : { tls }),
        ...(flags.maxConnections === undefined
          ? {}
          : { limits: { maxConnections: flags.maxConnections } }),
        log: (line) => context.console.err(line),
      });
      context.console.err(
        `signet lookaside server listening on ${server.url} (storage: ${flags.storage}, ${tokens.count} upload token(s)` +
          `${keyring === undefined ? '' : `, ${keyring.fingerprints.length} trusted key(s)`})`,
      );
      if (tls === undefined && !isLoopbackHost(host)) {
        context.console.err(
          'warning: serving plain HTTP beyond loopback; upload tokens cross the network in clear (use --tls-cert and --tls-key)',
        );
      }
      const signal = await untilSignalled();
      context.console.err(`received ${signal}, stopping`);
      await server.close();
    });
}
