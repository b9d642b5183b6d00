/**
 * Flags `signet attest` shares with `attest-blob`: the layout (`--layout`, cosign's
 * `--new-bundle-format`) and the log to record in (`--tlog-url`, `--rekor-url`,
 * SIGNET_TLOG_URL, unless `--tlog-upload=false`), chosen as `signet sign` chooses them.
 */
import type { SignatureLayout } from '../../signing/index.js';
import { cliError } from '../errors.js';
import type { OutputOptions, RegistryFlags } from '../options.js';
import type { CosignFlags } from '../signing/cosign-flags.js';
import { tlogUrlFlag } from '../signing/cosign-flags.js';
import type { TlogCredentialFlags } from '../signing/signing-options.js';
import { tlogUrlFrom } from '../tlog/log-access.js';
import type { ProvenanceFlags } from './provenance-options.js';

export interface AttestOptions
  extends OutputOptions, RegistryFlags, CosignFlags, TlogCredentialFlags, ProvenanceFlags {
  key?: string;
  predicate?: string;
  type?: string;
  statement?: string;
  provenance?: boolean;
  annotation?: Record<string, string>;
  replace?: boolean;
  signatureRepository?: string;
  layout?: string;
  tlogUrl?: string;
  rekorEntryType?: string;
}

export function attestLayoutFrom(
  options: Pick<AttestOptions, 'layout' | 'newBundleFormat'>,
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

export function attestLogUrl(
  options: Pick<AttestOptions, 'tlogUrl' | 'rekorUrl' | 'tlogUpload'> & CosignFlags,
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
