/**
 * How commands reach a transparency log and decide which key to trust it with:
 * `--tlog-url` (else SIGNET_TLOG_URL) and `--tlog-key FILE`. A key fetched from the log
 * itself (`--tlog-url` without `--tlog-key`) proves nothing about the log, so it is used
 * only where the command says so, and its fingerprint is always printed for comparison
 * with the one the log operator publishes.
 */
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { RekorClient, logKeyFingerprint, parseLogPublicKey } from '../../tlog/client/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';

export const TLOG_URL_ENV = 'SIGNET_TLOG_URL';

/** The log URL from the flag or the environment, or undefined when neither is set. */
export function tlogUrlFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const value = flag ?? env[TLOG_URL_ENV];
  return value === undefined || value === '' ? undefined : value;
}

export function requireTlogUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const url = tlogUrlFrom(flag, env);
  if (url === undefined)
    throw cliError(
      'CLI_USAGE',
      `give the transparency log with --tlog-url URL (or ${TLOG_URL_ENV})`,
    );
  return url;
}

export function openLog(url: string): RekorClient {
  return new RekorClient(url);
}

/** Reads `--tlog-key FILE`. */
export async function loadLogKey(path: string): Promise<KeyObject> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw cliError(
      'CLI_FILE_UNREADABLE',
      `cannot read the log key ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return parseLogPublicKey(text, path);
}

/**
 * The key to verify with: the file when given (preferred), else the log's own key,
 * fetched once, with a warning naming its fingerprint: it only detects tampering after
 * this moment, not a log that lies from the start.
 */
export async function logKeyFor(
  context: CliContext,
  keyFile: string | undefined,
  client: RekorClient | undefined,
): Promise<KeyObject> {
  if (keyFile !== undefined) return loadLogKey(keyFile);
  if (client === undefined)
    throw cliError(
      'CLI_USAGE',
      'give the log public key with --tlog-key FILE (or --tlog-url to fetch it)',
    );
  const key = parseLogPublicKey(await client.publicKeyPem(), `the key served by ${client.url}`);
  context.console.err(
    `warning: trusting the key served by ${client.url} itself (log ID ${logKeyFingerprint(key)}); compare it with the log operator's published log ID, and pass it with --tlog-key next time`,
  );
  return key;
}
