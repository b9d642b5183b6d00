/**
 * How `signet sign`, `signet attest` and `attest-blob` choose the signature layout and the
 * transparency log to record in; one place, so that the commands cannot read the same
 * flags differently.
 */
import type { SignatureLayout } from '../../signing/index.js';
import { cliError } from '../errors.js';
import { tlogUrlFrom } from '../tlog/log-access.js';
import { tlogUrlFlag, type CosignFlags } from './cosign-flags.js';

/**
 * `--layout`, else cosign's `--new-bundle-format` (true: bundle), else legacy: what every
 * cosign-compatible verifier reads today (cosign v3 verifies it too).
 */
export function signatureLayoutFrom(
  options: { layout?: string } & Pick<CosignFlags, 'newBundleFormat'>,
): SignatureLayout {
  if (options.layout !== undefined) {
    if (options.layout !== 'legacy' && options.layout !== 'bundle')
      throw cliError('CLI_USAGE', `--layout must be legacy or bundle, got "${options.layout}"`);
    if (
      options.newBundleFormat !== undefined &&
      options.newBundleFormat !== (options.layout === 'bundle')
    )
      throw cliError('CLI_USAGE', `--layout ${options.layout} contradicts --new-bundle-format`);
    return options.layout;
  }
  return options.newBundleFormat === true ? 'bundle' : 'legacy';
}

/** The log to record in: `--tlog-url`/`--rekor-url`/SIGNET_TLOG_URL, unless `--tlog-upload=false`. */
export function signingLogUrl(
  options: { tlogUrl?: string } & CosignFlags,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const url = tlogUrlFrom(tlogUrlFlag(options.tlogUrl, options), env);
  if (options.tlogUpload === false) return undefined;
  if (options.tlogUpload === true && url === undefined)
    throw cliError(
      'CLI_USAGE',
      '--tlog-upload: Signet has no default transparency log; give it with --tlog-url (or --rekor-url)',
    );
  return url;
}
