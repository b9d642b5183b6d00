/**
 * Which transparency logs `signet verify` trusts: `--tlog-key FILE` (repeatable), the logs
 * of cosign's `--trusted-root FILE`, or, without either, the key `--tlog-url` (cosign:
 * `--rekor-url`) serves, fetched once with a warning. cosign's `--insecure-ignore-tlog`
 * turns the check off.
 */
import type { KeyObject } from 'node:crypto';
import type { TlogTrust, WindowedLogKey } from '../../signing/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { loadLogKey, logKeyFor, openLog } from '../tlog/log-access.js';
import { trustedRootLogKeys } from './trusted-root-logs.js';

export interface TlogTrustFlags {
  readonly tlogKey?: readonly string[];
  readonly tlogUrl?: string;
  readonly trustedRoot?: string;
  readonly tlogRequired?: boolean;
  readonly insecureIgnoreTlog?: boolean;
}

export async function tlogTrustFrom(
  context: CliContext,
  flags: TlogTrustFlags,
): Promise<TlogTrust | undefined> {
  const files = flags.tlogKey ?? [];
  if (flags.insecureIgnoreTlog === true) {
    if (flags.tlogRequired === true)
      throw cliError(
        'CLI_USAGE',
        '--insecure-ignore-tlog and --tlog-required contradict each other',
      );
    return undefined;
  }
  if (files.length === 0 && flags.trustedRoot === undefined && flags.tlogUrl === undefined) {
    if (flags.tlogRequired === true)
      throw cliError(
        'CLI_USAGE',
        '--tlog-required needs the log key: --tlog-key FILE, --trusted-root FILE (or --tlog-url)',
      );
    return undefined;
  }
  const keys: (KeyObject | WindowedLogKey)[] = await Promise.all(
    files.map((file) => loadLogKey(file)),
  );
  if (flags.trustedRoot !== undefined) keys.push(...(await trustedRootLogKeys(flags.trustedRoot)));
  if (keys.length === 0) {
    const log = openLog(flags.tlogUrl!);
    try {
      keys.push(await logKeyFor(context, undefined, log));
    } finally {
      await log.close();
    }
  }
  return { keys, required: flags.tlogRequired === true };
}
